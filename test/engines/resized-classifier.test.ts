/**
 * A classifier given images of another size: the resampling is Pillow's (the training data path's)
 * without rounding, and the gradient is carried back through its exact transpose.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import seedrandom from 'seedrandom';
import { resizeBilinearLikePillow, resizeFloat, resizeFloatTranspose } from '../../src/data/index.js';
import { ResizedClassifier } from '../../src/engines/index.js';
import { LinearPixelClassifier, randomImages } from '../helpers/linear-classifier.js';

test('resizeFloat is Pillow\'s resize without the rounding: within one grey level of it, shrinking and enlarging', () => {
  const random = seedrandom('resize');
  for (const [from, to] of [[150, 64], [37, 90], [64, 64]] as const) {
    const bytes = Uint8Array.from({ length: from * from * 3 }, () => Math.floor(random() * 256));
    const pillow = resizeBilinearLikePillow(bytes, from, from, 3, to, to);
    const float = resizeFloat(Float32Array.from(bytes, (v) => v / 255), from, from, to, to);
    let worst = 0;
    for (let i = 0; i < pillow.length; i++) worst = Math.max(worst, Math.abs(float[i]! * 255 - pillow[i]!));
    assert.ok(worst <= 1.01, `${from} -> ${to}: ${worst.toFixed(3)} levels apart`);
  }
});

test('resizeFloatTranspose is the adjoint: <R x, y> = <x, R^T y>', () => {
  const random = seedrandom('adjoint');
  for (const [width, height, outWidth, outHeight] of [[150, 150, 64, 64], [20, 31, 47, 13]] as const) {
    const x = Float32Array.from({ length: width * height * 3 }, () => random() - 0.5);
    const y = Float32Array.from({ length: outWidth * outHeight * 3 }, () => random() - 0.5);
    const rx = resizeFloat(x, width, height, outWidth, outHeight);
    const rty = resizeFloatTranspose(y, width, height, outWidth, outHeight);
    let [left, right] = [0, 0];
    for (let i = 0; i < y.length; i++) left += rx[i]! * y[i]!;
    for (let i = 0; i < x.length; i++) right += x[i]! * rty[i]!;
    assert.ok(Math.abs(left - right) < 1e-4 * Math.max(1, Math.abs(left)), `${width}x${height} -> ${outWidth}x${outHeight}: ${left} against ${right}`);
  }
});

test('the wrapped classifier: logits of the resampled images, and the input gradient at the outer size (finite differences)', async () => {
  const inner = new LinearPixelClassifier(3, 32);
  const model = new ResizedClassifier(inner, 45);
  assert.equal(model.spec.inputSize, 45);
  const images = randomImages(2, 45, 5);
  const labels = Int32Array.of(0, 2);
  const direct = await inner.logits({ ...images, pixels: Float32Array.from([0, 1].flatMap((n) => Array.from(resizeFloat(images.pixels.subarray(n * 6075, (n + 1) * 6075), 45, 45, 32, 32)))), height: 32, width: 32 });
  assert.deepEqual(await model.logits(images), direct);
  const { gradient } = await model.lossGradient(images, labels);
  const loss = async (pixels: Float32Array) => {
    const logits = await model.logits({ ...images, pixels });
    let total = 0;
    for (let n = 0; n < 2; n++) {
      const row = Array.from(logits.subarray(n * 3, n * 3 + 3));
      const max = Math.max(...row);
      total += Math.log(row.reduce((s, v) => s + Math.exp(v - max), 0)) + max - row[labels[n]!]!;
    }
    return total;
  };
  const random = seedrandom('probe');
  for (let k = 0; k < 25; k++) {
    const i = Math.floor(random() * images.pixels.length);
    const [plus, minus] = [images.pixels.slice(), images.pixels.slice()];
    plus[i]! += 1e-2;
    minus[i]! -= 1e-2;
    const numeric = ((await loss(plus)) - (await loss(minus))) / (plus[i]! - minus[i]!);
    assert.ok(Math.abs(numeric - gradient[i]!) < 1e-3 + 1e-2 * Math.abs(numeric), `pixel value ${i}: analytic ${gradient[i]}, numeric ${numeric}`);
  }
  await assert.rejects(model.logits(randomImages(1, 12)), /takes 45x45 images, got 12x12/);
});
