/** Host-side weight arithmetic of the ONNX compiler: BatchNorm folding and rotated, transposed filters. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BatchNormNode, Conv2dNode } from '../../../src/models/index.js';
import type { ParamsMap } from '../../../src/tensor.js';
import { batchNormAffine, convWeights, flippedTransposedFilters } from '../../../src/engines/onnx/index.js';

const conv: Conv2dNode = { op: 'conv2d', name: 'c', inChannels: 2, outChannels: 3, kernel: 2, stride: 1, padding: 0, bias: true };
const bn: BatchNormNode = { op: 'batchnorm', name: 'b', channels: 3, eps: 1e-5 };
const params: ParamsMap = new Map([
  ['c.weight', { shape: [3, 2, 2, 2], data: Float32Array.from({ length: 24 }, (_, i) => i - 12) }],
  ['c.bias', { shape: [3], data: Float32Array.of(0.5, -1, 2) }],
  ['b.weight', { shape: [3], data: Float32Array.of(1.5, 0.5, 2) }],
  ['b.bias', { shape: [3], data: Float32Array.of(0.1, 0.2, -0.3) }],
  ['b.running_mean', { shape: [3], data: Float32Array.of(1, -2, 0.5) }],
  ['b.running_var', { shape: [3], data: Float32Array.of(4, 0.25, 1) }],
]);

test('folding BatchNorm into the conv gives conv-then-BN on any input', () => {
  const folded = convWeights(params, conv, bn);
  const { scale, shift } = batchNormAffine(params, bn);
  const weight = params.get('c.weight')!.data;
  const bias = params.get('c.bias')!.data;
  const patch = [0.3, -0.7, 1.1, 0.2, -0.4, 0.9, 0.05, -1.3];
  for (let o = 0; o < 3; o++) {
    const dot = (w: Float32Array) => patch.reduce((s, v, i) => s + v * w[o * 8 + i]!, 0);
    const convThenBn = (dot(weight) + bias[o]!) * scale[o]! + shift[o]!;
    const viaFold = dot(folded.weight) + folded.bias![o]!;
    assert.ok(Math.abs(convThenBn - viaFold) <= 1e-5 * Math.max(1, Math.abs(convThenBn)), `channel ${o}: ${convThenBn} vs ${viaFold}`);
    // PyTorch eval BN: (x - mean) / sqrt(var + eps) * gamma + beta (literals: the float32 params to ~1e-8)
    const bnOf = (v: number) => ((v - [1, -2, 0.5][o]!) / Math.sqrt([4, 0.25, 1][o]! + 1e-5)) * [1.5, 0.5, 2][o]! + [0.1, 0.2, -0.3][o]!;
    assert.ok(Math.abs(bnOf(2.5) - (2.5 * scale[o]! + shift[o]!)) <= 1e-6, `channel ${o}: scale and shift differ from eval-mode BatchNorm`);
  }
  assert.deepEqual(convWeights(params, conv).weight, weight, 'without BatchNorm the weights are unchanged');
});

test('missing or misshapen params fail by name', () => {
  assert.throws(() => convWeights(new Map(), conv), /Parameter "c.weight" is missing/);
  const wrong: ParamsMap = new Map(params);
  wrong.set('b.running_var', { shape: [4], data: new Float32Array(4) });
  assert.throws(() => convWeights(wrong, conv, bn), /Parameter "b.running_var" has shape \[4\], expected \[3\]/);
});

test('rotated, transposed filters: Wt[i, o, a, b] = W[o, i, k-1-a, k-1-b]', () => {
  const [outC, inC, k] = [3, 2, 3];
  const weight = Float32Array.from({ length: outC * inC * k * k }, (_, i) => i);
  const flipped = flippedTransposedFilters(weight, outC, inC, k);
  for (let o = 0; o < outC; o++) {
    for (let i = 0; i < inC; i++) {
      for (let a = 0; a < k; a++) {
        for (let b = 0; b < k; b++) {
          assert.equal(flipped[((i * outC + o) * k + a) * k + b], weight[((o * inC + i) * k + (k - 1 - a)) * k + (k - 1 - b)]);
        }
      }
    }
  }
});
