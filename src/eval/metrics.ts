/** Small per-sample measurements shared by the sweep and later attacks. Row-major host arrays. */
import { NumericalError } from './errors.js';

/** Index of the largest logit of row `row` (first one on ties, like torch.argmax). */
export function argmaxRow(logits: Float32Array, row: number, numClasses: number): number {
  let best = 0;
  let bestValue = -Infinity;
  const base = row * numClasses;
  for (let k = 0; k < numClasses; k++) {
    const v = logits[base + k]!;
    if (v > bestValue || (Number.isNaN(v) && !Number.isNaN(bestValue))) {
      bestValue = v;
      best = k;
    }
  }
  return best;
}

/** Softmax probability of class `k` in row `row`, computed stably. */
export function softmaxAt(logits: Float32Array, row: number, numClasses: number, k: number): number {
  const base = row * numClasses;
  let max = -Infinity;
  for (let j = 0; j < numClasses; j++) max = Math.max(max, logits[base + j]!);
  let sum = 0;
  for (let j = 0; j < numClasses; j++) sum += Math.exp(logits[base + j]! - max);
  return Math.exp(logits[base + k]! - max) / sum;
}

/** L-inf and L2 norms of (b - a) over the `size` values of sample `sample`. */
export function perturbationNorms(a: Float32Array, b: Float32Array, sample: number, size: number): { linf: number; l2: number } {
  let linf = 0;
  let sq = 0;
  const base = sample * size;
  for (let i = base; i < base + size; i++) {
    const d = b[i]! - a[i]!;
    const ad = Math.abs(d);
    if (ad > linf) linf = ad;
    sq += d * d;
  }
  return { linf, l2: Math.sqrt(sq) };
}

/** Throws when logits contain NaN or Infinity: an accuracy computed from them would be meaningless. */
export function checkFiniteLogits(logits: Float32Array, where: string): void {
  for (let i = 0; i < logits.length; i++) {
    if (!Number.isFinite(logits[i]!)) {
      throw new NumericalError(`The model produced a non-finite logit (${logits[i]}) ${where}: no accuracy is reported from it. Check the weights (NaN/Inf, e.g. from a diverged training) and the input images.`);
    }
  }
}
