import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import sharp from 'sharp';
import { ImageDecodeError, decodeImage, encodePng, readResizedRgb8, readRgb8, resizeBilinearLikePillow } from '../../src/data/index.js';
import { tempDir, writeRawImage } from './fixtures.js';

const { dir, cleanup } = await tempDir();
test.after(cleanup);

/** A width x height RGB(A) pattern with every pixel different. */
function pattern(width: number, height: number, channels: number): Uint8Array {
  return Uint8Array.from({ length: width * height * channels }, (_, i) => (i * 37 + Math.floor(i / 7)) % 256);
}

test('Pillow bilinear: known values of a 2 -> 4 pixel enlargement', () => {
  // Pillow: Image.frombytes('L', (2, 1), bytes([0, 255])).resize((4, 1), Image.BILINEAR) -> 0, 64, 191, 255
  assert.deepEqual([...resizeBilinearLikePillow(Uint8Array.from([0, 255]), 2, 1, 1, 4, 1)], [0, 64, 191, 255]);
  // Shrinking 4 -> 2 widens the triangle to support 2 (antialias): output 0 centred on 1.0 weighs
  // inputs 0,1,2 by .75,.75,.25 (normalised /1.75): (80*.75 + 160*.25) / 1.75 = 57.1 -> 57;
  // output 1 centred on 3.0 weighs inputs 1,2,3 by .25,.75,.75: 182.9 -> 183.
  assert.deepEqual([...resizeBilinearLikePillow(Uint8Array.from([0, 80, 160, 240]), 4, 1, 1, 2, 1)], [57, 183]);
});

test('Pillow bilinear: same size is a copy, aspect ratio is not kept', () => {
  const src = pattern(5, 3, 3);
  const same = resizeBilinearLikePillow(src, 5, 3, 3, 5, 3);
  assert.deepEqual(same, src);
  assert.notEqual(same, src);
  assert.equal(resizeBilinearLikePillow(src, 5, 3, 3, 4, 4).length, 4 * 4 * 3);
});

test('Pillow bilinear agrees with libvips linear when shrinking (independent implementation)', async () => {
  // Smooth content like a face; on noise both antialiasing filters diverge more.
  const width = 90, height = 110;
  const src = Uint8Array.from({ length: width * height * 3 }, (_, i) => {
    const x = Math.floor(i / 3) % width, y = Math.floor(i / 3 / width), c = i % 3;
    return Math.round(128 + 100 * Math.sin(x / 7 + c) * Math.cos(y / 5));
  });
  const ours = resizeBilinearLikePillow(src, width, height, 3, 32, 32);
  const vips = await sharp(Buffer.from(src), { raw: { width, height, channels: 3 } }).resize(32, 32, { fit: 'fill', kernel: 'linear' }).raw().toBuffer();
  let worst = 0;
  for (let i = 0; i < ours.length; i++) worst = Math.max(worst, Math.abs(ours[i]! - vips[i]!));
  assert.ok(worst <= 4, `max difference ${worst}`);
});

test('PNG with alpha: alpha dropped without compositing, like PIL convert("RGB")', async () => {
  const file = join(dir, 'alpha.png');
  const rgba = new Uint8Array(4 * 4 * 4);
  for (let i = 0; i < 16; i++) rgba.set([200, 100, 50, i % 2 ? 0 : 128], i * 4);
  await writeRawImage(file, rgba, 4, 4, 4);
  const image = await readRgb8(file);
  assert.equal(image.data.length, 4 * 4 * 3);
  for (let i = 0; i < 16; i++) assert.deepEqual([...image.data.subarray(i * 3, i * 3 + 3)], [200, 100, 50]);
});

test('greyscale PNG (and grey + alpha) decode to RGB with three equal channels', async () => {
  const grey = pattern(6, 5, 1);
  const file = join(dir, 'grey.png');
  await writeRawImage(file, grey, 6, 5, 1);
  assert.equal((await sharp(file).metadata()).channels, 1, 'fixture really is single-channel');
  const image = await readRgb8(file);
  for (let i = 0; i < 30; i++) assert.deepEqual([...image.data.subarray(i * 3, i * 3 + 3)], [grey[i], grey[i], grey[i]]);

  const greyAlpha = join(dir, 'grey-alpha.png');
  await writeRawImage(greyAlpha, Uint8Array.from({ length: 6 * 5 * 2 }, (_, i) => (i % 2 ? 0 : 77)), 6, 5, 2);
  const decoded = await decodeImage(greyAlpha, 3);
  assert.ok(decoded.every((v) => v === Math.fround(77 / 255)));
});

test('WebP and JPEG decode; output is float32 HWC in [0,1] at the requested size', async () => {
  const webp = join(dir, 'face.webp');
  await writeRawImage(webp, pattern(20, 30, 3), 20, 30, 3);
  const pixels = await decodeImage(webp, 16);
  assert.ok(pixels instanceof Float32Array);
  assert.equal(pixels.length, 16 * 16 * 3);
  assert.ok(pixels.every((v) => v >= 0 && v <= 1));
  // Lossless WebP: enlarging then comparing with our own resize of the exact source.
  const expected = resizeBilinearLikePillow(pattern(20, 30, 3), 20, 30, 3, 16, 16);
  assert.deepEqual(await readResizedRgb8(webp, 16), expected);

  const jpeg = join(dir, 'face.jpg');
  await writeRawImage(jpeg, pattern(40, 40, 3), 40, 40, 3);
  assert.equal((await decodeImage(jpeg, 224)).length, 224 * 224 * 3);
  assert.equal((await decodeImage(jpeg, 224, { resampler: 'sharp-linear' })).length, 224 * 224 * 3);
});

test('EXIF orientation is not applied (PIL Image.open does not either)', async () => {
  const file = join(dir, 'rotated.png');
  const leftRedRightBlue = new Uint8Array(4 * 2 * 3);
  for (let y = 0; y < 2; y++) for (let x = 0; x < 4; x++) leftRedRightBlue.set(x < 2 ? [255, 0, 0] : [0, 0, 255], (y * 4 + x) * 3);
  await sharp(Buffer.from(leftRedRightBlue), { raw: { width: 4, height: 2, channels: 3 } }).withMetadata({ orientation: 6 }).png().toFile(file);
  assert.equal((await sharp(file).metadata()).orientation, 6);
  const image = await readRgb8(file);
  assert.deepEqual([image.width, image.height], [4, 2]);
  assert.deepEqual([...image.data.subarray(0, 3)], [255, 0, 0]);
});

test('unreadable images give an ImageDecodeError naming the file', async () => {
  const random = join(dir, 'random.jpg');
  await writeFile(random, Buffer.from(Array.from({ length: 600 }, (_, i) => (i * 7919 + 13) % 256)));
  const truncated = join(dir, 'truncated.jpg');
  const full = await sharp(Buffer.from(pattern(64, 64, 3)), { raw: { width: 64, height: 64, channels: 3 } }).jpeg().toBuffer();
  await writeFile(truncated, full.subarray(0, full.length >> 1));
  const missing = join(dir, 'missing.jpg');
  for (const file of [random, truncated, missing]) {
    await assert.rejects(decodeImage(file, 8), (error: unknown) => {
      assert.ok(error instanceof ImageDecodeError, String(error));
      assert.equal(error.file, file);
      assert.ok(error.message.includes(file) && error.message.includes('Fix:'), error.message);
      return true;
    });
  }
});

test('encodePng round-trips [0,1] pixels (clamped) to 8-bit PNG', async () => {
  const pixels = Float32Array.from({ length: 3 * 2 * 3 }, (_, i) => i / 17 - 0.05);
  const png = await encodePng(pixels, 3, 2);
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  assert.deepEqual([info.width, info.height, info.channels], [3, 2, 3]);
  assert.deepEqual([...data], [...pixels].map((v) => Math.round(Math.min(1, Math.max(0, v)) * 255)));
  await assert.rejects(encodePng(pixels, 4), /not 4x4x3/);
});
