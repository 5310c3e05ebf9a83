/**
 * The whole pipeline on REAL faces (ORL database, greyscale, 40 people): train resnet18 at 64 px
 * for a few epochs, then attack its held-out test split with FGSM.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { buildModelSpec, carveValidation, initBackend, initParams, loadFaceDataset, loadImageSet, runFgsmSweep, TfjsClassifier, trainClassifier } from '../../src/index.js';

const ORL = resolve('..', 'shared', 'datasets', 'orl_faces');
const SIZE = 64;

test('ORL faces: a few epochs of resnet18 recognise real faces, and FGSM at eps 0.1 collapses it', { skip: existsSync(ORL) ? undefined : `reference faces not found at ${ORL} (they sit next to the checkout in CI)` }, async (t) => {
  await initBackend();
  const dataset = await loadFaceDataset(ORL);
  const split = dataset.split({ seed: 0 });
  const { train, validation } = carveValidation(split.train, { seed: 0, fraction: 0.125 });
  const [trainSet, validationSet] = await Promise.all([train, validation].map((entries) => loadImageSet(entries, { inputSize: SIZE })));
  const spec = buildModelSpec('resnet18', { numClasses: dataset.classNames.length, inputSize: SIZE });
  const trained = await trainClassifier({
    spec, initialParams: initParams(spec, 0), train: trainSet!, validation: validationSet!,
    epochs: 5, batchSize: 16, learningRate: 1e-3, lrDecay: 0.7, augmentShift: 2, seed: 0,
  });
  const model = TfjsClassifier.fromParams(spec, trained.bestParams!);
  const tensorsBefore = tf.memory().numTensors;
  try {
    const { results } = await runFgsmSweep(model, dataset.batches(split.test, { batchSize: 40, inputSize: SIZE }), { epsilons: [0, 0.01, 0.1] });
    assert.equal(tf.memory().numTensors, tensorsBefore);
    const [clean, small, large] = results.epsilons;
    t.diagnostic(`ORL (40 people, ${results.total} test faces, chance 2.5%): clean ${(clean!.accuracy * 100).toFixed(1)}%, eps 0.01 ${(small!.accuracy * 100).toFixed(1)}%, eps 0.1 ${(large!.accuracy * 100).toFixed(1)}%`);
    assert.equal(results.total, 80);
    assert.ok(clean!.accuracy >= 0.5, `clean accuracy ${clean!.accuracy} is not well above chance (0.025)`);
    assert.ok(large!.accuracy <= clean!.accuracy / 4, `accuracy at eps 0.1 (${large!.accuracy}) is not far below clean (${clean!.accuracy})`);
    assert.ok(small!.accuracy <= clean!.accuracy);
  } finally {
    model.dispose();
  }
});
