// The whole data pipeline on real faces: /work/shared/datasets/orl_faces (40 people x 10 greyscale JPEGs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { decodeImage, loadFaceDataset, type FaceDataset } from '../../src/data/index.js';
import { sharedDataset, tempDir, warnings } from './fixtures.js';

const orl = sharedDataset('orl_faces');
const options = { skip: orl.skip };
let loaded: Promise<FaceDataset> | undefined;
const dataset = () => (loaded ??= loadFaceDataset(orl.path));

test('ORL: 400 entries, 40 sorted classes of 10 images', options, async () => {
  const ds = await dataset();
  assert.equal(ds.indexFile, join(orl.path, 'Dataset.csv'));
  assert.equal(ds.entries.length, 400);
  assert.equal(ds.classNames.length, 40);
  assert.deepEqual(ds.classNames, [...ds.classNames].sort());
  assert.equal(ds.classNames[0], 'Subject 01');
  assert.deepEqual(ds.unlisted, []);
  const counts = ds.classCounts();
  assert.deepEqual(counts.map((c) => c.count), Array(40).fill(10));
  assert.deepEqual(counts.map((c) => c.name), ds.classNames);
  assert.deepEqual(ds.toDataFrame().shape, [400, 3]);
  for (const e of ds.entries) assert.equal(ds.classNames[e.label], e.name);
});

test('ORL: greyscale JPEGs decode to RGB with equal channels, in [0,1]', options, async () => {
  const ds = await dataset();
  const pixels = await decodeImage(ds.entries[0]!.path, 64);
  assert.equal(pixels.length, 64 * 64 * 3);
  let min = 1, max = 0;
  for (let i = 0; i < pixels.length; i += 3) {
    assert.ok(pixels[i] === pixels[i + 1] && pixels[i] === pixels[i + 2]);
    min = Math.min(min, pixels[i]!);
    max = Math.max(max, pixels[i]!);
  }
  assert.ok(min >= 0 && max <= 1 && max - min > 0.3, `a real face has contrast (${min}..${max})`);
});

test('ORL: stratified split 8 train / 2 test per person, seeded', options, async () => {
  const ds = await dataset();
  const split = ds.split({ seed: 0 });
  for (const name of ds.classNames) {
    assert.equal(split.train.filter((e) => e.name === name).length, 8, name);
    assert.equal(split.test.filter((e) => e.name === name).length, 2, name);
  }
  assert.deepEqual(ds.split({ seed: 0 }).test, split.test);
  assert.notDeepEqual(ds.split({ seed: 1 }).test.map((e) => e.file), split.test.map((e) => e.file));
});

test('ORL: split file made once, then reused; batches cover the test split exactly once', options, async () => {
  const ds = await dataset();
  const { dir, cleanup } = await tempDir();
  test.after(cleanup);
  const path = join(dir, 'split.json');
  const made = await ds.splitFile(path, { seed: 3 });
  const log = warnings();
  const again = await ds.splitFile(path, { seed: 99, warn: log.warn });
  assert.deepEqual(again.test, made.test);
  assert.match(log.messages[0]!, /Using the split saved in .*seed 3/);

  const stream = ds.batches(made.test, { batchSize: 32, inputSize: 32 });
  const seen: string[] = [];
  for await (const { batch, labels, entries } of stream) {
    assert.deepEqual([batch.height, batch.width], [32, 32]);
    assert.equal(batch.pixels.length, batch.count * 32 * 32 * 3);
    assert.equal(labels.length, batch.count);
    seen.push(...entries.map((e) => e.file));
  }
  assert.deepEqual(seen, made.test.map((e) => e.file));
  assert.equal(seen.length, 80);
  assert.deepEqual(stream.skipped, []);
});

test('ORL: Pillow bilinear and libvips linear agree closely when shrinking a real face', options, async () => {
  const ds = await dataset();
  const path = ds.entries[123]!.path;
  const ours = await decodeImage(path, 48);
  const vips = await decodeImage(path, 48, { resampler: 'sharp-linear' });
  let worst = 0;
  for (let i = 0; i < ours.length; i++) worst = Math.max(worst, Math.abs(ours[i]! - vips[i]!));
  assert.ok(worst <= 4 / 255, `max difference ${worst * 255}/255`);
});
