/**
 * face-api's recognizer weights: read from the installed package into our layout, and every kind of
 * damaged or hostile manifest refused with one error naming the file and the problem.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { faceApiRecognizer, parameterShapes } from '../../src/models/index.js';
import { FACEAPI_RECOGNIZER_MANIFEST, WeightsError, faceApiModelFolder, faceApiParamName, loadFaceApiParams, type WeightsErrorCode } from '../../src/weights/index.js';

const spec = faceApiRecognizer();
const BIN = 'face_recognition_model.bin';

async function rejectsWith(promise: Promise<unknown>, code: WeightsErrorCode, pattern: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof WeightsError, `a WeightsError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.match(error.message, pattern);
    return true;
  });
}

test('the installed face-api recognizer loads: every parameter of the spec, PyTorch layout, finite', async () => {
  const params = await loadFaceApiParams(spec);
  const shapes = parameterShapes(spec);
  assert.equal(params.size, shapes.size);
  for (const [name, shape] of shapes) assert.deepEqual(params.get(name)?.shape, shape, name);
  assert.deepEqual(params.get('conv32_down.conv.weight')?.shape, [32, 3, 7, 7]);
  assert.deepEqual(params.get('fc.weight')?.shape, [128, 256]);
});

test('face-api names map to ours', () => {
  assert.equal(faceApiParamName('conv32_1/conv1/conv/filters'), 'conv32_1.conv1.conv.weight');
  assert.equal(faceApiParamName('conv32_1/conv1/conv/bias'), 'conv32_1.conv1.conv.bias');
  assert.equal(faceApiParamName('conv64_down/conv2/scale/weights'), 'conv64_down.conv2.scale.weight');
  assert.equal(faceApiParamName('conv64_down/conv2/scale/biases'), 'conv64_down.conv2.scale.bias');
  assert.equal(faceApiParamName('fc'), 'fc.weight');
});

describe('damaged face-api model files are refused with an error naming the file', () => {
  let dir = '';
  let manifest: Array<{ paths: string[]; weights: Array<Record<string, any>> }>;
  let bin: Buffer;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'fgsm-faces-faceapi-weights-'));
    manifest = JSON.parse(readFileSync(join(faceApiModelFolder(), FACEAPI_RECOGNIZER_MANIFEST), 'utf8'));
    bin = readFileSync(join(faceApiModelFolder(), BIN));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** A copy of the model with the manifest (and optionally the .bin) edited; returns the manifest path. */
  function damaged(name: string, edit: (groups: typeof manifest) => void, editBin?: (bytes: Buffer) => Buffer): string {
    const groups = structuredClone(manifest);
    groups[0]!.paths = [`${name}.bin`];
    edit(groups);
    writeFileSync(join(dir, `${name}.json`), JSON.stringify(groups));
    writeFileSync(join(dir, `${name}.bin`), editBin ? editBin(bin) : bin);
    return join(dir, `${name}.json`);
  }
  const fcBytes = 256 * 128;

  test('a pristine copy loads', async () => {
    copyFileSync(join(faceApiModelFolder(), BIN), join(dir, BIN));
    writeFileSync(join(dir, 'copy.json'), JSON.stringify(manifest));
    assert.equal((await loadFaceApiParams(spec, join(dir, 'copy.json'))).size, parameterShapes(spec).size);
  });

  test('not JSON, or not a manifest', async () => {
    writeFileSync(join(dir, 'trunc.json'), '[{"paths": [');
    await rejectsWith(loadFaceApiParams(spec, join(dir, 'trunc.json')), 'bad-manifest', /trunc\.json: is not valid JSON/);
    writeFileSync(join(dir, 'object.json'), '{"weights": []}');
    await rejectsWith(loadFaceApiParams(spec, join(dir, 'object.json')), 'bad-manifest', /the manifest must be a non-empty array of groups/);
  });

  test('wrong shape: refused before any byte is decoded', async () => {
    await rejectsWith(loadFaceApiParams(spec, damaged('shape', (g) => (g[0]!.weights[0]!.shape = [5, 5, 3, 32]))), 'mismatch', /tensor "conv32_down\/conv\/filters" has shape \[5, 5, 3, 32\], but faceapi_recognizer needs HWIO \[7, 7, 3, 32\]/);
  });

  test('missing and extra tensors', async () => {
    const missing = damaged('missing', (g) => g[0]!.weights.pop(), (b) => b.subarray(0, b.length - fcBytes));
    await rejectsWith(loadFaceApiParams(spec, missing), 'mismatch', /do not fit faceapi_recognizer:\n\s+missing \(1\): fc\.weight/);
    const extra = damaged('extra', (g) => g[0]!.weights.push({ name: 'backdoor', shape: [4], dtype: 'float32' }), (b) => Buffer.concat([b, Buffer.alloc(16)]));
    await rejectsWith(loadFaceApiParams(spec, extra), 'mismatch', /unexpected \(1\): backdoor/);
  });

  test('truncated or oversized .bin', async () => {
    await rejectsWith(loadFaceApiParams(spec, damaged('short', () => undefined, (b) => b.subarray(0, b.length - 100))), 'bad-manifest', /short\.bin holds \d+ bytes but the manifest describes \d+: the \.bin is truncated/);
    await rejectsWith(loadFaceApiParams(spec, damaged('long', () => undefined, (b) => Buffer.concat([b, Buffer.alloc(7)]))), 'bad-manifest', /the \.bin is longer than described/);
  });

  test('file names escaping the folder, absurd sizes, bad quantization, duplicates', async () => {
    await rejectsWith(loadFaceApiParams(spec, damaged('escape', (g) => (g[0]!.paths = ['../../etc/passwd']))), 'bad-manifest', /file names in the same folder/);
    await rejectsWith(loadFaceApiParams(spec, damaged('absolute', (g) => (g[0]!.paths = ['/etc/passwd']))), 'bad-manifest', /file names in the same folder/);
    await rejectsWith(loadFaceApiParams(spec, damaged('huge', (g) => (g[0]!.weights[1]!.shape = [2 ** 40]))), 'bad-manifest', /claims more than 4\.0 GiB/);
    await rejectsWith(loadFaceApiParams(spec, damaged('quant', (g) => (g[0]!.weights[1]!.quantization = { dtype: 'uint8', scale: 'x', min: 0 }))), 'bad-manifest', /is uint8 but its quantization lacks a finite "scale" and "min"/);
    await rejectsWith(loadFaceApiParams(spec, damaged('dup', (g) => (g[0]!.weights[1]!.name = 'conv32_down/conv/filters'))), 'bad-manifest', /appears twice/);
  });

  test('a missing manifest names the path', async () => {
    await rejectsWith(loadFaceApiParams(spec, join(dir, 'nowhere.json')), 'missing-file', /nowhere\.json: file not found/);
  });
});
