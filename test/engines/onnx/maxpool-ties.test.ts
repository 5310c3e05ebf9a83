/**
 * Max-pool backward on crafted ties: plateaus shared by overlapping 3x3/stride-2 windows, a wholly
 * constant channel, and a channel that is negative everywhere (so padding must act as -infinity,
 * never as 0). PyTorch sends each window's gradient to the FIRST maximum in row-major order and
 * ADDS where windows share it; checked against a float64 reference of that rule, and against
 * PyTorch itself when it is installed. Also with a ReLU before the pool (ResNet's stem), which the
 * gradient graph pools first: positive plateaus, all-zero windows and negative regions.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OnnxClassifier } from '../../../src/engines/onnx/index.js';
import type { ImageBatch } from '../../../src/engines/index.js';
import type { MaxPoolNode, ModelSpec } from '../../../src/models/index.js';
import type { ParamsMap } from '../../../src/tensor.js';
import { maxAbs, maxAbsDiff, readFloat32 } from '../../helpers/arrays.js';
import { pytorchMissingReason, runPython } from '../../../scripts/pytorch-reference.js';
import { onnxSkipReason } from './available.js';

const SIZE = 7; // odd: the last window hangs over the padding
const CLASSES = 3;
const POOL: MaxPoolNode = { op: 'maxpool', kernel: 3, stride: 2, padding: 1 };
interface Case {
  readonly name: string;
  readonly relu: boolean;
  readonly mean: readonly [number, number, number];
}

const CASES: readonly Case[] = [
  // Means above every pixel: all normalised values are negative, so zero padding would win every edge window.
  { name: 'max pool', relu: false, mean: [1.5, 1.5, 1.5] },
  // Means inside the pixel range: positive plateaus (channel 0 constant), zeros after the ReLU, both signs.
  { name: 'ReLU then max pool', relu: true, mean: [0.4, 0.4, 0.4] },
];

function specOf(testCase: Case): ModelSpec {
  return {
    architecture: 'resnet18', // nominal: only the layers below are compiled
    numClasses: CLASSES,
    inputSize: SIZE,
    normalization: { mean: testCase.mean, std: [0.5, 1, 2] },
    layers: [...(testCase.relu ? [{ op: 'relu' } as const] : []), POOL, { op: 'globalavgpool' }, { op: 'linear', name: 'fc', inFeatures: 3, outFeatures: CLASSES, bias: true }],
  };
}
const FC_WEIGHT = Float32Array.of(0.3, -0.7, 0.5, -0.2, 0.9, 0.4, 0.6, 0.1, -0.8);
const FC_BIAS = Float32Array.of(0.1, -0.1, 0.05);
const PARAMS: ParamsMap = new Map([
  ['fc.weight', { shape: [CLASSES, 3], data: FC_WEIGHT }],
  ['fc.bias', { shape: [CLASSES], data: FC_BIAS }],
]);

const skip = await onnxSkipReason();

/** Two images; channel 0 constant, channel 1 2x2 plateaus, channel 2 a few repeated levels. */
function tiedImages(): ImageBatch {
  const pixels = new Float32Array(2 * SIZE * SIZE * 3);
  for (let n = 0; n < 2; n++) {
    for (let y = 0; y < SIZE; y++) {
      for (let x = 0; x < SIZE; x++) {
        const i = ((n * SIZE + y) * SIZE + x) * 3;
        pixels[i] = 0.5;
        pixels[i + 1] = ((Math.floor(y / 2) + Math.floor(x / 2) + n) % 3) * 0.25;
        pixels[i + 2] = n === 0 ? (x === y ? 0.75 : 0.25) : ((x * y) % 2) * 0.5;
      }
    }
  }
  return { pixels, count: 2, height: SIZE, width: SIZE };
}

interface Reference {
  readonly gradient: Float64Array;
  /** Windows with more than one maximum. */
  readonly tiedWindows: number;
  /** Pixels that are the chosen maximum of two or more windows. */
  readonly sharedMaxima: number;
}

/**
 * PyTorch's rule in float64: first max of each window (row-major, padding skipped), gradients
 * added. `lastMax` flips the tie rule, to show that the images do tell the rules apart.
 */
function referenceGradient(testCase: Case, batch: ImageBatch, labels: Int32Array, lastMax = false): Reference {
  let tiedWindows = 0;
  const chosen = new Map<number, number>();
  const { mean, std } = specOf(testCase).normalization;
  const out = Math.floor((SIZE + 2 * POOL.padding - POOL.kernel) / POOL.stride) + 1;
  const gradient = new Float64Array(batch.pixels.length);
  const normalised = (n: number, y: number, x: number, c: number) => (batch.pixels[((n * SIZE + y) * SIZE + x) * 3 + c]! - mean[c]!) / std[c]!;
  const value = (n: number, y: number, x: number, c: number) => (testCase.relu ? Math.max(0, normalised(n, y, x, c)) : normalised(n, y, x, c));
  for (let n = 0; n < batch.count; n++) {
    const argmax: number[][] = [[], [], []];
    const features = [0, 1, 2].map((c) => {
      let sum = 0;
      for (let oy = 0; oy < out; oy++) {
        for (let ox = 0; ox < out; ox++) {
          let best = -Infinity;
          let at = -1;
          let ties = 0;
          for (let y = oy * POOL.stride - POOL.padding; y < oy * POOL.stride - POOL.padding + POOL.kernel; y++) {
            for (let x = ox * POOL.stride - POOL.padding; x < ox * POOL.stride - POOL.padding + POOL.kernel; x++) {
              if (y < 0 || x < 0 || y >= SIZE || x >= SIZE) continue;
              const v = value(n, y, x, c);
              if (v === best) ties++;
              if (v > best) [best, at, ties] = [v, y * SIZE + x, 0];
              else if (lastMax && v === best) at = y * SIZE + x;
            }
          }
          sum += best;
          argmax[c]!.push(at);
          if (ties > 0) tiedWindows++;
          const key = (n * SIZE * SIZE + at) * 3 + c;
          chosen.set(key, (chosen.get(key) ?? 0) + 1);
        }
      }
      return sum / (out * out);
    });
    const logits = Array.from({ length: CLASSES }, (_, k) => FC_BIAS[k]! + [0, 1, 2].reduce((s, c) => s + FC_WEIGHT[k * 3 + c]! * features[c]!, 0));
    const top = Math.max(...logits);
    const exp = logits.map((l) => Math.exp(l - top));
    const total = exp.reduce((a, b) => a + b, 0);
    const dLogits = exp.map((e, k) => e / total - (k === labels[n] ? 1 : 0));
    for (let c = 0; c < 3; c++) {
      const dFeature = dLogits.reduce((s, d, k) => s + d * FC_WEIGHT[k * 3 + c]!, 0);
      for (const at of argmax[c]!) {
        // The ReLU passes the gradient only where its output is > 0 (PyTorch's threshold_backward).
        if (testCase.relu && !(value(n, Math.floor(at / SIZE), at % SIZE, c) > 0)) continue;
        gradient[(n * SIZE * SIZE + at) * 3 + c]! += dFeature / (out * out) / std[c]!;
      }
    }
  }
  return { gradient, tiedWindows, sharedMaxima: [...chosen.values()].filter((windows) => windows > 1).length };
}

describe('ONNX max-pool backward routes ties like PyTorch', { skip }, () => {
  for (const testCase of CASES) test(`${testCase.name}: first maximum per window, shared maxima add up, padding never wins`, async (t) => {
    const model = await OnnxClassifier.create(specOf(testCase), PARAMS, { threads: 1 });
    try {
      const batch = tiedImages();
      const labels = Int32Array.of(1, 2);
      const { gradient } = await model.lossGradient(batch, labels);
      const reference = referenceGradient(testCase, batch, labels);
      const expected = reference.gradient;
      assert.ok(maxAbsDiff(gradient, expected) <= 1e-6 * maxAbs(expected), `max-pool gradient differs from the first-max rule by ${maxAbsDiff(gradient, expected)}`);
      // The images really exercise the rule: ties, maxima shared by windows, and a different answer under "last max".
      assert.ok(reference.tiedWindows > 10 && reference.sharedMaxima > 3, `too few ties (${reference.tiedWindows}) or shared maxima (${reference.sharedMaxima})`);
      const lastMax = referenceGradient(testCase, batch, labels, true).gradient;
      assert.ok(maxAbsDiff(lastMax, expected) > 0.1 * maxAbs(expected), 'the crafted images do not tell first-max from last-max');
      t.diagnostic(`${reference.tiedWindows} tied windows, ${reference.sharedMaxima} maxima shared by several windows`);

      const torchSkip = pytorchMissingReason();
      if (torchSkip) {
        t.diagnostic(`not compared with PyTorch itself: ${torchSkip}`);
        return;
      }
      const dir = mkdtempSync(join(tmpdir(), 'fgsm-onnx-ties-'));
      try {
        writeFileSync(join(dir, 'meta.json'), JSON.stringify({ count: batch.count, size: SIZE, classes: CLASSES, mean: testCase.mean, std: specOf(testCase).normalization.std, pool: POOL, relu: testCase.relu }));
        writeFileSync(join(dir, 'pixels.f32'), batch.pixels);
        writeFileSync(join(dir, 'labels.i32'), labels);
        writeFileSync(join(dir, 'fc_weight.f32'), FC_WEIGHT);
        writeFileSync(join(dir, 'fc_bias.f32'), FC_BIAS);
        runPython(join('test', 'engines', 'onnx', 'torch_maxpool_ties.py'), [dir]);
        const torchGradient = readFloat32(join(dir, 'gradient.f32'));
        assert.ok(maxAbsDiff(gradient, torchGradient) <= 1e-6 * maxAbs(torchGradient), `max-pool gradient differs from PyTorch's by ${maxAbsDiff(gradient, torchGradient)}`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    } finally {
      model.dispose();
    }
  });
});
