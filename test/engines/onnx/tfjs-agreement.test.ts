/**
 * The ONNX engine against the tfjs engine, on the same spec and params (random weights AND random
 * BatchNorm statistics): logits and input gradients, for all three architectures at odd and even
 * sizes (odd sizes exercise ConvTranspose's output_padding), for a batch of 5 and of 1.
 */
import { describe, test, before } from 'node:test';
import assert from 'node:assert/strict';
import { OnnxClassifier } from '../../../src/engines/onnx/index.js';
import { TfjsClassifier, initBackend } from '../../../src/engines/tfjs/index.js';
import { buildModelSpec } from '../../../src/models/index.js';
import { maxAbs, maxAbsDiff, signAgreement } from '../../helpers/arrays.js';
import { assertGradientsAgree } from '../../helpers/gradients.js';
import { sliceBatch } from '../../helpers/linear-classifier.js';
import { onnxSkipReason } from './available.js';
import { ODD_SIZE_CASES, randomLabels, randomParams, smoothImages } from './helpers.js';

const NUM_CLASSES = 7;
const CASES = ODD_SIZE_CASES;

const skip = await onnxSkipReason();

function assertLogitsClose(actual: Float32Array, expected: Float32Array, what: string): void {
  const tolerance = 1e-4 * Math.max(1, maxAbs(expected));
  const diff = maxAbsDiff(actual, expected);
  assert.ok(diff <= tolerance, `${what}: logits differ by ${diff} > ${tolerance}`);
}

describe('ONNX engine agrees with the tfjs engine', { skip }, () => {
  before(async () => {
    await initBackend();
  });

  for (const { architecture, size } of CASES) {
    test(`${architecture} at ${size} px: logits and input gradients, batch of 5 and of 1`, async (t) => {
      const spec = buildModelSpec(architecture, { numClasses: NUM_CLASSES, inputSize: size });
      const params = randomParams(spec, 5);
      const onnx = await OnnxClassifier.create(spec, params);
      const tfjs = TfjsClassifier.fromParams(spec, params);
      try {
        assert.equal(onnx.engine, 'onnxruntime');
        const batch = smoothImages(5, size, 7);
        const labels = randomLabels(5, NUM_CLASSES, 7);

        const tfjsLogits = await tfjs.logits(batch);
        const logits = await onnx.logits(batch);
        assertLogitsClose(logits, tfjsLogits, 'forward');

        const expected = await tfjs.lossGradient(batch, labels);
        const actual = await onnx.lossGradient(batch, labels);
        assertLogitsClose(actual.logits, tfjsLogits, 'gradient pass');
        const { errors, steadySigns } = assertGradientsAgree(actual.gradient, expected.gradient, batch.count);

        // One sample alone gives what it got inside the batch: samples do not interact.
        const single = sliceBatch(batch, 2, 3);
        const alone = await onnx.lossGradient(single, labels.subarray(2, 3));
        assertLogitsClose(alone.logits, logits.subarray(2 * NUM_CLASSES, 3 * NUM_CLASSES), 'batch of 1');
        const inBatch = actual.gradient.subarray(2 * single.pixels.length, 3 * single.pixels.length);
        assert.ok(maxAbsDiff(alone.gradient, inBatch) <= 1e-4 * maxAbs(inBatch), `batch-of-1 gradient differs from the same sample in a batch of 5 by ${maxAbsDiff(alone.gradient, inBatch)}`);
        assertLogitsClose(await onnx.logits(single), alone.logits, 'batch of 1, forward');

        t.diagnostic(
          `${architecture}: logits max|diff| ${maxAbsDiff(logits, tfjsLogits).toExponential(2)} (max|logit| ${maxAbs(tfjsLogits).toFixed(2)}), ` +
            `gradient max|diff| ${maxAbsDiff(actual.gradient, expected.gradient).toExponential(2)} (max ${maxAbs(expected.gradient).toExponential(2)}), ` +
            `per-sample relative L2 errors ${errors.map((e) => e.toExponential(1)).join(' ')}, signs ${(signAgreement(actual.gradient, expected.gradient) * 100).toFixed(4)}% ` +
            `(${(steadySigns * 100).toFixed(4)}% on samples agreeing to rounding)`,
        );
      } finally {
        onnx.dispose();
        tfjs.dispose();
      }
    });
  }

  test('without BatchNorm folding the graphs agree too (BN as a per-channel scale and shift)', async () => {
    const spec = buildModelSpec('resnet18', { numClasses: NUM_CLASSES, inputSize: 32 });
    const params = randomParams(spec, 6);
    const folded = await OnnxClassifier.create(spec, params);
    const unfolded = await OnnxClassifier.create(spec, params, { foldBatchNorm: false });
    const tfjs = TfjsClassifier.fromParams(spec, params);
    try {
      const batch = smoothImages(3, 32, 8);
      const labels = randomLabels(3, NUM_CLASSES, 8);
      const expected = await tfjs.lossGradient(batch, labels);
      for (const model of [folded, unfolded]) {
        const actual = await model.lossGradient(batch, labels);
        assertLogitsClose(actual.logits, expected.logits, 'logits');
        assertGradientsAgree(actual.gradient, expected.gradient, batch.count);
      }
    } finally {
      folded.dispose();
      unfolded.dispose();
      tfjs.dispose();
    }
  });
});
