import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ssimSample } from '../../src/eval/index.js';
import { randomImages } from '../helpers/linear-classifier.js';

function constant(value: number, size: number): Float32Array {
  return new Float32Array(size * size * 3).fill(value);
}

test('SSIM is 1 for identical images and symmetric', () => {
  const img = randomImages(2, 20, 3);
  assert.ok(Math.abs(ssimSample(img.pixels, img.pixels, 1, 20, 20) - 1) < 1e-12);
  const other = randomImages(2, 20, 4);
  const ab = ssimSample(img.pixels, other.pixels, 0, 20, 20);
  const ba = ssimSample(other.pixels, img.pixels, 0, 20, 20);
  assert.ok(Math.abs(ab - ba) < 1e-12);
  assert.ok(ab < 0.1, `independent noise images are dissimilar: ${ab}`);
});

test('SSIM of two constant images is the luminance term (2ab + C1) / (a^2 + b^2 + C1)', () => {
  const a = 0.2;
  const b = 0.6;
  const C1 = 0.01 ** 2;
  const expected = (2 * Math.fround(a) * Math.fround(b) + C1) / (Math.fround(a) ** 2 + Math.fround(b) ** 2 + C1);
  assert.ok(Math.abs(ssimSample(constant(a, 16), constant(b, 16), 0, 16, 16) - expected) < 1e-9);
});

test('SSIM falls as the noise added grows, and works below the 11 px window', () => {
  const img = randomImages(1, 24, 5);
  const noise = randomImages(1, 24, 6);
  const noisy = (amount: number) => img.pixels.map((v, i) => Math.min(1, Math.max(0, v + amount * (noise.pixels[i]! - 0.5))));
  const values = [0.01, 0.05, 0.2].map((eps) => ssimSample(img.pixels, noisy(eps), 0, 24, 24));
  assert.ok(values[0]! > values[1]! && values[1]! > values[2]!, String(values));
  const small = randomImages(1, 6, 7);
  assert.ok(Math.abs(ssimSample(small.pixels, small.pixels, 0, 6, 6) - 1) < 1e-12);
});
