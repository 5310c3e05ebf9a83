import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFile, writeFile } from 'node:fs/promises';
import {
  DatasetError,
  carveValidation,
  heldOutCount,
  indexHash,
  readSplitFile,
  seededShuffle,
  stratifiedSplit,
  writeSplitFile,
} from '../../src/data/index.js';
import { fakeEntries, tempDir, warnings } from './fixtures.js';

const entries = fakeEntries({ Ann: 10, Bob: 7, Cy: 2, Dee: 1, Eve: 31 });
const files = (list: readonly { file: string }[]) => list.map((e) => e.file);
const countBy = (list: readonly { name: string }[]) => Object.fromEntries(['Ann', 'Bob', 'Cy', 'Dee', 'Eve'].map((n) => [n, list.filter((e) => e.name === n).length]));

test('held-out count per class: >= 1 when a class has 2+ images, never the whole class', () => {
  assert.deepEqual([1, 2, 3, 5, 7, 10, 31].map((n) => heldOutCount(n, 0.2)), [0, 1, 1, 1, 1, 2, 6]);
  assert.equal(heldOutCount(10, 0), 0);
  assert.equal(heldOutCount(2, 0.9), 1);
});

test('stratified 80/20 split: per-class counts, disjoint, covers everything', () => {
  const split = stratifiedSplit(entries, { seed: 1 });
  assert.equal(split.testFraction, 0.2);
  assert.deepEqual(countBy(split.test), { Ann: 2, Bob: 1, Cy: 1, Dee: 0, Eve: 6 });
  assert.deepEqual([...files(split.train), ...files(split.test)].sort(), files(entries).sort());
  assert.deepEqual(files(split.test), [...files(split.test)].sort(), 'sorted by file');
});

test('split is deterministic for a seed, independent of row order, different for another seed', () => {
  const a = stratifiedSplit(entries, { seed: 42 });
  const b = stratifiedSplit(seededShuffle(entries, 'row order'), { seed: 42 });
  assert.deepEqual(files(a.test), files(b.test));
  assert.deepEqual(files(a.train), files(b.train));
  assert.notDeepEqual(files(stratifiedSplit(entries, { seed: 43 }).test), files(a.test));
  // Adding a person leaves the others' split unchanged.
  const more = stratifiedSplit([...entries, ...fakeEntries({ Zed: 5 })], { seed: 42 });
  assert.deepEqual(files(more.test).filter((f) => !f.includes('Zed')), files(a.test));
});

test('validation is carved from train only, stratified and seeded', () => {
  const split = stratifiedSplit(entries, { seed: 7 });
  const { train, validation } = carveValidation(split.train, { seed: 7, fraction: 0.25 });
  assert.deepEqual([...files(train), ...files(validation)].sort(), files(split.train).sort());
  const test = new Set(files(split.test));
  assert.ok(validation.every((e) => !test.has(e.file)));
  assert.deepEqual(countBy(validation), { Ann: 2, Bob: 2, Cy: 0, Dee: 0, Eve: 6 });
  assert.deepEqual(files(carveValidation(split.train, { seed: 7, fraction: 0.25 }).validation), files(validation));
  assert.throws(() => stratifiedSplit(entries, { seed: 1, testFraction: 1 }), RangeError);
});

test('split file round trip, and refusal of a split made for another dataset', async (t) => {
  const { dir, cleanup } = await tempDir();
  // t.after: a root-level test.after registered this late (last test of the file) never runs.
  t.after(cleanup);
  const path = join(dir, 'split.json');
  const split = stratifiedSplit(entries, { seed: 'abc', testFraction: 0.3 });
  const written = await writeSplitFile(path, split, entries);
  const json = JSON.parse(await readFile(path, 'utf8'));
  assert.deepEqual(Object.keys(json).sort(), ['createdAt', 'indexHash', 'seed', 'test', 'testFraction', 'train']);
  assert.equal(json.indexHash, indexHash(entries));
  assert.equal(json.indexHash, indexHash(seededShuffle(entries, 1)), 'hash ignores row order');

  const log = warnings();
  const read = await readSplitFile(path, seededShuffle(entries, 2), log);
  assert.deepEqual(read.train, split.train);
  assert.deepEqual(read.test, split.test);
  assert.equal(read.seed, 'abc');
  assert.equal(read.createdAt, written.createdAt);
  assert.deepEqual(log.messages, []);

  // Same files plus a new person: still valid, with a warning that the dataset changed.
  await readSplitFile(path, [...entries, ...fakeEntries({ Zed: 3 })], log);
  assert.match(log.messages[0]!, /changed/);

  const other = fakeEntries({ Ann: 10, Bob: 7 });
  await assert.rejects(readSplitFile(path, other), (error: unknown) => {
    assert.ok(error instanceof DatasetError && error.code === 'split-mismatch');
    assert.match(error.message, new RegExp(`${path}.*not in this dataset.*Faces/Cy_`));
    assert.match(error.message, /Fix:/);
    return true;
  });

  await writeFile(path, '{"seed": 1, "train": []');
  await assert.rejects(readSplitFile(path, entries), /split.json is not valid JSON.*Fix:/);
  await writeFile(path, JSON.stringify({ ...json, test: 'x' }));
  await assert.rejects(readSplitFile(path, entries), /wrong fields: test/);
  await writeFile(path, JSON.stringify({ ...json, test: [...json.test, json.train[0]] }));
  await assert.rejects(readSplitFile(path, entries), /1 image\(s\) in both train and test/);
  await assert.rejects(readSplitFile(join(dir, 'none.json'), entries), /Cannot read split file .*none.json/);
});
