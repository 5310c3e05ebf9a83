/**
 * The second notebook (notebooks/Verificacion_facial.ipynb) end to end: executed by Jupyter with
 * the fgsm-faces tslab kernel, every cell runs, every chart carries a PNG and speaks Spanish, the
 * faces grid and the generated analysis are there; and the committed copy carries its outputs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { REPO_ROOT, describeFailures, executeNotebook, exportHtml } from '../../scripts/notebook-jupyter.js';
import { NO_CHROMIUM, NO_JUPYTER, chromiumPath, jupyter } from './requirements.js';
import { chartOutputs, isPng, joined, readNotebook } from './notebook-file.js';
import { englishInCharts } from './chart-words.js';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';

const NOTEBOOK = join('notebooks', 'Verificacion_facial.ipynb');

test('the committed verification notebook carries the outputs of every code cell', () => {
  const saved = readNotebook(join(REPO_ROOT, NOTEBOOK));
  const code = saved.cells.filter((c) => c.cell_type === 'code');
  assert.ok(code.length >= 6);
  for (const cell of code) assert.ok((cell.outputs ?? []).length > 0, `cell ${cell.id} has outputs`);
  assert.ok(chartOutputs(saved).length >= 4, 'ROC, two success curves and the matrix');
  const physical = saved.cells.find((c) => c.id === 'ataques-fisicos-codigo');
  assert.ok(physical?.outputs?.some((o) => o.data?.['image/png']), 'the eyeglass gallery is saved too');
});

test('the verification notebook runs in Jupyter: every cell, Spanish charts with PNGs, the faces grid, the analysis', { skip: jupyter ? false : NO_JUPYTER, timeout: 40 * 60_000 }, async (t) => {
  const started = performance.now();
  // The first cell runs the whole study (digital attacks, frames, transfer): ~6 min alone on 2 cores,
  // over 15 when other notebook tests share the cores.
  const { report, output } = executeNotebook({ jupyter, notebook: NOTEBOOK, cellTimeout: 1800 });
  t.diagnostic(`executed in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  assert.ok(report.ok, `the notebook failed:\n${describeFailures(report)}`);
  const executed = readNotebook(output);
  const outputs = executed.cells.flatMap((c) => (c.outputs ?? []).map((o) => ({ id: c.id, o })));
  assert.deepEqual(outputs.filter(({ o }) => o.output_type === 'error' || o.name === 'stderr').map(({ id, o }) => `${id}: ${joined(o.text)}`), [], 'no error and nothing on stderr');
  const charts = chartOutputs(executed);
  assert.ok(charts.length >= 4, `${charts.length} charts`);
  if (chromiumPath) for (const chart of charts) assert.ok(chart.png && isPng(chart.png), `chart in ${chart.cellId} has a PNG`);
  const faces = outputs.find(({ id, o }) => id === 'verificacion-caras' && o.data?.['image/png']);
  assert.ok(faces, 'the faces grid is shown');
  const analysis = outputs.map(({ o }) => joined(o.data?.['text/markdown'])).find((text) => text.includes('Evasión'));
  assert.ok(analysis && /pares genuinos/.test(analysis) && /\d+,\d %/.test(analysis), 'the analysis is generated in Spanish from the numbers');
  // The physical attacks: the table (optimised against random colour), a gallery per threat, a paragraph of the analysis.
  const physical = outputs.filter(({ id }) => id === 'ataques-fisicos-codigo').map(({ o }) => o);
  assert.ok(physical.some((o) => /montura de gafas/.test(joined(o.data?.['text/html'])) && /color aleatorio, misma forma/.test(joined(o.data?.['text/html']))), 'the table of the eyeglass attack');
  assert.equal(physical.filter((o) => o.data?.['image/png']).length, 2, 'a gallery for dodging and one for impersonation');
  assert.match(analysis, /La región «montura de gafas» cubre el \d+,\d % de la imagen del rostro/);
  // Transfer: the two heatmaps (dodging, impersonation) and a paragraph per threat.
  assert.equal(charts.filter((chart) => chart.cellId === 'transferencia-codigo').length, 2, 'a transfer heatmap per threat');
  assert.match(analysis, /Transferencia, evasión: /);
  assert.match(analysis, /Transferencia, suplantación: /);

  await t.test('no chart shows an English word', { skip: chromiumPath ? false : NO_CHROMIUM }, async () => {
    const html = join(mkdtempSync(join(tmpdir(), 'fgsm-faces-verif-')), 'report.html');
    exportHtml(output, html, jupyter);
    assert.deepEqual(await englishInCharts(readFileSync(html, 'utf8'), 'the verification notebook'), []);
  });
});
