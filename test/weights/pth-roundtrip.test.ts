/**
 * .pth reading and writing without PyTorch: our writer against our reader, and hand-made pickles
 * for what the writer never produces (strided views, other dtypes, checkpoints, big-endian data).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildModelSpec } from '../../src/models/index.js';
import { PickleWriter, readPth, readPthFile, writePth, writePthFile } from '../../src/weights/index.js';
import { randomParams, tempDir, torchZip } from './helpers.js';

function pushTensor(w: PickleWriter, type: string, key: string, numel: number, offset: number, size: number[], stride: number[]): void {
  w.global('torch._utils', '_rebuild_tensor_v2').mark();
  w.mark().str('storage').global('torch', type).str(key).str('cpu').int(numel).tuple().binpersid();
  w.int(offset).mark();
  size.forEach((n) => w.int(n));
  w.tuple().mark();
  stride.forEach((n) => w.int(n));
  w.tuple().bool(false).global('collections', 'OrderedDict').emptyTuple().reduce().tuple().reduce();
}

type Entry = { name: string; type?: string; key: string; numel: number; offset?: number; size: number[]; stride: number[] };

function stateDictPickle(entries: Entry[]): Uint8Array {
  const w = new PickleWriter().proto(2).global('collections', 'OrderedDict').emptyTuple().reduce().mark();
  for (const e of entries) {
    w.str(e.name);
    pushTensor(w, e.type ?? 'FloatStorage', e.key, e.numel, e.offset ?? 0, e.size, e.stride);
  }
  return w.setitems().stop();
}

const values = (t: { data: Float32Array } | undefined) => [...(t?.data ?? [])];

test('writePth -> readPth round-trips a whole resnet18 bit for bit, in order', () => {
  const params = randomParams(buildModelSpec('resnet18', { numClasses: 5 }), 3);
  const { tensors, notes } = readPth(writePth(params), 'exported.pth');
  assert.deepEqual(notes, []);
  assert.deepEqual([...tensors.keys()], [...params.keys()]);
  for (const [name, t] of params) {
    const back = tensors.get(name)!;
    assert.deepEqual(back.shape, t.shape, name);
    assert.deepEqual(Buffer.from(back.data.buffer, back.data.byteOffset, back.data.byteLength), Buffer.from(t.data.buffer), name);
  }
});

test('scalars and empty tensors round-trip', () => {
  const params = new Map([
    ['scalar', { shape: [], data: Float32Array.of(2.5) }],
    ['empty', { shape: [0, 3], data: new Float32Array(0) }],
  ]);
  const { tensors } = readPth(writePth(params), 'small.pth');
  assert.deepEqual(tensors.get('scalar'), { shape: [], data: Float32Array.of(2.5) });
  assert.deepEqual(tensors.get('empty'), { shape: [0, 3], data: new Float32Array(0) });
});

test('writePth refuses a tensor whose data does not match its shape', () => {
  assert.throws(() => writePth(new Map([['w', { shape: [2, 2], data: new Float32Array(3) }]])), /tensor "w" has 3 values for shape \[2, 2\]/);
});

test('strided views of one shared storage are gathered in C order', () => {
  // storage = 0..47 viewed as big = [8, 6]
  const storage = Float32Array.from({ length: 48 }, (_, i) => i);
  const pkl = stateDictPickle([
    { name: 'transposed', key: '0', numel: 48, size: [6, 8], stride: [1, 6] },
    { name: 'stepped', key: '0', numel: 48, offset: 1, size: [8, 3], stride: [6, 2] },
    { name: 'rows', key: '0', numel: 48, offset: 12, size: [3, 6], stride: [6, 1] },
    { name: 'expanded', key: '1', numel: 3, size: [2, 3], stride: [0, 1] },
    { name: 'scalar', key: '1', numel: 3, offset: 2, size: [], stride: [] },
    { name: 'empty', key: '1', numel: 3, size: [0, 4], stride: [4, 1] },
  ]);
  const { tensors } = readPth(torchZip(pkl, { '0': new Uint8Array(storage.buffer), '1': new Uint8Array(Float32Array.of(7, 8, 9).buffer) }), 'views.pth');
  const expectedTransposed = Array.from({ length: 48 }, (_, i) => (i % 8) * 6 + Math.floor(i / 8));
  assert.deepEqual(values(tensors.get('transposed')), expectedTransposed);
  assert.deepEqual(tensors.get('transposed')!.shape, [6, 8]);
  assert.deepEqual(values(tensors.get('stepped')), Array.from({ length: 24 }, (_, i) => Math.floor(i / 3) * 6 + 1 + (i % 3) * 2));
  assert.deepEqual(values(tensors.get('rows')), Array.from({ length: 18 }, (_, i) => 12 + i));
  assert.deepEqual(values(tensors.get('expanded')), [7, 8, 9, 7, 8, 9]);
  assert.deepEqual(tensors.get('scalar'), { shape: [], data: Float32Array.of(9) });
  assert.deepEqual(tensors.get('empty'), { shape: [0, 4], data: new Float32Array(0) });
});

test('half, double, bfloat16 and integer storages become float32', () => {
  const half = new Uint16Array([0x3c00, 0xc000, 0x3555, 0x7c00]); // 1, -2, 0.33325, Inf
  const double = new Float64Array([0.1, -1e40, 1 / 3]);
  const bf16 = new Uint16Array([0x3f80, 0x4049]); // 1, 3.140625
  const long = new BigInt64Array([17n, -3n, 2n ** 40n + 1n]);
  const pkl = stateDictPickle([
    { name: 'half', type: 'HalfStorage', key: 'h', numel: 4, size: [4], stride: [1] },
    { name: 'double', type: 'DoubleStorage', key: 'd', numel: 3, size: [3], stride: [1] },
    { name: 'bf16', type: 'BFloat16Storage', key: 'b', numel: 2, size: [2], stride: [1] },
    { name: 'bn.num_batches_tracked', type: 'LongStorage', key: 'l', numel: 3, size: [], stride: [] },
    { name: 'small_ints', type: 'LongStorage', key: 'l', numel: 3, offset: 1, size: [1], stride: [1] },
    { name: 'huge_int', type: 'LongStorage', key: 'l', numel: 3, offset: 2, size: [], stride: [] },
    { name: 'flags', type: 'BoolStorage', key: 'f', numel: 2, size: [2], stride: [1] },
  ]);
  const bytes = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const { tensors, notes } = readPth(
    torchZip(pkl, { h: bytes(half), d: bytes(double), b: bytes(bf16), l: bytes(long), f: Uint8Array.of(1, 0) }),
    'dtypes.pth',
  );
  assert.deepEqual(values(tensors.get('half')), [1, -2, 0.333251953125, Infinity]);
  assert.deepEqual(values(tensors.get('double')), [Math.fround(0.1), -Infinity, Math.fround(1 / 3)]);
  assert.deepEqual(values(tensors.get('bf16')), [1, 3.140625]);
  assert.deepEqual(values(tensors.get('bn.num_batches_tracked')), [17]);
  assert.deepEqual(values(tensors.get('small_ints')), [-3]);
  assert.deepEqual(values(tensors.get('flags')), [1, 0]);
  assert.equal(tensors.has('huge_int'), false, 'an int64 that float32 cannot hold exactly is skipped ...');
  assert.ok(notes.some((n) => /skipped integer tensors .*huge_int \(int64\)/.test(n)), `... and reported: ${notes.join(' | ')}`);
  assert.ok(notes.some((n) => /converted float16, float64, bfloat16 tensors to float32/.test(n)));
});

test('checkpoint dicts and DataParallel prefixes are unwrapped, with notes', () => {
  const w = new PickleWriter().proto(2).emptyDict().mark();
  w.str('epoch').int(3);
  w.str('model_state_dict').global('collections', 'OrderedDict').emptyTuple().reduce().mark();
  w.str('module.fc.weight');
  pushTensor(w, 'FloatStorage', '0', 2, 0, [1, 2], [2, 1]);
  w.str('module.fc.bias');
  pushTensor(w, 'FloatStorage', '1', 1, 0, [1], [1]);
  w.setitems();
  const pkl = w.setitems().stop();
  const { tensors, notes } = readPth(torchZip(pkl, { '0': new Uint8Array(Float32Array.of(1, 2).buffer), '1': new Uint8Array(Float32Array.of(3).buffer) }), 'ckpt.pth');
  assert.deepEqual([...tensors.keys()], ['fc.weight', 'fc.bias']);
  assert.deepEqual(values(tensors.get('fc.weight')), [1, 2]);
  assert.match(notes.join('\n'), /using the "model_state_dict" entry of a training checkpoint \(ignored: epoch\)/);
  assert.match(notes.join('\n'), /stripped the "module\." prefix of all 2 names/);
});

test('big-endian archives (byteorder record) are byte-swapped', () => {
  const pkl = stateDictPickle([
    { name: 'w', key: '0', numel: 2, size: [2], stride: [1] },
    { name: 'h', type: 'HalfStorage', key: '1', numel: 1, size: [1], stride: [1] },
  ]);
  const big = new Uint8Array(8);
  new DataView(big.buffer).setFloat32(0, 1.5, false);
  new DataView(big.buffer).setFloat32(4, -3.25, false);
  const { tensors, notes } = readPth(torchZip(pkl, { '0': big, '1': Uint8Array.of(0x3c, 0x00) }, { byteorder: 'big' }), 'be.pth');
  assert.deepEqual(values(tensors.get('w')), [1.5, -3.25]);
  assert.deepEqual(values(tensors.get('h')), [1]);
  assert.ok(notes.includes('storages are big-endian; converted'));
});

test('deflate-compressed archives (re-zipped by other tools) read the same', () => {
  const params = randomParams(buildModelSpec('resnet18', { numClasses: 2 }), 5);
  const stored = readPth(writePth(params), 'a.pth').tensors;
  const pkl = stateDictPickle([{ name: 'fc.bias', key: '0', numel: 2, size: [2], stride: [1] }]);
  const deflated = readPth(torchZip(pkl, { '0': new Uint8Array(params.get('fc.bias')!.data.buffer) }, { deflate: true }), 'b.pth').tensors;
  assert.deepEqual(deflated.get('fc.bias'), stored.get('fc.bias'));
});

test('writePthFile writes atomically and readPthFile reads it back', async () => {
  const dir = tempDir('pthfile');
  try {
    const path = join(dir, 'my model.pth');
    const params = new Map([['w', { shape: [3], data: Float32Array.of(1, 2, 3) }]]);
    await writePthFile(path, params);
    assert.deepEqual(readdirSync(dir), ['my model.pth'], 'no temporary file left behind');
    const { tensors } = await readPthFile(path);
    assert.deepEqual(values(tensors.get('w')), [1, 2, 3]);
    await assert.rejects(readPthFile(join(dir, 'nope.pth')), /nope\.pth: file not found/);
    await assert.rejects(readPthFile(dir), /is a directory/);
    assert.equal(existsSync(join(dir, 'nope.pth')), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
