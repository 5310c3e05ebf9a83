/**
 * The checks both engines' "PyTorch parity" tests share: a PyTorch reference made by
 * test/parity/torch_reference.py (random weights AND BatchNorm statistics, images, labels, logits,
 * input gradients, FGSM images) and the comparison of a classifier with it.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fgsmStep } from '../../src/attacks/index.js';
import type { Classifier, ImageBatch } from '../../src/engines/index.js';
import { buildModelSpec, type ArchitectureName, type ModelSpec } from '../../src/models/index.js';
import { matchParams, readPthFile } from '../../src/weights/index.js';
import type { ParamsMap } from '../../src/tensor.js';
import { fractionClose, maxAbs, maxAbsDiff, readFloat32, readInt32, signAgreement } from './arrays.js';
import { assertGradientsAgree, assertStepExplainedBySigns } from './gradients.js';
import { runPython } from '../../scripts/pytorch-reference.js';

const SCRIPT = join('test', 'parity', 'torch_reference.py');

export interface TorchReference {
  readonly dir: string;
  readonly spec: ModelSpec;
  /** The .pth PyTorch saved, loaded and matched strictly. */
  readonly params: ParamsMap;
  readonly batch: ImageBatch;
  readonly labels: Int32Array;
  readonly eps: number;
}

export async function makeTorchReference(parent: string, architecture: ArchitectureName, options: { numClasses: number; inputSize: number; batch: number; eps: number; seed?: number }): Promise<TorchReference> {
  const dir = mkdtempSync(join(parent, `${architecture}-`));
  const { numClasses, inputSize, batch, eps } = options;
  runPython(SCRIPT, [architecture, String(numClasses), String(inputSize), String(batch), String(options.seed ?? 11), String(eps), dir]);
  const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8'));
  assert.equal(meta.arch, architecture);
  const spec = buildModelSpec(architecture, { numClasses, inputSize });
  const { tensors } = await readPthFile(join(dir, 'weights.pth'));
  return {
    dir,
    spec,
    params: matchParams(spec, tensors),
    batch: { pixels: readFloat32(join(dir, 'images.f32')), count: batch, height: inputSize, width: inputSize },
    labels: readInt32(join(dir, 'labels.i32')),
    eps,
  };
}

/**
 * Asserts what holds on any CPU and returns a one-line summary:
 * - logits to 1e-4 relative (a forward only; rounding cannot move them further);
 * - input gradients per sample (assertGradientsAgree: a majority to rounding, a sample whose ReLU
 *   near zero the CPU's kernels decided the other way within 5%);
 * - FGSM: our step on PyTorch's gradient gives PyTorch's images exactly, and our own FGSM images
 *   equal PyTorch's wherever the gradient signs agree (the equal share is reported);
 * - logits of PyTorch's adversarial images.
 */
export async function assertMatchesTorch(model: Classifier, reference: TorchReference): Promise<string> {
  const { dir, batch, labels, eps } = reference;
  const torchLogits = readFloat32(join(dir, 'logits.f32'));
  const tolerance = 1e-4 * Math.max(1, maxAbs(torchLogits));
  const logits = await model.logits(batch);
  assert.ok(maxAbsDiff(logits, torchLogits) <= tolerance, `logits differ by ${maxAbsDiff(logits, torchLogits)} > ${tolerance}`);

  const { logits: gradLogits, gradient } = await model.lossGradient(batch, labels);
  assert.ok(maxAbsDiff(gradLogits, torchLogits) <= tolerance, 'logits from the gradient pass differ');
  const torchGradient = readFloat32(join(dir, 'gradient.f32'));
  const { errors } = assertGradientsAgree(gradient, torchGradient, batch.count);

  const torchAdversarial = readFloat32(join(dir, 'fgsm.f32'));
  const stepOnTorch = fractionClose(fgsmStep(batch.pixels, torchGradient, eps), torchAdversarial, 1e-6);
  assert.equal(stepOnTorch, 1, `our FGSM step on PyTorch's gradient matches PyTorch's images on ${(stepOnTorch * 100).toFixed(4)}% of pixels`);
  const same = assertStepExplainedBySigns('FGSM images', fgsmStep(batch.pixels, gradient, eps), torchAdversarial, gradient, torchGradient);

  const torchAdvLogits = readFloat32(join(dir, 'fgsm_logits.f32'));
  const advLogits = await model.logits({ ...batch, pixels: torchAdversarial });
  assert.ok(maxAbsDiff(advLogits, torchAdvLogits) <= 1e-4 * Math.max(1, maxAbs(torchAdvLogits)), 'logits of the adversarial images differ');

  return (
    `${reference.spec.architecture}: logits max|diff| ${maxAbsDiff(logits, torchLogits).toExponential(2)} (max|logit| ${maxAbs(torchLogits).toFixed(2)}), ` +
    `gradient per-sample relative L2 ${errors.map((e) => e.toExponential(1)).join(' ')}, sign agreement ${(signAgreement(gradient, torchGradient) * 100).toFixed(4)}%, ` +
    `FGSM pixels equal ${(same * 100).toFixed(4)}%`
  );
}
