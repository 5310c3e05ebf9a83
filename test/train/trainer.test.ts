import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { loadFaceDataset, loadImageSet } from '../../src/data/index.js';
import { TfjsClassifier, initBackend } from '../../src/engines/tfjs/index.js';
import { loadClassifier } from '../../src/engines/index.js';
import { buildModelSpec, initParams } from '../../src/models/index.js';
import { trainClassifier } from '../../src/train/index.js';
import { saveWeights } from '../../src/weights/index.js';

const ORL = resolve('..', 'shared', 'datasets', 'orl_faces');
const SIZE = 32;
let dir: string;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fgsm-train-'));
  await initBackend();
});
after(() => rmSync(dir, { recursive: true, force: true }));

async function tinySets() {
  const dataset = await loadFaceDataset(ORL);
  const people = new Set(dataset.classNames.slice(0, 4));
  const entries = dataset.entries.filter((e) => people.has(e.name));
  const train = await loadImageSet(entries.filter((e) => !e.file.endsWith('_9.jpg')), { inputSize: SIZE });
  const validation = await loadImageSet(entries.filter((e) => e.file.endsWith('_9.jpg')), { inputSize: SIZE });
  return { train, validation, classNames: dataset.classNames.slice(0, 4) };
}

test('training lowers the loss and the best checkpoint reloads to identical predictions', { skip: existsSync(ORL) ? undefined : `reference faces not found at ${ORL}` }, async () => {
  const { train, validation, classNames } = await tinySets();
  const spec = buildModelSpec('resnet18', { numClasses: 4, inputSize: SIZE });
  const tensorsBefore = tf.memory().numTensors;
  const losses: number[] = [];
  let saved = '';
  const result = await trainClassifier({
    spec,
    initialParams: initParams(spec, 1),
    train,
    validation,
    epochs: 3,
    batchSize: 8,
    learningRate: 1e-3,
    lrDecay: 0.5,
    augmentShift: 1,
    seed: 4,
    onBatch: (p) => losses.push(p.loss),
    onBest: async (best, params) => {
      saved = join(dir, 'best.json');
      await saveWeights(saved, params, { architecture: 'resnet18', numClasses: 4, inputSize: SIZE, normalization: spec.normalization, classNames, extra: { epoch: best.epoch, valAccuracy: best.valAccuracy } });
    },
  });
  assert.equal(tf.memory().numTensors, tensorsBefore, 'training leaked tensors');
  assert.equal(result.history.length, 3);
  assert.equal(result.interrupted, false);
  const [first, , last] = result.history;
  assert.ok(last!.trainLoss < first!.trainLoss, `train loss ${first!.trainLoss} -> ${last!.trainLoss} did not go down`);
  assert.deepEqual(result.history.map((h) => h.learningRate), [1e-3, 5e-4, 2.5e-4]);
  assert.ok(result.bestParams && saved);

  const reloaded = await loadClassifier({ weights: saved, backend: 'wasm' });
  const direct = TfjsClassifier.fromParams(spec, result.bestParams);
  try {
    const images = { pixels: new Float32Array(validation.pixels.length).map((_, i) => validation.pixels[i]! / 255), count: validation.count, height: SIZE, width: SIZE };
    assert.deepEqual(await reloaded.classifier.logits(images), await direct.logits(images));
    assert.equal(reloaded.metadata?.extra?.epoch, result.best!.epoch);
  } finally {
    reloaded.classifier.dispose();
    direct.dispose();
  }
});

test('an aborted training stops at once and keeps what it had', { skip: existsSync(ORL) ? undefined : `reference faces not found at ${ORL}` }, async () => {
  const { train, validation } = await tinySets();
  const spec = buildModelSpec('resnet18', { numClasses: 4, inputSize: SIZE });
  const controller = new AbortController();
  const result = await trainClassifier({
    spec, initialParams: initParams(spec, 1), train, validation, epochs: 5, batchSize: 8, seed: 1, signal: controller.signal,
    onEpoch: () => controller.abort(),
  });
  assert.equal(result.interrupted, true);
  assert.equal(result.history.length, 1);
  assert.equal(result.best?.epoch, 1);
});
