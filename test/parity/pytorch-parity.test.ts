/**
 * PyTorch parity: random weights AND random BatchNorm statistics saved by PyTorch as .pth load
 * unchanged, and logits, input gradients and FGSM images match PyTorch's for all three architectures.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { TfjsClassifier, initBackend } from '../../src/engines/tfjs/index.js';
import { pytorchMissingReason } from '../../scripts/pytorch-reference.js';
import { assertMatchesTorch, makeTorchReference } from '../helpers/torch-parity.js';

const skip = pytorchMissingReason();

describe('PyTorch parity (tfjs engine)', { skip }, () => {
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fgsm-parity-'));
    await initBackend();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const architecture of ['resnet18', 'custom_resnet', 'resnet101'] as const) {
    test(`PyTorch parity: ${architecture} logits, input gradient and FGSM images`, async (t) => {
      const reference = await makeTorchReference(dir, architecture, { numClasses: 7, inputSize: 64, batch: 3, eps: 0.01 });
      const model = TfjsClassifier.fromParams(reference.spec, reference.params);
      const tensorsBefore = tf.memory().numTensors;
      try {
        t.diagnostic(await assertMatchesTorch(model, reference));
        assert.equal(tf.memory().numTensors, tensorsBefore, 'tensors leaked');
      } finally {
        model.dispose();
      }
    });
  }
});
