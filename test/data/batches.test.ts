import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ImageDecodeError, imageBatches, type SkippedImage } from '../../src/data/index.js';
import { fakeEntries } from './fixtures.js';

const size = 4;
const imageLength = size * size * 3;
const entries = fakeEntries({ A: 9, B: 8 }); // 17 images

/** A fake reader: every pixel of image i is the byte i; counts calls; fails on `bad`. */
function fakeReader(bad: readonly string[] = []) {
  const calls: string[] = [];
  const readImage = async (path: string, inputSize: number) => {
    calls.push(path);
    await new Promise((r) => setTimeout(r, 1));
    if (bad.includes(path)) throw new ImageDecodeError(path, 'corrupt');
    return new Uint8Array(inputSize * inputSize * 3).fill(entries.findIndex((e) => e.path === path));
  };
  return { readImage, calls };
}

test('batches cover the entries once, in order, with the right shapes, values and labels', async () => {
  const { readImage } = fakeReader();
  const seen: string[] = [];
  const counts: number[] = [];
  for await (const { batch, labels, entries: members } of imageBatches(entries, { batchSize: 5, inputSize: size, readImage })) {
    assert.equal(batch.pixels.length, batch.count * imageLength);
    assert.equal(batch.pixels.buffer.byteLength, batch.count * imageLength * 4, 'no hidden larger buffer');
    assert.deepEqual([batch.height, batch.width], [size, size]);
    assert.deepEqual([...labels], members.map((e) => e.label));
    members.forEach((e, i) => assert.equal(batch.pixels[i * imageLength + 7], Math.fround(entries.indexOf(e) / 255)));
    seen.push(...members.map((e) => e.file));
    counts.push(batch.count);
  }
  assert.deepEqual(counts, [5, 5, 5, 2]);
  assert.deepEqual(seen, entries.map((e) => e.file));
});

test('lazy: decoding runs at most a little ahead of the consumer, and batches are fresh arrays', async () => {
  const { readImage, calls } = fakeReader();
  const batchSize = 4;
  const stream = imageBatches(entries, { batchSize, inputSize: size, concurrency: 3, readImage });
  assert.equal(calls.length, 0, 'nothing decoded before the first pull');
  const first = await stream.next();
  assert.ok(calls.length <= batchSize * 2, `${calls.length} decodes before the first batch`);
  const second = await stream.next();
  assert.ok(calls.length <= batchSize * 3, `${calls.length} decodes after two batches`);
  assert.ok(!first.done && !second.done);
  assert.notEqual(first.value.batch.pixels.buffer, second.value.batch.pixels.buffer);
  const before = second.value.batch.pixels.slice();
  first.value.batch.pixels.fill(-1); // the consumer owns what it was given
  await stream.next();
  assert.deepEqual(second.value.batch.pixels, before);
  await stream.return(undefined);
});

test('unreadable images are skipped, reported once, listed, and replaced by the next image', async () => {
  const bad = [entries[2]!.path, entries[16]!.path];
  const { readImage } = fakeReader(bad);
  const reported: SkippedImage[] = [];
  const stream = imageBatches(entries, { batchSize: 5, inputSize: size, readImage, onSkip: (s) => reported.push(s) });
  const counts: number[] = [];
  const seen: string[] = [];
  for await (const { batch, entries: members } of stream) {
    counts.push(batch.count);
    seen.push(...members.map((e) => e.file));
  }
  assert.deepEqual(counts, [5, 5, 5]);
  assert.equal(seen.length, entries.length - 2);
  assert.deepEqual(stream.skipped, [{ file: entries[2]!.file, reason: 'corrupt' }, { file: entries[16]!.file, reason: 'corrupt' }]);
  assert.deepEqual(reported, stream.skipped);
});

test('a failure that is not a bad image (a bug) is not swallowed', async () => {
  const readImage = async () => {
    throw new TypeError('boom');
  };
  await assert.rejects(async () => {
    for await (const _ of imageBatches(entries, { batchSize: 5, inputSize: size, readImage })) void _;
  }, /boom/);
  assert.throws(() => imageBatches(entries, { batchSize: 0, inputSize: size }), /batchSize/);
});
