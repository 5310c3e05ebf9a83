/**
 * The committed notebook as a GitHub reader gets it: it mirrors the original's cells (model
 * choice, epsilons), carries saved outputs, and every chart has a static PNG next to its
 * interactive HTML, since GitHub's viewer runs no JavaScript. No Jupyter needed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { NOTEBOOK, REPO_ROOT } from '../../scripts/notebook-jupyter.js';
import { chartOutputs, chartTitles, isPng, joined, readNotebook } from './notebook-file.js';

const path = join(REPO_ROOT, NOTEBOOK);
const notebook = readNotebook(path);
const REFRESH = 'refresh the saved outputs with `npm run notebook:refresh`';

test('the notebook runs on the fgsm-faces kernel', () => {
  assert.equal(notebook.metadata.kernelspec?.name, 'fgsm-faces');
});

test('the model cell is the original\'s: three model lines, two commented out, then pretrained_model', () => {
  const cell = notebook.cells.find((c) => joined(c.source).includes('pretrained_model ='));
  assert.ok(cell, 'a cell sets pretrained_model');
  const lines = joined(cell.source).split('\n');
  const modelLines = lines.filter((l) => /^\s*(\/\/\s*)?const model_name = '/.test(l));
  assert.equal(modelLines.length, 3, 'three model_name lines');
  assert.equal(modelLines.filter((l) => /^\s*\/\//.test(l)).length, 2, 'two of them commented out');
  const last = lines.indexOf(modelLines[2]!);
  assert.match(lines[last + 1]!, /^const pretrained_model = /, 'pretrained_model right below');
});

test('the epsilons are the original study\'s', () => {
  const cell = notebook.cells.find((c) => joined(c.source).includes('const epsilons ='));
  assert.equal(joined(cell?.source).trim(), 'const epsilons = [0, 0.0001, 0.001, 0.005, 0.007, 0.01, 0.1, 0.3, 0.5, 1];');
});

test('the saved notebook has outputs, no errors, and a static image fallback for every chart', () => {
  const codeCells = notebook.cells.filter((c) => c.cell_type === 'code');
  assert.ok(codeCells.every((c) => typeof c.execution_count === 'number'), `every code cell has been run: ${REFRESH}`);
  const charts = chartOutputs(notebook);
  assert.ok(charts.length >= 4, `at least 4 charts saved (found ${charts.length}): ${REFRESH}`);
  for (const [i, chart] of charts.entries()) {
    assert.ok(chart.png !== undefined && isPng(chart.png), `chart "${chartTitles(notebook)[i]}" has an image/png next to its HTML: ${REFRESH} on a machine with Chromium`);
  }
  const errors = notebook.cells.flatMap((c) => (c.outputs ?? []).filter((o) => o.output_type === 'error' || (o.name === 'stderr' && /Error/.test(joined(o.text)))));
  assert.deepEqual(errors, [], 'no saved error output');
  // plotly.js is embedded once, not per chart.
  const loaders = notebook.cells.flatMap((c) => (c.outputs ?? []).filter((o) => joined(o.data?.['text/html']).includes('fgsm-plotly-loader')));
  assert.equal(loaders.length, 1, 'plotly.js embedded exactly once');
  assert.ok(statSync(path).size < 10e6, 'the notebook stays under 10 MB');
});
