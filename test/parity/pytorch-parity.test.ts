/**
 * PyTorch parity: random weights AND random BatchNorm statistics saved by PyTorch as .pth load
 * unchanged, and logits, input gradients and FGSM images match PyTorch's for all three architectures.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src/engines/tfjs/backend.js';
import { TfjsClassifier } from '../../src/engines/tfjs/model.js';
import { fgsmStep } from '../../src/attacks/fgsm.js';
import { buildModelSpec } from '../../src/models/zoo.js';
import { readPthFile } from '../../src/weights/pth.js';
import { matchParams } from '../../src/weights/strict.js';
import { pytorchMissingReason, runPython } from '../helpers/pytorch.js';
import { fractionClose, maxAbs, maxAbsDiff, readFloat32, readInt32, signAgreement } from '../helpers/arrays.js';

const SCRIPT = join('test', 'parity', 'torch_reference.py');
const INPUT_SIZE = 64;
const NUM_CLASSES = 7;
const BATCH = 3;
const EPS = 0.01;

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
      const out = mkdtempSync(join(dir, `${architecture}-`));
      runPython(SCRIPT, [architecture, String(NUM_CLASSES), String(INPUT_SIZE), String(BATCH), '11', String(EPS), out]);
      const meta = JSON.parse(readFileSync(join(out, 'meta.json'), 'utf8'));
      assert.equal(meta.arch, architecture);

      const spec = buildModelSpec(architecture, { numClasses: NUM_CLASSES, inputSize: INPUT_SIZE });
      const { tensors } = await readPthFile(join(out, 'weights.pth'));
      const model = TfjsClassifier.fromParams(spec, matchParams(spec, tensors));
      const tensorsBefore = tf.memory().numTensors;
      try {
        const batch = { pixels: readFloat32(join(out, 'images.f32')), count: BATCH, height: INPUT_SIZE, width: INPUT_SIZE };
        const labels = readInt32(join(out, 'labels.i32'));

        const torchLogits = readFloat32(join(out, 'logits.f32'));
        const tolerance = 1e-4 * Math.max(1, maxAbs(torchLogits));
        const logits = await model.logits(batch);
        assert.ok(maxAbsDiff(logits, torchLogits) <= tolerance, `logits differ by ${maxAbsDiff(logits, torchLogits)} > ${tolerance}`);

        const { logits: gradLogits, gradient } = await model.lossGradient(batch, labels);
        assert.ok(maxAbsDiff(gradLogits, torchLogits) <= tolerance, 'logits from the gradient pass differ');
        const torchGradient = readFloat32(join(out, 'gradient.f32'));
        const agreement = signAgreement(gradient, torchGradient);
        assert.ok(agreement >= 0.999, `input-gradient signs agree on ${(agreement * 100).toFixed(3)}% < 99.9%`);
        const gradScale = maxAbs(torchGradient);
        assert.ok(maxAbsDiff(gradient, torchGradient) <= 1e-3 * gradScale, `gradient differs by ${maxAbsDiff(gradient, torchGradient)} (scale ${gradScale})`);

        const adversarial = fgsmStep(batch.pixels, gradient, EPS);
        const torchAdversarial = readFloat32(join(out, 'fgsm.f32'));
        const same = fractionClose(adversarial, torchAdversarial, 1e-6);
        assert.ok(same >= 0.999, `FGSM images match on ${(same * 100).toFixed(3)}% of pixels < 99.9%`);
        t.diagnostic(
          `${architecture}: logits max|diff| ${maxAbsDiff(logits, torchLogits).toExponential(2)} (max|logit| ${maxAbs(torchLogits).toFixed(2)}), ` +
            `gradient sign agreement ${(agreement * 100).toFixed(4)}%, FGSM pixels equal ${(same * 100).toFixed(4)}%`,
        );

        const torchAdvLogits = readFloat32(join(out, 'fgsm_logits.f32'));
        const advLogits = await model.logits({ ...batch, pixels: torchAdversarial });
        assert.ok(maxAbsDiff(advLogits, torchAdvLogits) <= 1e-4 * Math.max(1, maxAbs(torchAdvLogits)), 'logits of the adversarial images differ');
        assert.equal(tf.memory().numTensors, tensorsBefore, 'tensors leaked');
      } finally {
        model.dispose();
      }
    });
  }
});
