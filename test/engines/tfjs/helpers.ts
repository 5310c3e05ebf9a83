/** Shared test helpers for the tfjs engine: backend switching, seeded data, tolerant comparisons. */
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import seedrandom from 'seedrandom';

export const TEST_BACKENDS = ['cpu', 'wasm'] as const;

/** Switches the tfjs backend for the following tests (wasm initialises asynchronously). */
export async function useBackend(name: string): Promise<void> {
  assert.ok(await tf.setBackend(name), `tfjs backend ${name} failed to initialise`);
  await tf.ready();
  assert.equal(tf.getBackend(), name);
}

/** Deterministic standard-normal values (Box-Muller over a seeded uniform). */
export function randomNormal(count: number, seed: string, scale = 1): Float32Array {
  const rng = seedrandom(seed);
  return Float32Array.from({ length: count }, () => {
    const u = 1 - rng();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng()) * scale;
  });
}

/** A random permutation of `count` well-separated values (gaps of 1/count): ties impossible, finite differences safe. */
export function distinctValues(count: number, seed: string): Float32Array {
  const rng = seedrandom(seed);
  const values = Array.from({ length: count }, (_, i) => (i - count / 2) / count * 4);
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [values[i], values[j]] = [values[j]!, values[i]!];
  }
  return Float32Array.from(values);
}

export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

export function maxAbs(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) m = Math.max(m, Math.abs(values[i]!));
  return m;
}

/**
 * |actual - expected| <= atol + rtol * max|expected| everywhere: float32 sums of many terms carry
 * errors relative to the largest magnitudes involved, not to each (possibly tiny) element.
 */
export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, label: string, rtol = 1e-5, atol = 1e-6): void {
  assert.equal(actual.length, expected.length, `${label}: length ${actual.length} != ${expected.length}`);
  const tolerance = atol + rtol * maxAbs(expected);
  for (let i = 0; i < actual.length; i++) {
    const error = Math.abs(actual[i]! - expected[i]!);
    if (!(error <= tolerance)) {
      assert.fail(`${label}: element ${i} is ${actual[i]} but expected ${expected[i]} (error ${error.toExponential(2)} > tolerance ${tolerance.toExponential(2)})`);
    }
  }
}

/** Runs `body` and checks it leaves exactly as many live tensors as it found. */
export function assertNoLeak<T>(label: string, body: () => T): T {
  const before = tf.memory().numTensors;
  const result = body();
  assert.equal(tf.memory().numTensors, before, `${label}: ${tf.memory().numTensors - before} tensor(s) leaked`);
  return result;
}

/**
 * Value of f and the vector-Jacobian products projection^T d f / d input for every input, as
 * plain arrays (the gradients of sum(f * projection); passed as dy, since tfjs-core registers no
 * gradient for Sum/Mul). The random projection makes each output element count differently.
 */
export function projectedGradients(f: (...inputs: tf.Tensor[]) => tf.Tensor, inputs: tf.Tensor[], projection: ArrayLike<number>): { value: Float32Array; grads: Float32Array[] } {
  const { value, shape } = tf.tidy(() => {
    const out = f(...inputs);
    return { value: out.dataSync() as Float32Array, shape: out.shape };
  });
  const grads = tf.tidy(() => tf.grads((...xs: tf.Tensor[]) => f(...xs))(inputs, tf.tensor(Array.from(projection), shape)));
  const arrays = grads.map((g) => g.dataSync() as Float32Array);
  tf.dispose(grads);
  return { value, grads: arrays };
}
