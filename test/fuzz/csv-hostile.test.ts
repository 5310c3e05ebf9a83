/**
 * Every named index-CSV case of issue 7 part 3, loaded through loadFaceIndex: parsed intact, or
 * refused with one DatasetError that names the CSV and says how to fix it. No id may leave Faces/.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatasetError, loadFaceIndex, type DatasetErrorCode } from '../../src/data/index.js';
import { craftedCsvs, makeDataset, runCsv } from '../../scripts/fuzz/families/csv.js';

const work = mkdtempSync(join(tmpdir(), 'fgsm-csv-hostile-'));
test.after(() => rmSync(work, { recursive: true, force: true }));
const root = makeDataset(work);
let n = 0;

async function load(text: string, onMissingImage: 'error' | 'exclude' = 'error') {
  const csv = join(root, `case-${n++}.csv`);
  writeFileSync(csv, text);
  return { csv, index: loadFaceIndex(root, { index: csv, onMissingImage, warn: () => undefined }) };
}

async function refused(text: string, code: DatasetErrorCode, ...fragments: (string | RegExp)[]): Promise<void> {
  const { csv, index } = await load(text);
  await assert.rejects(index, (error: unknown) => {
    assert.ok(error instanceof DatasetError, `expected a DatasetError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    assert.ok(error.message.includes(csv), `names the file: ${error.message}`);
    assert.match(error.message, /Fix:/);
    assert.doesNotMatch(error.message, /\n/);
    for (const f of fragments) assert.ok(typeof f === 'string' ? error.message.includes(f) : f.test(error.message), `${error.message}\n  should mention ${String(f)}`);
    return true;
  });
}

test('every crafted CSV of the fuzz family is accepted consistently or refused clearly', async () => {
  for (const [label, text] of craftedCsvs()) {
    const csv = join(root, 'crafted.csv');
    writeFileSync(csv, text);
    const result = await runCsv(root, csv, 'error');
    assert.notEqual(result.outcome, 'crash', `${label}: ${result.detail}`);
  }
});

test('BOM + CRLF + quoted names with commas', async () => {
  const { index } = await load('\ufeffid,label\r\n"Smith, John_0.jpg","Smith, John"\r\nAlice_0.jpg,Alice\r\n');
  assert.deepEqual((await index).entries.map((e) => [e.file, e.name]), [['Faces/Smith, John_0.jpg', 'Smith, John'], ['Faces/Alice_0.jpg', 'Alice']]);
});

test('accented and non-Latin names, sorted like Python', async () => {
  const { index } = await load('id,label\n李小龙_0.jpg,李小龙\nJosé Álvarez_0.jpg,José Álvarez\nZoë_0.png,Zoë\n');
  assert.deepEqual((await index).classNames, ['José Álvarez', 'Zoë', '李小龙']);
});

test('trailing blank lines (LF, CRLF, spaces) are ignored', async () => {
  const { index } = await load('id,label\nAlice_0.jpg,Alice\n\n\r\n   \n\n');
  assert.equal((await index).entries.length, 1);
});

test('duplicate ids, also after normalising ./', async () => {
  await refused('id,label\nAlice_0.jpg,Alice\nBob_0.jpg,Bob\nAlice_0.jpg,Alice\n', 'duplicate-id', '"Alice_0.jpg" (rows 2 and 4)');
  await refused('id,label\nAlice_0.jpg,Alice\n./Alice_0.jpg,Alice\n', 'duplicate-id', 'rows 2 and 3');
});

test('ids with .. or absolute paths are refused: data stays inside the data folder', async () => {
  // secret_0.jpg really exists next to Faces/: refusing it is about the path, not the file.
  await refused('id,label\n../secret_0.jpg,Secret\n', 'unsafe-id', '"../secret_0.jpg" contains `..`');
  await refused('id,label\nsub/../../secret_0.jpg,Secret\n', 'unsafe-id', 'contains `..`');
  await refused('id,label\n/etc/passwd,Root\n', 'unsafe-id', '"/etc/passwd" is an absolute path');
  await refused('id,label\n"C:\\x_0.jpg",X\n', 'unsafe-id', 'is an absolute path');
  await refused('id,label\n"\\\\server\\share\\x_0.jpg",X\n', 'unsafe-id', 'is an absolute path');
});

test('ids naming a folder (".", "./", "sub/") are refused, not taken as images (found by the fuzzer)', async () => {
  for (const id of ['.', './', 'sub/', 'sub//']) await refused(`id,label\n"${id}",X\n`, 'unsafe-id', `${JSON.stringify(id)} names a folder, not an image file`);
  // A folder named without a trailing slash is no image file either: reported as missing, never used.
  await refused('id,label\nsub,X\n', 'missing-images', '"Faces/sub" (row 2)');
  await refused('id,label\nsub/.,X\n', 'missing-images', '"Faces/sub" (row 2)');
});

test('labels that are int indices in some rows and names in others', async () => {
  await refused('Alice_0.jpg,0\nBob_0.jpg,Bob\n', 'bad-label', 'mixes int class labels (row 1 ("0"))', 'person names (row 2 ("Bob"))');
  // Each form alone loads.
  assert.deepEqual((await (await load('Alice_0.jpg,0\nBob_0.jpg,1\n')).index).labelForm, 'indices');
  assert.deepEqual((await (await load('id,label\nAlice_0.jpg,Alice\n')).index).labelForm, 'names');
});

test('a CSV that names 0 images', async () => {
  await refused('', 'empty-index', 'is empty');
  await refused('id,label\r\n', 'empty-index', 'lists no images');
  await refused('\n\n\r\n', 'empty-index');
  const { index } = await load('id,label\nNobody_0.jpg,Nobody\n', 'exclude');
  await assert.rejects(index, (error: unknown) => error instanceof DatasetError && error.code === 'empty-index');
});

test('hundreds of parse errors make one short line, counted (found by the fuzzer)', async () => {
  const text = Array.from({ length: 300 }, (_, i) => `"Alice_${i}"x.jpg,Alice`).join('\n');
  await refused(text, 'unreadable-index', /CSV parsing errors: Trailing quote on quoted field is malformed \(x\d+\)/);
  await refused(text, 'unreadable-index', /^.{0,600}$/);
});

test('binary garbage and unterminated quotes', async () => {
  await refused('id,label\n"Alice_0.jpg,Alice\n', 'unreadable-index');
  await refused(String.fromCharCode(...Array.from({ length: 300 }, (_, i) => (i * 7919 + 13) % 256)), 'malformed-row');
});
