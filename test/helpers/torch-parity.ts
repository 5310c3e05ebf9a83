/**
 * The checks both engines' "PyTorch parity" tests share: a PyTorch reference made by
 * test/parity/torch_reference.py (random weights AND BatchNorm statistics, images, labels, logits,
 * input gradients, FGSM images) and the comparison of a classifier with it.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fgsmStep } from '../../src/attacks/fgsm.js';
import type { Classifier, ImageBatch } from '../../src/engines/types.js';
import type { ArchitectureName, ModelSpec } from '../../src/models/graph.js';
import { buildModelSpec } from '../../src/models/zoo.js';
import { readPthFile } from '../../src/weights/pth.js';
import { matchParams } from '../../src/weights/strict.js';
import type { ParamsMap } from '../../src/tensor.js';
import { fractionClose, maxAbs, maxAbsDiff, readFloat32, readInt32, signAgreement } from './arrays.js';
import { runPython } from './pytorch.js';

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
 * Asserts logits (1e-4 relative), gradient signs (>= 99.9%), FGSM images (>= 99.9% of pixels) and
 * adversarial logits; returns a one-line summary. `gradientTolerance` (relative to the largest
 * gradient element) also bounds the gradient's max difference: engines that fold BatchNorm into
 * convs flip a few ReLU decisions near zero, so for them signs are the meaningful check.
 */
export async function assertMatchesTorch(model: Classifier, reference: TorchReference, options: { gradientTolerance?: number } = {}): Promise<string> {
  const { dir, batch, labels, eps } = reference;
  const torchLogits = readFloat32(join(dir, 'logits.f32'));
  const tolerance = 1e-4 * Math.max(1, maxAbs(torchLogits));
  const logits = await model.logits(batch);
  assert.ok(maxAbsDiff(logits, torchLogits) <= tolerance, `logits differ by ${maxAbsDiff(logits, torchLogits)} > ${tolerance}`);

  const { logits: gradLogits, gradient } = await model.lossGradient(batch, labels);
  assert.ok(maxAbsDiff(gradLogits, torchLogits) <= tolerance, 'logits from the gradient pass differ');
  const torchGradient = readFloat32(join(dir, 'gradient.f32'));
  const agreement = signAgreement(gradient, torchGradient);
  assert.ok(agreement >= 0.999, `input-gradient signs agree on ${(agreement * 100).toFixed(3)}% < 99.9%`);
  const gradScale = maxAbs(torchGradient);
  if (options.gradientTolerance !== undefined) {
    const bound = options.gradientTolerance * gradScale;
    assert.ok(maxAbsDiff(gradient, torchGradient) <= bound, `gradient differs by ${maxAbsDiff(gradient, torchGradient)} > ${bound}`);
  }

  const torchAdversarial = readFloat32(join(dir, 'fgsm.f32'));
  const same = fractionClose(fgsmStep(batch.pixels, gradient, eps), torchAdversarial, 1e-6);
  assert.ok(same >= 0.999, `FGSM images match on ${(same * 100).toFixed(3)}% of pixels < 99.9%`);

  const torchAdvLogits = readFloat32(join(dir, 'fgsm_logits.f32'));
  const advLogits = await model.logits({ ...batch, pixels: torchAdversarial });
  assert.ok(maxAbsDiff(advLogits, torchAdvLogits) <= 1e-4 * Math.max(1, maxAbs(torchAdvLogits)), 'logits of the adversarial images differ');

  return (
    `${reference.spec.architecture}: logits max|diff| ${maxAbsDiff(logits, torchLogits).toExponential(2)} (max|logit| ${maxAbs(torchLogits).toFixed(2)}), ` +
    `gradient sign agreement ${(agreement * 100).toFixed(4)}%, max|diff| ${maxAbsDiff(gradient, torchGradient).toExponential(2)} (max ${gradScale.toExponential(2)}), ` +
    `FGSM pixels equal ${(same * 100).toFixed(4)}%`
  );
}
