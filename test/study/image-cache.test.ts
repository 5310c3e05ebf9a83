import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cachingImageReader } from '../../src/study/index.js';

test('cachingImageReader decodes each (image, size) once and shares failures', async () => {
  const calls: string[] = [];
  const read = cachingImageReader(async (path, size) => {
    calls.push(`${path}@${size}`);
    if (path.endsWith('broken.jpg')) throw new Error(`cannot decode ${path}`);
    return new Uint8Array(size * size * 3).fill(size);
  });
  const [a, b] = await Promise.all([read('Faces/A_1.jpg', 4), read('Faces/A_1.jpg', 4)]);
  assert.equal(a, b, 'a second model gets the same decoded pixels');
  assert.equal((await read('Faces/A_1.jpg', 8)).length, 8 * 8 * 3, 'another input size is decoded anew');
  await assert.rejects(read('Faces/broken.jpg', 4), /cannot decode/);
  await assert.rejects(read('Faces/broken.jpg', 4), /cannot decode/);
  assert.deepEqual(calls, ['Faces/A_1.jpg@4', 'Faces/A_1.jpg@8', 'Faces/broken.jpg@4']);
});
