/**
 * The Fast Gradient Sign Method (Goodfellow et al., 2015), untargeted:
 *   x_adv = clamp(x + eps * sign(d loss(x, y) / dx), 0, 1)
 * in [0,1] pixel space; the model normalises internally. sign(0) = 0, as torch.sign.
 */
import type { Classifier, ImageBatch } from '../engines/types.js';
import { parseEpsilon } from './epsilon.js';

/**
 * One FGSM step from a precomputed input gradient. Written for float32 like PyTorch:
 * eps is rounded to float32 and each pixel is stored as float32, so results match bit for bit.
 * `out` may be passed to reuse a buffer across epsilons.
 */
export function fgsmStep(pixels: Float32Array, gradient: Float32Array, eps: number, out = new Float32Array(pixels.length)): Float32Array {
  parseEpsilon(eps); // the one epsilon rule, also for numbers parsed elsewhere
  if (gradient.length !== pixels.length || out.length !== pixels.length) {
    throw new Error(`fgsmStep: pixels (${pixels.length}), gradient (${gradient.length}) and output (${out.length}) sizes differ.`);
  }
  const step = Math.fround(eps);
  for (let i = 0; i < pixels.length; i++) {
    const g = gradient[i]!;
    const moved = g > 0 ? pixels[i]! + step : g < 0 ? pixels[i]! - step : pixels[i]!;
    out[i] = moved < 0 ? 0 : moved > 1 ? 1 : moved;
  }
  return out;
}

/** Adversarial images for a batch: one gradient pass, one step. Labels are the true classes. */
export async function fgsm(model: Classifier, images: ImageBatch, labels: Int32Array, eps: number): Promise<ImageBatch> {
  parseEpsilon(eps);
  const { gradient } = await model.lossGradient(images, labels);
  return { ...images, pixels: fgsmStep(images.pixels, gradient, eps) };
}
