/**
 * The notebook's model cell without Jupyter: our weights and an original-style .pth both load,
 * weights that do not fit the chosen model stop with a message saying what to change, and a .pth
 * (which records no split) asks for test_split instead of silently attacking training images.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadFaceDataset } from '../../src/data/index.js';
import { loadModelWeights, writePthFile } from '../../src/weights/index.js';
import { NotebookSetupError, loadNotebookModel } from '../../src/notebook/index.js';
import { drawTinyFaces } from '../cli/helpers.js';

const WEIGHTS = 'models/resnet18_sample_faces.json';
const DATA = 'data/sample_faces';
const skip = existsSync(WEIGHTS) && existsSync(DATA) ? false : `needs the bundled ${WEIGHTS} and ${DATA}`;

test('the bundled weights load with their recorded test split', { skip, timeout: 120_000 }, async () => {
  const dataset = await loadFaceDataset(DATA);
  const model = await loadNotebookModel({ modelName: 'resnet18', weights: WEIGHTS, dataset });
  try {
    assert.equal(model.label, 'resnet18');
    assert.equal(model.classNames.length, dataset.classNames.length);
    assert.match(model.testDescription, /^parte de prueba de models\/resnet18_sample_faces\.split\.json \(la partición registrada con los pesos\): \d+ imágenes$/);
    assert.ok(model.testEntries.length > 0 && model.testEntries.length < dataset.entries.length);
  } finally {
    model.classifier.dispose();
  }
});

test('weights for another architecture stop with a message naming the cell and the fix', { skip, timeout: 120_000 }, async () => {
  const dataset = await loadFaceDataset(DATA);
  await assert.rejects(loadNotebookModel({ modelName: 'resnet101', weights: WEIGHTS, dataset }), (error: Error) => {
    assert.ok(error instanceof NotebookSetupError);
    assert.equal(error.message, "Los pesos models/resnet18_sample_faces.json son de un modelo resnet18, no resnet101. En la celda del modelo deje sin comentar const model_name = 'resnet18'; o ponga en pretrained_model unos pesos de resnet101.");
    return true;
  });
  await assert.rejects(loadNotebookModel({ modelName: 'resnet18', weights: 'models/no_such_file.json', dataset }), /pretrained_model = 'models\/no_such_file\.json'.*Detalle: .*not found/s);
  await assert.rejects(loadNotebookModel({ modelName: 'resnet50', weights: WEIGHTS, dataset }), /model_name debe ser uno de resnet18, resnet101, custom_resnet/);
});

test('an original-style .pth loads, once test_split says which images to attack', { skip, timeout: 180_000 }, async () => {
  const dataset = await loadFaceDataset(DATA);
  const dir = await mkdtemp(join(tmpdir(), 'fgsm-nb-pth-'));
  try {
    const pth = join(dir, 'resnet18.pth');
    await writePthFile(pth, (await loadModelWeights(WEIGHTS)).params);
    await assert.rejects(loadNotebookModel({ modelName: 'resnet18', weights: pth, dataset }), (error: Error) => {
      assert.ok(error instanceof NotebookSetupError);
      assert.match(error.message, /test_split = 'all'/);
      return true;
    });
    const model = await loadNotebookModel({ modelName: 'resnet18', weights: pth, dataset, split: 'all', limit: 24 });
    try {
      assert.equal(model.format, 'pth');
      assert.equal(model.testEntries.length, 24);
      assert.match(model.testDescription, /todas las imágenes de .*\(test_split = 'all'\): 576 imágenes, limitadas a 24/);
    } finally {
      model.classifier.dispose();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('weights trained on other people (the sample models with other data) stop with one Spanish message saying what to do', { skip, timeout: 120_000 }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'fgsm-nb-people-'));
  try {
    await drawTinyFaces(dir, { people: 3, perPerson: 2, size: 32 });
    const dataset = await loadFaceDataset(dir);
    await assert.rejects(loadNotebookModel({ modelName: 'resnet18', weights: WEIGHTS, dataset }), (error: Error) => {
      assert.ok(error instanceof NotebookSetupError);
      assert.match(error.message, /se entrenaron con otras personas \(12, las de data\/sample_faces\) que las de .* \(3\)/);
      assert.match(error.message, /data_dir = 'data\/sample_faces'/);
      assert.match(error.message, /npm run train -- --model resnet18 --data /);
      assert.doesNotMatch(error.message, /Detalle|test_split = 'all'/, 'one message, not a missing split');
      return true;
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
