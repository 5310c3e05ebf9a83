import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { mkdir } from 'node:fs/promises';
import { DatasetError, compareCodePoints, loadFaceIndex, nameFromFileName, readIndexCsv, sortedUniqueNames } from '../../src/data/index.js';
import { tempDir, warnings, writeSolidImage, writeText } from './fixtures.js';

/** A dataset folder with the given index CSV text and solid images for `images` (ids in Faces/). */
async function dataset(csv: { name: string; text: string } | null, images: readonly string[]) {
  const { dir, cleanup } = await tempDir();
  test.after(cleanup);
  await mkdir(join(dir, 'Faces'));
  for (const [i, id] of images.entries()) await writeSolidImage(join(dir, 'Faces', id), [i * 20, 100, 200]);
  if (csv) await writeText(join(dir, csv.name), csv.text);
  return dir;
}

function rejectsWith(code: string, ...fragments: (string | RegExp)[]) {
  return (error: unknown) => {
    assert.ok(error instanceof DatasetError, `expected a DatasetError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    for (const f of fragments) assert.ok(typeof f === 'string' ? error.message.includes(f) : f.test(error.message), `${error.message}\n  should mention ${String(f)}`);
    assert.match(error.message, /Fix:/);
    return true;
  };
}

test('names sort like Python sorted(): code points, not locale', () => {
  assert.deepEqual(sortedUniqueNames(['adam', 'Zoë', 'Émile', 'Zoe', 'adam']), ['Zoe', 'Zoë', 'adam', 'Émile']);
  // Beyond U+FFFF: code points (Python) and UTF-16 units (JS `<`) disagree; code points win.
  assert.ok(compareCodePoints('\uff21', '\u{1f600}') < 0);
  assert.ok('\u{1f600}' < '\uff21');
  assert.equal(nameFromFileName('Robert Downey Jr_87.jpg'), 'Robert Downey Jr');
  assert.equal(nameFromFileName('sub/Jean_Luc_3.png'), 'Jean_Luc');
  assert.equal(nameFromFileName('no-index.jpg'), null);
});

test('BOM, CRLF, quoted names with commas and quotes, accents: parsed intact', async () => {
  const ids = ['Smith, John_0.jpg', 'Smith, John_1.jpg', 'José Álvarez_0.jpg', 'He said "hi"_0.jpg', 'Zoë_0.jpg'];
  const text = '\ufeffid,label\r\n"Smith, John_0.jpg","Smith, John"\r\n"Smith, John_1.jpg","Smith, John"\r\nJosé Álvarez_0.jpg,José Álvarez\r\n"He said ""hi""_0.jpg","He said ""hi"""\r\nZoë_0.jpg,Zoë\r\n\r\n';
  const root = await dataset({ name: 'Dataset.csv', text }, ids);
  const index = await loadFaceIndex(root);
  assert.equal(index.labelForm, 'names');
  assert.deepEqual(index.classNames, ['He said "hi"', 'José Álvarez', 'Smith, John', 'Zoë']);
  assert.deepEqual(index.entries.map((e) => [e.file, e.name, e.label]), [
    ['Faces/Smith, John_0.jpg', 'Smith, John', 2],
    ['Faces/Smith, John_1.jpg', 'Smith, John', 2],
    ['Faces/José Álvarez_0.jpg', 'José Álvarez', 1],
    ['Faces/He said "hi"_0.jpg', 'He said "hi"', 0],
    ['Faces/Zoë_0.jpg', 'Zoë', 3],
  ]);
  assert.equal(index.entries[0]!.path, join(root, 'Faces', 'Smith, John_0.jpg'));
});

test('headerless int labels: first row kept, names recovered from file names and checked', async () => {
  const ids = ['Bob_0.jpg', 'Bob_1.jpg', 'Al_0.jpg', 'Cy_7.jpg'];
  const root = await dataset({ name: 'dataset_faces.csv', text: 'Bob_0.jpg,1\nBob_1.jpg,1\nAl_0.jpg,0\nCy_7.jpg,2\n' }, ids);
  const index = await loadFaceIndex(root);
  assert.equal(index.labelForm, 'indices');
  assert.equal(index.entries.length, 4, 'the first row is a sample, not a header');
  assert.deepEqual(index.entries.map((e) => [e.name, e.label]), [['Bob', 1], ['Bob', 1], ['Al', 0], ['Cy', 2]]);
});

test('header detection never eats a first sample', async () => {
  const { dir, cleanup } = await tempDir();
  test.after(cleanup);
  const cases: [string, boolean, number][] = [
    ['id,label\nA_0.jpg,A\n', true, 1],
    ['filename,person\nA_0.jpg,A\n', true, 1],
    ['A_0.jpg,A\nB_0.jpg,B\n', false, 2],
    ['A_0,A\nB_0,B\n', false, 2], // ids without extension: only a known column name makes a header
    ['x,3\nA_0.jpg,3\n', false, 2], // an int label is data, whatever the id
  ];
  for (const [i, [text, hasHeader, rows]] of cases.entries()) {
    await writeText(join(dir, `${i}.csv`), text);
    const csv = await readIndexCsv(join(dir, `${i}.csv`));
    assert.deepEqual([csv.hasHeader, csv.rows.length], [hasHeader, rows], text);
  }
});

test('int labels that disagree with the sorted names are an error naming the rows', async () => {
  const root = await dataset({ name: 'dataset_faces.csv', text: 'Bob_0.jpg,0\nAl_0.jpg,1\n' }, ['Bob_0.jpg', 'Al_0.jpg']);
  await assert.rejects(loadFaceIndex(root), rejectsWith('bad-label', 'row 1', 'Bob_0.jpg', '"Bob" is class 1'));
  const unnamed = await dataset({ name: 'dataset_faces.csv', text: 'Bob_0.jpg,0\nportrait.jpg,0\n' }, ['Bob_0.jpg', 'portrait.jpg']);
  await assert.rejects(loadFaceIndex(unnamed), rejectsWith('bad-label', 'row 2', 'portrait.jpg'));
});

test('duplicate ids are an error naming both rows', async () => {
  const root = await dataset({ name: 'Dataset.csv', text: 'id,label\nA_0.jpg,A\nB_0.jpg,B\nA_0.jpg,A\n' }, ['A_0.jpg', 'B_0.jpg']);
  await assert.rejects(loadFaceIndex(root), rejectsWith('duplicate-id', 'A_0.jpg', 'rows 2 and 4'));
});

test('ids escaping Faces/ are refused', async () => {
  for (const id of ['../x_0.jpg', '/etc/x_0.jpg', 'sub/../../x_0.jpg', 'C:\\x_0.jpg', '..\\x_0.jpg']) {
    const root = await dataset({ name: 'Dataset.csv', text: `id,label\nA_0.jpg,A\n"${id}",X\n` }, ['A_0.jpg']);
    await assert.rejects(loadFaceIndex(root), rejectsWith('unsafe-id', JSON.stringify(id), 'row 3'));
  }
});

test('missing images: error listing them by default, or excluded and reported', async () => {
  const root = await dataset({ name: 'Dataset.csv', text: 'id,label\nA_0.jpg,A\nA_1.jpg,A\nB_0.jpg,B\n' }, ['A_0.jpg']);
  await assert.rejects(loadFaceIndex(root), rejectsWith('missing-images', '"Faces/A_1.jpg" (row 3)', '"Faces/B_0.jpg" (row 4)', "onMissingImage: 'exclude'"));
  const log = warnings();
  const index = await loadFaceIndex(root, { onMissingImage: 'exclude', warn: log.warn });
  assert.deepEqual(index.entries.map((e) => e.file), ['Faces/A_0.jpg']);
  assert.deepEqual(index.classNames, ['A', 'B'], 'labels stay those of the full index');
  assert.deepEqual(index.excluded.map((e) => [e.file, e.row]), [['Faces/A_1.jpg', 3], ['Faces/B_0.jpg', 4]]);
  assert.match(log.messages.join('\n'), /Excluded 2 row/);
});

test('images in Faces/ that the CSV does not list are reported, not used', async () => {
  const root = await dataset({ name: 'Dataset.csv', text: 'id,label\nA_0.jpg,A\n' }, ['A_0.jpg', 'A_1.jpg', 'Z_0.png']);
  const log = warnings();
  const index = await loadFaceIndex(root, { warn: log.warn });
  assert.equal(index.entries.length, 1);
  assert.deepEqual(index.unlisted, ['Faces/A_1.jpg', 'Faces/Z_0.png']);
  assert.match(log.messages[0]!, /2 image\(s\) .* not listed .*"Faces\/A_1.jpg", "Faces\/Z_0.png"/);
});

test('no CSV: the index comes from the Faces/ file names', async () => {
  const root = await dataset(null, ['Bo_1.jpg', 'Al_0.jpg', 'Bo_0.webp']);
  const index = await loadFaceIndex(root);
  assert.equal(index.labelForm, 'file-names');
  assert.equal(index.indexFile, null);
  assert.deepEqual(index.entries.map((e) => [e.file, e.label]), [['Faces/Al_0.jpg', 0], ['Faces/Bo_0.webp', 1], ['Faces/Bo_1.jpg', 1]]);
  const badNames = await dataset(null, ['Al_0.jpg', 'holiday.jpg']);
  await assert.rejects(loadFaceIndex(badNames), rejectsWith('bad-label', 'holiday.jpg'));
});

test('choosing the index: explicit file, folder, missing file', async () => {
  const root = await dataset({ name: 'Dataset.csv', text: 'id,label\nA_0.jpg,A\n' }, ['A_0.jpg', 'B_0.jpg']);
  await writeText(join(root, 'other.csv'), 'B_0.jpg,Bee\n');
  assert.deepEqual((await loadFaceIndex(root, { index: 'other.csv', warn: () => {} })).classNames, ['Bee']);
  assert.deepEqual((await loadFaceIndex(root, { index: 'folder' })).classNames, ['A', 'B']);
  await assert.rejects(loadFaceIndex(root, { index: 'dataset_faces.csv' }), rejectsWith('missing-index', join(root, 'dataset_faces.csv')));
});

test('layout errors: missing root, missing Faces/ (with a hint for faces/), empty and malformed CSVs', async () => {
  const { dir, cleanup } = await tempDir();
  test.after(cleanup);
  await assert.rejects(loadFaceIndex(join(dir, 'nope')), rejectsWith('missing-root', join(dir, 'nope')));
  await mkdir(join(dir, 'faces'));
  await assert.rejects(loadFaceIndex(dir), rejectsWith('missing-faces-folder', join(dir, 'Faces'), 'rename it'));

  const empty = await dataset({ name: 'Dataset.csv', text: '' }, ['A_0.jpg']);
  await assert.rejects(loadFaceIndex(empty), rejectsWith('empty-index', 'Dataset.csv'));
  const headerOnly = await dataset({ name: 'Dataset.csv', text: 'id,label\r\n' }, ['A_0.jpg']);
  await assert.rejects(loadFaceIndex(headerOnly), rejectsWith('empty-index', 'lists no images'));
  const ragged = await dataset({ name: 'Dataset.csv', text: 'id,label\nA_0.jpg,A,extra\nA_1.jpg\nA_2.jpg,A,\n' }, ['A_0.jpg', 'A_1.jpg', 'A_2.jpg']);
  await assert.rejects(loadFaceIndex(ragged), rejectsWith('malformed-row', 'row 2', 'row 3', '2 row(s)'));
  const unterminated = await dataset({ name: 'Dataset.csv', text: 'id,label\n"A_0.jpg,A\n' }, ['A_0.jpg']);
  await assert.rejects(loadFaceIndex(unterminated), rejectsWith('unreadable-index', 'Dataset.csv'));
});

test('one sub-folder per person (no Faces/, no CSV): the folder names the person', async () => {
  const { dir, cleanup } = await tempDir();
  test.after(cleanup);
  for (const file of ['Ana Lima/1.jpg', 'Ana Lima/2.png', 'Bo/a.jpg', 'Bo/nested/b.jpg', '.hidden/x.jpg']) {
    await writeSolidImage(join(dir, file), [90, 120, 150]);
  }
  const index = await loadFaceIndex(dir);
  assert.equal(index.labelForm, 'person-folders');
  assert.deepEqual(index.classNames, ['Ana Lima', 'Bo']);
  assert.deepEqual(index.entries.map((e) => [e.file, e.name, e.label]), [
    ['Ana Lima/1.jpg', 'Ana Lima', 0],
    ['Ana Lima/2.png', 'Ana Lima', 0],
    ['Bo/a.jpg', 'Bo', 1],
    ['Bo/nested/b.jpg', 'Bo', 1],
  ]);
  assert.equal(index.entries[0]!.path, join(dir, 'Ana Lima', '1.jpg'));
});
