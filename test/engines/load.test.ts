import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { loadClassifier } from '../../src/engines/index.js';
import { onnxAvailable } from '../../src/engines/onnx/index.js';
import { TfjsClassifier, initBackend } from '../../src/engines/tfjs/index.js';
import { argmaxRow, runFgsmSweep } from '../../src/eval/index.js';
import { buildModelSpec, initParams } from '../../src/models/index.js';
import { saveWeights, writePthFile } from '../../src/weights/index.js';
import { randomImages, sliceBatch } from '../helpers/linear-classifier.js';

const SIZE = 32;
let dir: string;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fgsm-load-'));
  await initBackend();
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('our weights format and .pth both load into the same classifier, with metadata', async () => {
  const spec = buildModelSpec('resnet18', { numClasses: 4, inputSize: SIZE });
  const params = initParams(spec, 3);
  const classNames = ['Ana', 'Bo', 'Cy', 'Di'];
  await saveWeights(join(dir, 'r18.json'), params, { architecture: 'resnet18', numClasses: 4, inputSize: SIZE, normalization: spec.normalization, classNames });
  await writePthFile(join(dir, 'r18.pth'), params);
  const images = randomImages(3, SIZE);

  const direct = TfjsClassifier.fromParams(spec, params);
  const ours = await loadClassifier({ weights: join(dir, 'r18.json'), backend: 'wasm' });
  const pth = await loadClassifier({ model: 'resnet18', weights: join(dir, 'r18.pth'), inputSize: SIZE, backend: 'wasm' });
  try {
    assert.deepEqual(ours.metadata?.classNames, classNames);
    assert.equal(ours.spec.inputSize, SIZE);
    assert.equal(pth.spec.numClasses, 4, 'class count read from fc.weight');
    const expected = await direct.logits(images);
    assert.deepEqual(await ours.classifier.logits(images), expected);
    assert.deepEqual(await pth.classifier.logits(images), expected);
    const guessed = await loadClassifier({ weights: join(dir, 'r18.pth'), inputSize: SIZE });
    assert.match(guessed.notes.join('\n'), /model: resnet18 \(read from the weights\)/);
    // The default engine is ONNX Runtime when it loads: same predictions, float32 rounding apart.
    if ((await onnxAvailable()) === true) {
      assert.equal(guessed.classifier.engine, 'onnxruntime');
      const logits = await guessed.classifier.logits(images);
      assert.ok(logits.every((v, i) => Math.abs(v - expected[i]!) <= 1e-4 * Math.max(1, Math.abs(expected[i]!))), 'ONNX logits match tfjs');
    }
    guessed.classifier.dispose();
  } finally {
    direct.dispose();
    ours.classifier.dispose();
    pth.classifier.dispose();
  }
});

test('weights that do not fit the chosen model fail with a readable guess', async () => {
  const spec = buildModelSpec('resnet18', { numClasses: 4, inputSize: SIZE });
  await writePthFile(join(dir, 'other.pth'), initParams(spec, 1));
  await assert.rejects(loadClassifier({ model: 'resnet101', weights: join(dir, 'other.pth') }), /look like resnet18 with 4 classes/);
  await assert.rejects(loadClassifier({ model: 'resnet18', numClasses: 31, weights: join(dir, 'other.pth') }), /set numClasses to 4/);
  await assert.rejects(loadClassifier({ model: 'vgg', weights: join(dir, 'other.pth') }), /Unknown model "vgg"/);
  await assert.rejects(loadClassifier({ model: 'resnet18', weights: join(dir, 'nope.pth') }), /nope\.pth.*not found/);
  await assert.rejects(loadClassifier({ model: 'resnet18', weights: join(dir, 'other.pth'), backend: 'gpu' as never }), /Invalid engine 'gpu' \(backend option\): choose one of auto, onnx, onnx-cuda, tensorflow, wasm, cpu/);
});

test('a tfjs sweep leaks no tensor and matches its own per-sample results', async () => {
  const spec = buildModelSpec('custom_resnet', { numClasses: 3, inputSize: SIZE });
  const model = TfjsClassifier.fromParams(spec, initParams(spec, 5));
  try {
    const images = randomImages(6, SIZE, 9);
    const clean = await model.logits(images);
    const labels = Int32Array.from({ length: 6 }, (_, n) => (n === 2 ? (argmaxRow(clean, n, 3) + 1) % 3 : argmaxRow(clean, n, 3)));
    const before = tf.memory().numTensors;
    const epsilons = [0, 0.001, 0.01, 0.1];
    const batched = await runFgsmSweep(model, [
      { batch: sliceBatch(images, 0, 4), labels: labels.slice(0, 4) },
      { batch: sliceBatch(images, 4, 6), labels: labels.slice(4, 6) },
    ], { epsilons });
    assert.equal(tf.memory().numTensors, before, 'tensors leaked by the sweep');
    const single = await runFgsmSweep(model, Array.from({ length: 6 }, (_, n) => ({ batch: sliceBatch(images, n, n + 1), labels: labels.slice(n, n + 1) })), { epsilons });
    assert.equal(batched.results.initiallyCorrect, 5);
    assert.deepEqual(batched.results.epsilons.map((e) => e.correct), single.results.epsilons.map((e) => e.correct));
    assert.equal(batched.results.epsilons[0]!.correct, 5);
  } finally {
    model.dispose();
  }
});
