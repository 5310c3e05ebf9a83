/**
 * L2 budgets: the perturbation's Euclidean length per image (pixels in [0,1]) is at most eps.
 * A step moves along the gradient direction g / ||g||_2 (a zero gradient: no move), then projects
 * the perturbation onto the eps-ball around the original (scaled down when longer), then clamps to
 * [0,1] (which can only shorten it). One step of size eps from the original is the FGM attack.
 * For scale: one grey level (1/255) on every pixel of a 150x150 RGB image is an L2 length of ~1.02.
 */
import { EpsilonError } from './errors.js';
import { sampleStream } from './seeded.js';
import { globalSampleIndex, type AttackContext } from './types.js';
import type { EpsilonInput } from './epsilon.js';

export type Norm = 'linf' | 'l2';
export const NORMS: readonly Norm[] = ['linf', 'l2'];

/** An L2 budget: a finite number >= 0 (any size: an L2 length is not bounded by 1 as an L-inf one is). */
export function parseL2Budget(value: EpsilonInput, what = 'L2 epsilon'): number {
  const eps = typeof value === 'number' ? value : typeof value === 'string' && /^\s*(\d+(\.\d*)?|\.\d+)(e-?\d+)?\s*$/i.test(value) ? Number(value) : Number.NaN;
  if (!Number.isFinite(eps) || eps < 0) throw new EpsilonError(`Invalid ${what} ${typeof value === 'string' ? JSON.stringify(value) : String(value)}: give the perturbation's Euclidean length as a number >= 0 (e.g. 0.5; one grey level on every pixel of a 150 px RGB face is about 1).`);
  return eps;
}

/**
 * `x' = clip_[0,1]( Proj_{||x - x0|| <= eps}( x + step * g / ||g|| ) )`, per sample of `size` values.
 * `step` is signed (+ ascends, - descends). `out` may alias `current`.
 */
export function l2Step(current: Float32Array, gradient: Float32Array, step: number, origin: Float32Array, eps: number, size: number, out: Float32Array = new Float32Array(current.length)): Float32Array {
  if (gradient.length !== current.length || origin.length !== current.length || out.length !== current.length || current.length % size !== 0) {
    throw new Error(`l2Step: sizes differ (current ${current.length}, gradient ${gradient.length}, origin ${origin.length}, out ${out.length}, per sample ${size}).`);
  }
  for (let start = 0; start < current.length; start += size) {
    let norm = 0;
    for (let i = start; i < start + size; i++) norm += gradient[i]! ** 2;
    norm = Math.sqrt(norm);
    const scale = norm > 0 ? step / norm : 0;
    let length = 0;
    for (let i = start; i < start + size; i++) {
      const moved = current[i]! + scale * gradient[i]!;
      out[i] = moved;
      length += (moved - origin[i]!) ** 2;
    }
    length = Math.sqrt(length);
    const shrink = length > eps ? eps / length : 1;
    for (let i = start; i < start + size; i++) {
      const v = origin[i]! + (out[i]! - origin[i]!) * shrink;
      out[i] = v < 0 ? 0 : v > 1 ? 1 : v;
    }
  }
  return out;
}

/** Euclidean length of x - y per sample. */
export function l2Distances(x: Float32Array, y: Float32Array, size: number): Float64Array {
  const out = new Float64Array(x.length / size);
  for (let n = 0; n < out.length; n++) {
    let sum = 0;
    for (let i = n * size; i < (n + 1) * size; i++) sum += (x[i]! - y[i]!) ** 2;
    out[n] = Math.sqrt(sum);
  }
  return out;
}

/** x0 + a random point of the L2 ball (Gaussian direction, length eps * U(0,1)), clamped to [0,1]; seeded per sample. */
export function l2RandomStart(origin: Float32Array, eps: number, count: number, size: number, seed: number | string, purpose: string, context: AttackContext): Float32Array {
  const out = new Float32Array(origin.length);
  for (let n = 0; n < count; n++) {
    const random = sampleStream(seed, purpose, globalSampleIndex(context, n));
    const direction = gaussianDirection(random, size);
    const length = eps * random();
    for (let i = 0; i < size; i++) {
      const v = origin[n * size + i]! + length * direction[i]!;
      out[n * size + i] = v < 0 ? 0 : v > 1 ? 1 : v;
    }
  }
  return out;
}

/** A uniformly random unit vector (normalised Gaussian, Box-Muller). */
export function gaussianDirection(random: () => number, size: number): Float64Array {
  const out = new Float64Array(size);
  let norm = 0;
  for (let i = 0; i < size; i++) {
    const v = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    out[i] = v;
    norm += v * v;
  }
  norm = Math.sqrt(norm);
  for (let i = 0; i < size; i++) out[i] = norm > 0 ? out[i]! / norm : 0;
  return out;
}
