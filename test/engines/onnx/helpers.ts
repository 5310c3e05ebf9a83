/** Shared helpers for the ONNX engine tests: random models with real BatchNorm, smooth images, comparisons. */
import seedrandom from 'seedrandom';
import type { ImageBatch } from '../../../src/engines/index.js';
import { walkLayers, type NetworkSpec } from '../../../src/models/index.js';
import type { ParamsMap } from '../../../src/tensor.js';

/** A fast seeded uniform generator (mulberry32). */
function uniform(seed: string): () => number {
  let state = 0;
  for (const ch of seed) state = (Math.imul(state, 31) + ch.charCodeAt(0)) | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Random params scaled like initParams (src/models/init.ts: kaiming std for convs, nn.Linear-style
 * uniform biases and fc) but generated ~20x faster (initParams takes ~5 s for resnet101's 43M weights), plus random BatchNorm affine params and running
 * statistics as torch_reference.py draws them, so eval-mode BN is really exercised, not ~identity.
 */
export function randomParams(spec: NetworkSpec, seed: number): ParamsMap {
  const random = uniform(`params:${seed}`);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const params: ParamsMap = new Map();
  const set = (name: string, shape: number[], value: () => number) => {
    // A plain loop: Float32Array.from with a map function is ~10x slower in V8.
    const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
    for (let i = 0; i < data.length; i++) data[i] = value();
    params.set(name, { shape, data });
  };
  walkLayers(spec.layers, (node) => {
    if (node.op === 'conv2d') {
      // Kaiming's std (fan_out, ReLU gain) from a uniform: as good for a test and far cheaper than Box-Muller.
      const bound = Math.sqrt(3) * Math.sqrt(2 / (node.outChannels * node.kernel * node.kernel));
      set(`${node.name}.weight`, [node.outChannels, node.inChannels, node.kernel, node.kernel], () => (random() * 2 - 1) * bound);
      const biasBound = 1 / Math.sqrt(node.inChannels * node.kernel * node.kernel);
      if (node.bias) set(`${node.name}.bias`, [node.outChannels], () => (random() * 2 - 1) * biasBound);
    } else if (node.op === 'batchnorm') {
      const shape = [node.channels];
      set(`${node.name}.running_mean`, shape, () => normal() * 0.2);
      set(`${node.name}.running_var`, shape, () => random() * 1.5 + 0.5);
      set(`${node.name}.weight`, shape, () => random() * 0.8 + 0.6);
      set(`${node.name}.bias`, shape, () => normal() * 0.1);
    } else if (node.op === 'linear') {
      const bound = 1 / Math.sqrt(node.inFeatures);
      set(`${node.name}.weight`, [node.outFeatures, node.inFeatures], () => (random() * 2 - 1) * bound);
      if (node.bias) set(`${node.name}.bias`, [node.outFeatures], () => (random() * 2 - 1) * bound);
    } else if (node.op === 'affine') {
      set(`${node.name}.weight`, [node.channels], () => random() * 0.8 + 0.6);
      set(`${node.name}.bias`, [node.channels], () => normal() * 0.1);
    }
  });
  return params;
}

/** Smooth-ish images in [0,1]: coarse random noise upsampled bilinearly, plus a little fine noise. */
export function smoothImages(count: number, size: number, seed: number): ImageBatch {
  const random = seedrandom(`smooth:${seed}`);
  const coarse = Math.max(2, Math.floor(size / 8));
  const pixels = new Float32Array(count * size * size * 3);
  for (let n = 0; n < count; n++) {
    const grid = Float64Array.from({ length: coarse * coarse * 3 }, () => random());
    for (let y = 0; y < size; y++) {
      const gy = Math.min(coarse - 1, ((y + 0.5) * coarse) / size - 0.5);
      const y0 = Math.max(0, Math.floor(gy));
      const y1 = Math.min(coarse - 1, y0 + 1);
      const fy = Math.max(0, gy - y0);
      for (let x = 0; x < size; x++) {
        const gx = Math.min(coarse - 1, ((x + 0.5) * coarse) / size - 0.5);
        const x0 = Math.max(0, Math.floor(gx));
        const x1 = Math.min(coarse - 1, x0 + 1);
        const fx = Math.max(0, gx - x0);
        for (let c = 0; c < 3; c++) {
          const at = (yy: number, xx: number) => grid[(yy * coarse + xx) * 3 + c]!;
          const v = (1 - fy) * ((1 - fx) * at(y0, x0) + fx * at(y0, x1)) + fy * ((1 - fx) * at(y1, x0) + fx * at(y1, x1));
          pixels[((n * size + y) * size + x) * 3 + c] = Math.min(1, Math.max(0, v + 0.05 * random()));
        }
      }
    }
  }
  return { pixels, count, height: size, width: size };
}

export function randomLabels(count: number, numClasses: number, seed: number): Int32Array {
  const random = seedrandom(`labels:${seed}`);
  return Int32Array.from({ length: count }, () => Math.floor(random() * numClasses));
}

/** Sum over the batch of cross-entropy, in float64, from float32 logits. */
export function crossEntropySum(logits: Float32Array, labels: Int32Array, numClasses: number): number {
  let total = 0;
  for (let n = 0; n < labels.length; n++) {
    const row = logits.subarray(n * numClasses, (n + 1) * numClasses);
    let max = -Infinity;
    for (const v of row) max = Math.max(max, v);
    let sum = 0;
    for (const v of row) sum += Math.exp(v - max);
    total += max + Math.log(sum) - row[labels[n]!]!;
  }
  return total;
}

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** Each architecture at a size (45/38/33 px) whose stride-2 layers meet both output_padding cases (0 and 1). */
export const ODD_SIZE_CASES = [
  { architecture: 'resnet18', size: 45 },
  { architecture: 'custom_resnet', size: 38 },
  { architecture: 'resnet101', size: 33 },
] as const;
