import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import {
  DEFAULT_SAMPLE_FACES_OPTIONS,
  SAMPLE_PEOPLE,
  faceIdentity,
  faceSvg,
  generateSampleFaces,
} from '../../src/data/index.js';

/** The committed sample set, found from this file so the test works from any working directory. */
const COMMITTED = fileURLToPath(new URL('../../data/sample_faces/', import.meta.url));

const SMALL = { seed: 3, people: 3, perPerson: 4, size: 48, quality: 85 } as const;

async function withTempDir<T>(run: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'sample-faces-'));
  try {
    return await run(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Every file of a generated folder, by relative path. */
async function snapshot(dir: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  files.set('Dataset.csv', await readFile(join(dir, 'Dataset.csv')));
  for (const name of await readdir(join(dir, 'Faces'))) files.set(`Faces/${name}`, await readFile(join(dir, 'Faces', name)));
  return files;
}

function parseCsv(text: string): { header: string; rows: { id: string; label: string }[] } {
  const [header = '', ...lines] = text.split('\n');
  assert.equal(lines.pop(), '', 'CSV ends with exactly one LF');
  return {
    header,
    rows: lines.map((line) => {
      const [id = '', label = '', ...rest] = line.split(',');
      assert.equal(rest.length, 0, `unexpected comma in "${line}"`);
      return { id, label };
    }),
  };
}

test('sample people are invented, unique and at least 16', () => {
  assert.ok(SAMPLE_PEOPLE.length >= 16);
  assert.equal(new Set(SAMPLE_PEOPLE).size, SAMPLE_PEOPLE.length);
  for (const name of SAMPLE_PEOPLE) assert.match(name, /^[A-Za-z][A-Za-z -]+ [A-Za-z-]+$/, `plain ASCII full name: ${name}`);
});

test('writes the Kaggle layout: Faces/<Name>_<i>.jpg and a sorted id,label CSV', async () => {
  await withTempDir(async (dir) => {
    const result = await generateSampleFaces(dir, SMALL);
    assert.deepEqual(result, { files: 12, people: SAMPLE_PEOPLE.slice(0, 3) });
    const expectedIds = result.people.flatMap((name) => [0, 1, 2, 3].map((i) => `${name}_${i}.jpg`)).sort();
    assert.deepEqual((await readdir(join(dir, 'Faces'))).sort(), expectedIds);

    const text = await readFile(join(dir, 'Dataset.csv'), 'utf8');
    assert.ok(!text.includes('\r'), 'LF line endings only');
    const { header, rows } = parseCsv(text);
    assert.equal(header, 'id,label');
    assert.deepEqual(
      rows.map((row) => row.id),
      expectedIds,
    );
    for (const row of rows) assert.equal(`${row.label}_`, row.id.replace(/\d+\.jpg$/, ''));
  });
});

test('every JPEG decodes to the requested size with 3 channels', async () => {
  await withTempDir(async (dir) => {
    await generateSampleFaces(dir, SMALL);
    for (const name of await readdir(join(dir, 'Faces'))) {
      const image = await readFile(join(dir, 'Faces', name));
      assert.deepEqual([image[0], image[1]], [0xff, 0xd8], `${name} is a JPEG`);
      const { info } = await sharp(image).raw().toBuffer({ resolveWithObject: true });
      assert.deepEqual([info.width, info.height, info.channels], [SMALL.size, SMALL.size, 3], name);
    }
  });
});

test('same seed gives byte-identical files, another seed different photos', async () => {
  await withTempDir(async (dir) => {
    const [first, second, other] = [join(dir, 'a'), join(dir, 'b'), join(dir, 'c')];
    await generateSampleFaces(first, SMALL);
    await generateSampleFaces(second, SMALL);
    await generateSampleFaces(other, { ...SMALL, seed: SMALL.seed + 1 });
    const [a, b, c] = await Promise.all([snapshot(first), snapshot(second), snapshot(other)]);
    assert.deepEqual([...a.keys()], [...b.keys()]);
    for (const [name, bytes] of a) assert.ok(bytes.equals(b.get(name) as Buffer), `${name} differs between identical runs`);
    assert.ok((a.get('Dataset.csv') as Buffer).equals(c.get('Dataset.csv') as Buffer), 'the seed does not change the file list');
    const changed = [...a.keys()].filter((name) => name.startsWith('Faces/') && !a.get(name)?.equals(c.get(name) as Buffer));
    assert.equal(changed.length, 12, 'every photo changes with the seed');
  });
});

test('refuses to write into a Faces folder holding other files', async () => {
  await withTempDir(async (dir) => {
    await generateSampleFaces(dir, SMALL);
    await generateSampleFaces(dir, SMALL); // regenerating the same set in place is fine
    await writeFile(join(dir, 'Faces', 'Real Person_0.jpg'), 'not ours');
    await assert.rejects(generateSampleFaces(dir, SMALL), /would not write/);
  });
});

test('rejects out-of-range options', async () => {
  await assert.rejects(generateSampleFaces(join(tmpdir(), 'unused'), { people: SAMPLE_PEOPLE.length + 1 }), /people must be an integer/);
  await assert.rejects(generateSampleFaces(join(tmpdir(), 'unused'), { size: 8.5 }), /size must be an integer/);
});

test('identity traits are stable; photos of one person vary', () => {
  const name = SAMPLE_PEOPLE[0] as string;
  assert.deepEqual(faceIdentity(name), faceIdentity(name));
  assert.equal(faceSvg(name, 2, { seed: 5, size: 48 }), faceSvg(name, 2, { seed: 5, size: 48 }));
  assert.notEqual(faceSvg(name, 2, { seed: 5, size: 48 }), faceSvg(name, 3, { seed: 5, size: 48 }));
  assert.notEqual(faceSvg(name, 2, { seed: 5, size: 48 }), faceSvg(name, 2, { seed: 6, size: 48 }));
  assert.match(faceSvg(name, 0), /^<svg [^>]*width="80" height="80"/);
  assert.throws(() => faceSvg('Somebody Real', 0), /Unknown sample person/);
});

test('identities differ from each other, colours alone do not tell everyone apart', () => {
  const identities = SAMPLE_PEOPLE.map((name) => faceIdentity(name));
  const looks = identities.map((id) => `${id.hairStyle}|${id.hairColour}|${id.skinTone}|${id.glasses !== null}|${id.facialHair}`);
  assert.equal(new Set(looks).size, looks.length, 'no two people share every categorical trait');
  const defaults = identities.slice(0, DEFAULT_SAMPLE_FACES_OPTIONS.people);
  const colourPairs = defaults.map((id) => `${id.hairColour}|${id.skinTone}`);
  assert.ok(new Set(colourPairs).size < colourPairs.length, 'some default people share skin tone AND hair colour');
});

test('the committed data/sample_faces matches its Dataset.csv', async () => {
  const { header, rows } = parseCsv(await readFile(join(COMMITTED, 'Dataset.csv'), 'utf8'));
  assert.equal(header, 'id,label');
  const files = (await readdir(join(COMMITTED, 'Faces'))).sort();
  const ids = rows.map((row) => row.id);
  assert.deepEqual(ids, [...ids].sort(), 'rows sorted by file name');
  assert.deepEqual(ids, files, 'every row has a file and every file a row');

  const { people, perPerson } = DEFAULT_SAMPLE_FACES_OPTIONS;
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(row.label, (counts.get(row.label) ?? 0) + 1);
  assert.deepEqual([...counts.keys()].sort(), SAMPLE_PEOPLE.slice(0, people).sort());
  for (const [label, count] of counts) assert.equal(count, perPerson, label);
  assert.match(await readFile(join(COMMITTED, 'README.md'), 'utf8'), /SYNTHETIC/);
});
