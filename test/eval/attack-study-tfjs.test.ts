import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { bimAttack, fgsmAttack, pgdAttack, randomSignNoise } from '../../src/attacks/index.js';
import { TfjsClassifier, initBackend } from '../../src/engines/tfjs/index.js';
import { argmaxRow, runAttackStudy } from '../../src/eval/index.js';
import { buildModelSpec, initParams } from '../../src/models/index.js';
import { randomImages, sliceBatch } from '../helpers/linear-classifier.js';

const SIZE = 32;
before(async () => {
  // Whatever tfjs backend this machine picks (wasm here): the leak check holds on every backend.
  await initBackend({ log: () => {} });
});

test('an attack study on a tiny tfjs ResNet leaks no tensor, and PGD-1 equals FGSM there too', async () => {
  const spec = buildModelSpec('resnet18', { numClasses: 3, inputSize: SIZE });
  const model = TfjsClassifier.fromParams(spec, initParams(spec, 5));
  try {
    const images = randomImages(4, SIZE, 9);
    const clean = await model.logits(images);
    const labels = Int32Array.from({ length: 4 }, (_, n) => argmaxRow(clean, n, 3));
    const before = tf.memory().numTensors;
    const study = await runAttackStudy(model, [
      { batch: sliceBatch(images, 0, 2), labels: labels.slice(0, 2) },
      { batch: sliceBatch(images, 2, 4), labels: labels.slice(2, 4) },
    ], {
      attacks: [fgsmAttack(), fgsmAttack({ target: 'next' }), bimAttack({ steps: 1 }), pgdAttack({ steps: 1, restarts: 2 }), randomSignNoise()],
      epsilons: ['4/255'],
      quantise: true,
      labels: 'predicted',
    });
    assert.equal(tf.memory().numTensors, before, 'tensors leaked by the attack study');
    assert.equal(study.clean.accuracy.count, 4);
    assert.ok(study.sanity.filter((c) => c.name !== 'pgd-at-least-fgsm').every((c) => c.ok), JSON.stringify(study.sanity));
    const fgsm = await fgsmAttack({ epsilon: 0.01 }).run(model, images, labels);
    const pgd = await pgdAttack({ epsilon: 0.01, steps: 1, stepSize: 0.01, randomStart: false }).run(model, images, labels);
    assert.deepEqual(pgd.adversarial.pixels, fgsm.adversarial.pixels);
  } finally {
    model.dispose();
  }
});
