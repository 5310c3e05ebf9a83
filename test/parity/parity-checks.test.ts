/**
 * The parity tests' CPU-independent checks must still fail on a real error: a gradient off in every
 * sample, a majority off, or a sign step that differs where the gradient signs agree.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import seedrandom from 'seedrandom';
import { fgsmStep } from '../../src/attacks/index.js';
import { assertGradientsAgree, assertStepExplainedBySigns } from '../helpers/gradients.js';

const COUNT = 3;
const SIZE = 500;

function randomGradient(seed: string): Float32Array {
  const random = seedrandom(seed);
  return Float32Array.from({ length: COUNT * SIZE }, () => random() - 0.5);
}

test('assertGradientsAgree: rounding passes; a sample off by a few % passes; a shifted or scaled gradient fails', () => {
  const expected = randomGradient('g');
  assertGradientsAgree(expected.map((v) => v * (1 + 1e-6)), expected, COUNT);
  const oneSampleMoved = expected.slice();
  for (let i = 0; i < SIZE; i++) oneSampleMoved[i]! *= 1.03; // as a ReLU decided the other way does
  assertGradientsAgree(oneSampleMoved, expected, COUNT);
  const shifted = new Float32Array(expected.length);
  shifted.set(expected.subarray(1), 0);
  assert.throws(() => assertGradientsAgree(shifted, expected, COUNT), /agree to rounding/);
  assert.throws(() => assertGradientsAgree(expected.map((v) => v * 2), expected, COUNT), /agree to rounding/);
  const twoMoved = oneSampleMoved.slice();
  for (let i = SIZE; i < 2 * SIZE; i++) twoMoved[i]! *= 1.03;
  assert.throws(() => assertGradientsAgree(twoMoved, expected, COUNT), /only 1 of 3/);
});

test('assertStepExplainedBySigns: differences only where signs differ pass; any other difference fails', () => {
  const pixels = Float32Array.from(randomGradient('x'), (v) => v + 0.5);
  const theirs = randomGradient('g');
  const ours = theirs.slice();
  ours[7] = -ours[7]!;
  const same = assertStepExplainedBySigns('FGSM', fgsmStep(pixels, ours, 0.01), fgsmStep(pixels, theirs, 0.01), ours, theirs);
  assert.ok(same < 1 && same > 0.99, `one pixel of ${COUNT * SIZE} differs: ${same}`);
  const wrong = fgsmStep(pixels, ours, 0.01);
  wrong[100] += 1 / 255;
  assert.throws(() => assertStepExplainedBySigns('FGSM', wrong, fgsmStep(pixels, theirs, 0.01), ours, theirs), /1 pixels differ although the gradient signs agree there \(first at index 100/);
});
