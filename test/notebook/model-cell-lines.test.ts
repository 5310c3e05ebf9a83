/**
 * Every line of the model cell works as a student uses it: uncomment one `model_name` line (and
 * comment the others), run the notebook. For each line, the weights it names are in the checkout
 * (tracked by git, so a fresh clone has them), load through the notebook's model cell, and the
 * whole notebook runs in Jupyter with that choice (a few test faces per person, to stay quick),
 * its comparison reusing the sweep of the chosen model.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NOTEBOOK, REPO_ROOT, describeFailures, executeNotebook } from '../../scripts/notebook-jupyter.js';
import { loadFaceDataset } from '../../src/data/index.js';
import { loadNotebookModel } from '../../src/notebook/index.js';
import { weightsFilePaths } from '../../src/weights/index.js';
import { NO_JUPYTER, jupyter } from './requirements.js';
import { joined, readNotebook, type Notebook } from './notebook-file.js';

const notebook = readNotebook(join(REPO_ROOT, NOTEBOOK));
const cellIndex = notebook.cells.findIndex((c) => joined(c.source).includes('const pretrained_model ='));
const cellSource = joined(notebook.cells[cellIndex]?.source);
const MODEL_LINE = /^(\s*)(\/\/\s*)?const model_name = '([^']+)';/;
/** The model names of the cell's lines, in order. */
const choices = cellSource.split('\n').flatMap((line) => MODEL_LINE.exec(line)?.[3] ?? []);

/** The cell with line `chosen` uncommented and every other model line commented out; `limit` set. */
function cellFor(chosen: string, limit: number): string {
  return cellSource
    .split('\n')
    .map((line) => {
      const match = MODEL_LINE.exec(line);
      if (match) return `${match[1]}${match[3] === chosen ? '' : '// '}const model_name = '${match[3]}';`;
      return line.replace(/^const limit: number \| undefined = undefined;/, `const limit: number | undefined = ${limit};`);
    })
    .join('\n');
}

/** pretrained_model as the cell computes it: a template of model_name. */
function pretrainedModel(cell: string, modelName: string): string {
  const expression = /^const pretrained_model = (`[^`]*`|'[^']*');/m.exec(cell)?.[1];
  assert.ok(expression, 'the model cell sets pretrained_model to a string or a template of model_name');
  return expression.slice(1, -1).replace('${model_name}', modelName);
}

const tracked = (file: string): boolean => spawnSync('git', ['ls-files', '--error-unmatch', file], { cwd: REPO_ROOT, stdio: 'ignore' }).status === 0;

test('the model cell offers the original three models', () => {
  assert.deepEqual(choices, ['resnet18', 'resnet101', 'custom_resnet']);
  assert.match(cellSource, /^const limit: number \| undefined = undefined;/m, 'limit can be set in the model cell');
  assert.match(cellSource, /^const input_size: number \| undefined = undefined;/m, 'the input size can be set in the model cell');
});

for (const choice of choices) {
  test(`model cell, line '${choice}': its weights ship with the repository and load through the notebook's model cell`, { timeout: 120_000 }, async () => {
    const weights = pretrainedModel(cellFor(choice, 12), choice);
    const { manifestPath, binPath } = await weightsFilePaths(weights);
    for (const file of [manifestPath, binPath]) {
      assert.ok(existsSync(join(REPO_ROOT, file)), `${file} exists`);
      if (existsSync(join(REPO_ROOT, '.git'))) assert.ok(tracked(file), `${file} is committed, so a fresh clone has it`);
    }
    const dataset = await loadFaceDataset(join(REPO_ROOT, 'data', 'sample_faces'));
    const model = await loadNotebookModel({ modelName: choice, weights: join(REPO_ROOT, weights), dataset, limit: 12 });
    try {
      assert.equal(model.spec.architecture, choice);
      assert.equal(model.testEntries.length, 12);
      assert.match(model.testDescription, /parte de prueba de .*resnet18_sample_faces\.split\.json/, 'the three models share the resnet18 split');
    } finally {
      model.classifier.dispose();
    }
  });
}

test('the whole notebook runs in Jupyter with each line of the model cell', { skip: jupyter ? false : NO_JUPYTER, timeout: 20 * 60_000 }, async (t) => {
  const folder = mkdtempSync(join(tmpdir(), 'fgsm-faces-model-lines-'));
  try {
    for (const choice of choices) {
      const variant: Notebook = { ...notebook, cells: notebook.cells.map((cell, i) => (i === cellIndex ? { ...cell, source: cellFor(choice, 12) } : cell)) };
      const path = join(folder, `${choice}.ipynb`);
      writeFileSync(path, JSON.stringify(variant));
      const started = performance.now();
      const { report, output } = executeNotebook({ jupyter, notebook: path, output: join(folder, `${choice}.executed.ipynb`), cellTimeout: 600 });
      t.diagnostic(`${choice}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
      assert.ok(report.ok, `with model_name = '${choice}' the notebook failed:\n${describeFailures(report)}`);
      const executed = readNotebook(output);
      const text = executed.cells.flatMap((c) => (c.outputs ?? []).map((o) => joined(o.text) + joined(o.data?.['text/markdown']) + joined(o.data?.['text/plain']))).join('\n');
      assert.match(text, new RegExp(`✓ ${choice}: resultados ya calculados arriba`), `the comparison reuses the ${choice} sweep`);
      assert.match(text, new RegExp(`### Análisis de \`${choice}\``), 'the analysis reads the chosen model');
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
