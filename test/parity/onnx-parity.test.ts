/**
 * PyTorch parity of the ONNX engine: PyTorch's random weights AND BatchNorm statistics (.pth) load
 * through matchParams as for tfjs; logits, input gradients, FGSM images and the FGSM sweep's
 * per-epsilon counts match PyTorch for all three architectures.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fgsmStep } from '../../src/attacks/fgsm.js';
import { OnnxClassifier } from '../../src/engines/onnx/classifier.js';
import { onnxAvailable } from '../../src/engines/onnx/runtime.js';
import type { LabelledImages } from '../../src/engines/types.js';
import { ORIGINAL_EPSILONS, runFgsmSweep } from '../../src/eval/sweep.js';
import { buildModelSpec } from '../../src/models/zoo.js';
import { readPthFile } from '../../src/weights/pth.js';
import { matchParams } from '../../src/weights/strict.js';
import { pytorchMissingReason, runPython } from '../helpers/pytorch.js';
import { fractionClose, maxAbs, maxAbsDiff, readFloat32, readInt32, signAgreement } from '../helpers/arrays.js';

const REFERENCE = join('test', 'parity', 'torch_reference.py');
const SWEEP_REFERENCE = join('test', 'parity', 'torch_sweep_reference.py');
const INPUT_SIZE = 64;
const NUM_CLASSES = 7;
const BATCH = 3;
const EPS = 0.01;
const SWEEP_SAMPLES = 16;
const SWEEP_BATCH = 8;

const onnx = await onnxAvailable();
const skip = pytorchMissingReason() ?? (onnx === true ? false : `onnxruntime-node is unavailable: ${onnx}`);

describe('PyTorch parity (ONNX engine)', { skip }, () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'fgsm-onnx-parity-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const architecture of ['resnet18', 'custom_resnet', 'resnet101'] as const) {
    test(`PyTorch parity (ONNX): ${architecture} logits, input gradient, FGSM images and sweep counts`, async (t) => {
      const out = mkdtempSync(join(dir, `${architecture}-`));
      runPython(REFERENCE, [architecture, String(NUM_CLASSES), String(INPUT_SIZE), String(BATCH), '11', String(EPS), out]);
      const spec = buildModelSpec(architecture, { numClasses: NUM_CLASSES, inputSize: INPUT_SIZE });
      const { tensors } = await readPthFile(join(out, 'weights.pth'));
      const model = await OnnxClassifier.create(spec, matchParams(spec, tensors));
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

        const adversarial = fgsmStep(batch.pixels, gradient, EPS);
        const same = fractionClose(adversarial, readFloat32(join(out, 'fgsm.f32')), 1e-6);
        assert.ok(same >= 0.999, `FGSM images match on ${(same * 100).toFixed(3)}% of pixels < 99.9%`);
        const torchAdvLogits = readFloat32(join(out, 'fgsm_logits.f32'));
        const advLogits = await model.logits({ ...batch, pixels: readFloat32(join(out, 'fgsm.f32')) });
        assert.ok(maxAbsDiff(advLogits, torchAdvLogits) <= 1e-4 * Math.max(1, maxAbs(torchAdvLogits)), 'logits of the adversarial images differ');

        // The sweep: PyTorch's per-epsilon counts on more images vs runFgsmSweep on the ONNX classifier.
        runPython(SWEEP_REFERENCE, [architecture, String(NUM_CLASSES), String(INPUT_SIZE), String(SWEEP_SAMPLES), '12', ORIGINAL_EPSILONS.join(','), join(out, 'weights.pth'), out]);
        const reference = JSON.parse(readFileSync(join(out, 'counts.json'), 'utf8')) as { epsilons: number[]; initiallyCorrect: number; correct: number[] };
        const images = readFloat32(join(out, 'images.f32'));
        const sweepLabels = readInt32(join(out, 'labels.i32'));
        const perImage = INPUT_SIZE * INPUT_SIZE * 3;
        const batches: LabelledImages[] = [];
        for (let start = 0; start < SWEEP_SAMPLES; start += SWEEP_BATCH) {
          const end = Math.min(SWEEP_SAMPLES, start + SWEEP_BATCH);
          batches.push({
            batch: { pixels: images.slice(start * perImage, end * perImage), count: end - start, height: INPUT_SIZE, width: INPUT_SIZE },
            labels: sweepLabels.slice(start, end),
          });
        }
        const { results } = await runFgsmSweep(model, batches, { epsilons: reference.epsilons });
        assert.ok(Math.abs(results.initiallyCorrect - reference.initiallyCorrect) <= 1, `initially correct: ONNX ${results.initiallyCorrect}, PyTorch ${reference.initiallyCorrect}`);
        const counts = results.epsilons.map((e) => e.correct);
        counts.forEach((count, e) => {
          assert.ok(Math.abs(count - reference.correct[e]!) <= 1, `at epsilon ${reference.epsilons[e]}: ONNX ${count} correct, PyTorch ${reference.correct[e]}`);
        });

        t.diagnostic(
          `${architecture}: logits max|diff| ${maxAbsDiff(logits, torchLogits).toExponential(2)} (max|logit| ${maxAbs(torchLogits).toFixed(2)}), ` +
            `gradient sign agreement ${(agreement * 100).toFixed(4)}%, max|diff| ${maxAbsDiff(gradient, torchGradient).toExponential(2)} (max ${maxAbs(torchGradient).toExponential(2)}), ` +
            `FGSM pixels equal ${(same * 100).toFixed(4)}%; sweep correct per epsilon ONNX [${counts.join(' ')}] PyTorch [${reference.correct.join(' ')}] ` +
            `of ${SWEEP_SAMPLES} (initially ${results.initiallyCorrect}/${reference.initiallyCorrect})`,
        );
      } finally {
        model.dispose();
      }
    });
  }
});
