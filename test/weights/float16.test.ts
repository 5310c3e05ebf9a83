import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  bfloat16BitsToFloat32,
  decodeFloat16Array,
  encodeFloat16Array,
  float16BitsToFloat32,
  float32ToFloat16Bits,
} from '../../src/weights/index.js';
import { PYTHON } from '../../scripts/pytorch-reference.js';
import { seededRandom, tempDir } from './helpers.js';

const hex = (bits: number) => `0x${bits.toString(16).padStart(4, '0')}`;

test('float16 encodes edge values exactly', () => {
  const cases: [number, number][] = [
    [0, 0x0000],
    [-0, 0x8000],
    [1, 0x3c00],
    [-2, 0xc000],
    [65504, 0x7bff], // largest finite half
    [65519, 0x7bff], // still rounds down
    [65520, 0x7c00], // halfway to the next (nonexistent) value: ties to even = Infinity
    [1e6, 0x7c00],
    [Infinity, 0x7c00],
    [-Infinity, 0xfc00],
    [1 / 3, 0x3555],
    [2 ** -14, 0x0400], // smallest normal
    [2 ** -24, 0x0001], // smallest subnormal
    [1e-7, 0x0002], // subnormal: 1e-7 / 2^-24 = 1.68 -> 2
    [6e-5, 0x03ef], // subnormal just below the smallest normal
    [2 ** -25, 0x0000], // exactly half the smallest subnormal: ties to even = 0
    [1.5 * 2 ** -24, 0x0002], // tie between subnormals 1 and 2: even = 2
    [3e-8, 0x0001], // just above half the smallest subnormal
    [1e-8, 0x0000], // below half the smallest subnormal: underflows to 0
    [-1e-8, 0x8000], // ... keeping its sign
  ];
  for (const [value, bits] of cases) assert.equal(hex(float32ToFloat16Bits(value)), hex(bits), `encode(${value})`);
  const nan = float32ToFloat16Bits(NaN);
  assert.equal(nan & 0x7c00, 0x7c00, 'NaN keeps the all-ones exponent');
  assert.notEqual(nan & 0x03ff, 0, 'NaN keeps a non-zero mantissa (is not turned into Infinity)');
});

test('float16 decodes edge values exactly', () => {
  assert.equal(float16BitsToFloat32(0x3555), 0.333251953125);
  assert.equal(float16BitsToFloat32(0x7bff), 65504);
  assert.equal(float16BitsToFloat32(0x0001), 2 ** -24);
  assert.equal(float16BitsToFloat32(0x03ff), 1023 * 2 ** -24);
  assert.equal(float16BitsToFloat32(0x7c00), Infinity);
  assert.equal(float16BitsToFloat32(0xfc00), -Infinity);
  assert.ok(Number.isNaN(float16BitsToFloat32(0x7e00)));
  assert.ok(Object.is(float16BitsToFloat32(0x8000), -0));
  assert.equal(bfloat16BitsToFloat32(0x3f80), 1);
  assert.equal(bfloat16BitsToFloat32(0xc000), -2);
  assert.equal(bfloat16BitsToFloat32(0x7f80), Infinity);
});

test('every float16 value survives decode -> encode', () => {
  for (let bits = 0; bits < 0x10000; bits++) {
    const value = float16BitsToFloat32(bits);
    const back = float32ToFloat16Bits(value);
    if (Number.isNaN(value)) assert.ok(Number.isNaN(float16BitsToFloat32(back)));
    else if (back !== bits) assert.fail(`${hex(bits)} -> ${value} -> ${hex(back)}`);
  }
});

test('float16 rounds to nearest with ties to even between every pair of neighbours', () => {
  const f32 = new Float32Array(1);
  const u32 = new Uint32Array(f32.buffer);
  const nudge = (value: number, ulps: number) => {
    f32[0] = value;
    u32[0]! += ulps;
    return f32[0]!;
  };
  for (let low = 0; low < 0x7bff; low++) {
    const a = float16BitsToFloat32(low);
    const b = float16BitsToFloat32(low + 1);
    const middle = (a + b) / 2; // exact in float32: needs 12 significant bits
    const even = low % 2 === 0 ? low : low + 1;
    if (float32ToFloat16Bits(middle) !== even) assert.fail(`tie ${middle} between ${hex(low)} and ${hex(low + 1)}`);
    if (float32ToFloat16Bits(nudge(middle, -1)) !== low) assert.fail(`just below ${middle}`);
    if (float32ToFloat16Bits(nudge(middle, 1)) !== low + 1) assert.fail(`just above ${middle}`);
  }
});

test('array conversions agree with the scalar ones', () => {
  const random = seededRandom(7);
  const values = Float32Array.from({ length: 1000 }, () => (random() - 0.5) * 10 ** (random() * 12 - 8));
  const bits = encodeFloat16Array(values);
  const back = decodeFloat16Array(bits);
  for (let i = 0; i < values.length; i++) {
    assert.equal(bits[i], float32ToFloat16Bits(values[i]!));
    assert.equal(back[i], float16BitsToFloat32(bits[i]!));
  }
});

test('float16 encoding matches numpy bit for bit', (t) => {
  // numpy alone is enough here (and much faster to import than torch).
  if (spawnSync(PYTHON, ['-c', 'import numpy']).status !== 0) return t.skip(`numpy not found at ${PYTHON}: apt-get install python3-numpy`);
  const dir = tempDir('f16');
  try {
    const random = seededRandom(11);
    const values = Float32Array.from({ length: 20000 }, (_, i) => (i % 2 ? -1 : 1) * random() * 2 ** (random() * 44 - 28));
    writeFileSync(join(dir, 'values.f32'), new Uint8Array(values.buffer));
    const script = `import numpy as np, sys\nv = np.fromfile(sys.argv[1], dtype='<f4')\nv.astype(np.float16).view('<u2').tofile(sys.argv[2])`;
    const run = spawnSync(PYTHON, ['-c', script, join(dir, 'values.f32'), join(dir, 'bits.u16')], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const raw = readFileSync(join(dir, 'bits.u16'));
    const numpyBits = new Uint16Array(raw.buffer, raw.byteOffset, raw.byteLength / 2);
    const ours = encodeFloat16Array(values);
    for (let i = 0; i < values.length; i++) {
      if (ours[i] !== numpyBits[i]) assert.fail(`${values[i]}: ours ${hex(ours[i]!)}, numpy ${hex(numpyBits[i]!)}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
