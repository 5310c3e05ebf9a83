// The seed project's real index files (/work/shared/datasets/celeb_faces_csv, no images), with
// generated placeholder images: both index forms must give the same 2562 samples.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { DatasetError, imageBatches, loadFaceIndex, readIndexCsv, sortedUniqueNames, type FaceIndex } from '../../src/data/index.js';
import { sharedDataset, solidJpeg, tempDir, warnings } from './fixtures.js';

const csvs = sharedDataset('celeb_faces_csv');
const options = { skip: csvs.skip };
const summary = (index: FaceIndex) => index.entries.map((e) => `${e.file}|${e.name}|${e.label}`);

// Made at the top level: an after-hook registered inside a test would run when that test ends.
const temp = csvs.skip ? null : await tempDir('fgsm-celeb-');
if (temp) test.after(temp.cleanup);

/** Copies both CSVs into a temp root and puts a 16x16 solid image (colour by person) for every row. */
async function makeRoot(): Promise<string> {
  const dir = temp!.dir;
  for (const name of ['Dataset.csv', 'dataset_faces.csv']) await copyFile(join(csvs.path, name), join(dir, name));
  await mkdir(join(dir, 'Faces'));
  const { rows } = await readIndexCsv(join(dir, 'Dataset.csv'));
  const names = sortedUniqueNames(rows.map((r) => r.label));
  // One JPEG per person, encoded once and written under each of their file names.
  const jpegs = await Promise.all(names.map((_, label) => solidJpeg([Math.round((label * 255) / names.length), 128, 255 - label], 16)));
  for (let i = 0; i < rows.length; i += 128) {
    await Promise.all(rows.slice(i, i + 128).map(({ id, label: name }) => writeFile(join(dir, 'Faces', id), jpegs[names.indexOf(name)]!)));
  }
  return dir;
}

let root: Promise<string> | undefined;
const celebRoot = () => (root ??= makeRoot());

test('celeb CSVs: Dataset.csv and headerless dataset_faces.csv give the same 2562 samples', options, async () => {
  const dir = await celebRoot();
  const byNames = await loadFaceIndex(dir, { index: 'Dataset.csv' });
  const byIndices = await loadFaceIndex(dir, { index: 'dataset_faces.csv' });
  assert.equal(byNames.labelForm, 'names');
  assert.equal(byIndices.labelForm, 'indices');
  assert.equal(byNames.entries.length, 2562);
  assert.equal(byIndices.entries.length, 2562, 'no sample lost (the seed read this headerless file with a header)');
  assert.equal(byIndices.entries[0]!.file, 'Faces/Robert Downey Jr_87.jpg');
  assert.deepEqual(summary(byIndices), summary(byNames));
  assert.equal(byNames.classNames.length, 31);
  assert.equal(byNames.classNames[0], 'Akshay Kumar');
  assert.equal(byNames.classNames[30], 'Zac Efron');
  assert.deepEqual(byIndices.classNames, byNames.classNames);
  const folder = await loadFaceIndex(dir, { index: 'folder' });
  assert.deepEqual([...summary(folder)].sort(), [...summary(byNames)].sort());
});

test('celeb CSVs: a missing image is an error naming it; a corrupt one is skipped by batching', options, async () => {
  const dir = await celebRoot();
  const missing = 'Faces/Lisa Kudrow_64.jpg';
  const corrupt = 'Faces/Ellen Degeneres_34.jpg';
  await rm(join(dir, missing));
  await writeFile(join(dir, corrupt), Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 7919 + 11) % 256)));

  for (const index of ['Dataset.csv', 'dataset_faces.csv']) {
    await assert.rejects(loadFaceIndex(dir, { index }), (error: unknown) => {
      assert.ok(error instanceof DatasetError && error.code === 'missing-images');
      assert.match(error.message, /1 image\(s\) listed .* do not exist .*"Faces\/Lisa Kudrow_64.jpg" \(row \d+\)/);
      assert.deepEqual(error.files, [missing]);
      return true;
    });
  }
  const log = warnings();
  const index = await loadFaceIndex(dir, { onMissingImage: 'exclude', warn: log.warn });
  assert.equal(index.entries.length, 2561);
  assert.deepEqual(index.excluded.map((e) => e.file), [missing]);

  const stream = imageBatches(index.entries, { batchSize: 256, inputSize: 16, onSkip: () => {} });
  let count = 0;
  for await (const { batch } of stream) count += batch.count;
  assert.equal(count, index.entries.length - 1);
  assert.deepEqual(stream.skipped.map((s) => s.file), [corrupt]);
  assert.match(stream.skipped[0]!.reason, /unsupported image format|corrupt/i);
});
