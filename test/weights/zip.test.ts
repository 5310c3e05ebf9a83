import { test } from 'node:test';
import assert from 'node:assert/strict';
import { zipSync } from 'fflate';
import { WeightsError, readZipDirectory, readZipEntry, writeStoredZip } from '../../src/weights/index.js';

const encode = (s: string) => new TextEncoder().encode(s);
const decode = (b: Uint8Array) => new TextDecoder().decode(b);

function corruptZip(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof WeightsError, `expected a WeightsError, got ${String(error)}`);
    assert.equal(error.code, 'corrupt-zip');
    assert.match(error.message, /^model\.pth: /);
    assert.match(error.message, pattern);
    return true;
  });
}

test('stored zips round-trip with 64-byte aligned data', () => {
  const files = [
    { name: 'archive/data.pkl', data: encode('pickle bytes') },
    { name: 'archive/data/0', data: new Uint8Array(1000).map((_, i) => i % 251) },
    { name: 'archive/dätä/1', data: new Uint8Array(0) },
  ];
  const zip = writeStoredZip(files);
  const entries = readZipDirectory(zip, 'model.pth');
  assert.deepEqual([...entries.keys()], files.map((f) => f.name));
  for (const file of files) {
    const entry = entries.get(file.name)!;
    assert.equal(entry.dataOffset % 64, 0, `${file.name} is aligned`);
    assert.deepEqual(readZipEntry(zip, entry, 'model.pth'), file.data);
  }
});

test('identical inputs give identical archives', () => {
  const files = [{ name: 'a/b', data: encode('x') }];
  assert.deepEqual(writeStoredZip(files), writeStoredZip(files));
});

test('deflated entries from other zip writers are inflated', () => {
  const text = 'torch '.repeat(5000);
  const zip = zipSync({ 'archive/data.pkl': encode(text) }, { level: 9 });
  const entry = readZipDirectory(zip, 'model.pth').get('archive/data.pkl')!;
  assert.equal(entry.method, 8);
  assert.equal(decode(readZipEntry(zip, entry, 'model.pth')), text);
});

test('truncated archives are refused, wherever they are cut', () => {
  const zip = writeStoredZip([{ name: 'archive/data/0', data: new Uint8Array(4096) }]);
  for (const keep of [10, 100, zip.length / 2, zip.length - 30, zip.length - 1]) {
    corruptZip(() => readZipDirectory(zip.subarray(0, Math.floor(keep)), 'model.pth'), /truncated or corrupted/);
  }
});

test('flipped bits in an entry fail its CRC check', () => {
  const zip = writeStoredZip([{ name: 'archive/data/0', data: new Uint8Array(256).fill(7) }]);
  const entry = readZipDirectory(zip, 'model.pth').get('archive/data/0')!;
  zip[entry.dataOffset + 100] ^= 0x10;
  corruptZip(() => readZipEntry(zip, entry, 'model.pth'), /entry "archive\/data\/0" is corrupted/);
});

test('a directory that declares an impossible uncompressed size is refused before inflating', () => {
  const zip = zipSync({ 'archive/data/0': new Uint8Array(10000) }, { level: 9 });
  // Patch the central directory's uncompressed size to 4 GB - 2.
  const view = new DataView(zip.buffer);
  const central = zip.findIndex((_: number, i: number) => view.getUint32(i, true) === 0x02014b50);
  view.setUint32(central + 24, 0xfffffffe, true);
  corruptZip(() => readZipDirectory(zip, 'model.pth'), /impossible uncompressed size/);
});
