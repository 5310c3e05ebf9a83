/** Shared fixtures for the weights tests: temp folders, deterministic params, hand-made torch zips. */
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parameterShapes, type ModelSpec } from '../../src/models/index.js';
import { sizeOf, type ParamsMap } from '../../src/tensor.js';

export function tempDir(label: string): string {
  return mkdtempSync(join(tmpdir(), `fgsm-weights-${label}-`));
}

/** mulberry32: a tiny seeded PRNG, so every run uses the same "random" weights. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Every parameter of the spec, random in [-1, 1) (running_var in [0.5, 1.5)), in state_dict order. */
export function randomParams(spec: ModelSpec, seed = 1): ParamsMap {
  const random = seededRandom(seed);
  const params: ParamsMap = new Map();
  for (const [name, shape] of parameterShapes(spec)) {
    const data = new Float32Array(sizeOf(shape));
    const positive = name.endsWith('running_var');
    for (let i = 0; i < data.length; i++) data[i] = positive ? 0.5 + random() : random() * 2 - 1;
    params.set(name, { shape, data });
  }
  return params;
}

/** Zero-filled params for a spec: cheap, for tests that only care about names and shapes. */
export function zeroParams(spec: ModelSpec): ParamsMap {
  return new Map([...parameterShapes(spec)].map(([name, shape]) => [name, { shape, data: new Float32Array(sizeOf(shape)) }]));
}

export function sha256OfFloats(data: Float32Array): string {
  return createHash('sha256').update(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)).digest('hex');
}

// One builder for the tests and the fuzzer (scripts/fuzz), independent of our own zip writer.
export { float32Bytes, torchZip } from '../../scripts/fuzz/pth-build.js';
