/** createClassifierPreferringOnnx: ONNX when it runs, tfjs with the reason when it does not. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createClassifierPreferringOnnx } from '../../../src/engines/onnx/index.js';
import { buildModelSpec, initParams } from '../../../src/models/index.js';
import { onnxSkipReason } from './available.js';

const spec = buildModelSpec('resnet18', { numClasses: 3, inputSize: 32 });
const params = initParams(spec, 1);

test('falls back to tfjs, saying why, when onnxruntime-node cannot run', async () => {
  const { classifier, fallbackReason } = await createClassifierPreferringOnnx(spec, params, { probe: async () => 'onnxruntime-node cannot be loaded: no binary' });
  try {
    assert.match(classifier.engine, /^tfjs\//);
    assert.equal(fallbackReason, 'ONNX Runtime unavailable (onnxruntime-node cannot be loaded: no binary); using tfjs');
  } finally {
    classifier.dispose();
  }
});

test('uses ONNX Runtime when it runs', { skip: await onnxSkipReason() }, async () => {
  const { classifier, fallbackReason } = await createClassifierPreferringOnnx(spec, params, { threads: 1 });
  try {
    assert.equal(classifier.engine, 'onnxruntime');
    assert.equal(fallbackReason, undefined);
  } finally {
    classifier.dispose();
  }
});
