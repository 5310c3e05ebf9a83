import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { FACE_NORMALIZATION, buildModelSpec } from '../../src/models/index.js';
import type { ParamsMap } from '../../src/tensor.js';
import {
  WeightsError,
  float16BitsToFloat32,
  float32ToFloat16Bits,
  loadWeights,
  saveWeights,
  type WeightsErrorCode,
  type WeightsMetadataInput,
} from '../../src/weights/index.js';
import { randomParams, tempDir } from './helpers.js';

const CLASSES = ['ada', 'bob', 'cy', 'dee', 'eve'];
const metadata: WeightsMetadataInput = {
  architecture: 'resnet18',
  numClasses: 5,
  inputSize: 224,
  normalization: FACE_NORMALIZATION,
  classNames: CLASSES,
  extra: { epoch: 12, valAccuracy: 0.875, splitFile: 'splits/seed1.json', command: 'fgsm-faces train --model resnet18' },
};

async function rejectsWith(promise: Promise<unknown>, code: WeightsErrorCode, pattern: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof WeightsError, `expected a WeightsError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    assert.match(error.message, pattern);
    return true;
  });
}

describe('fgsm-faces weights format', () => {
  let dir: string;
  let params: ParamsMap;
  before(() => {
    dir = tempDir('format');
    params = randomParams(buildModelSpec('resnet18', { numClasses: 5 }), 21);
    // A few values that stress float16: tiny (subnormal), large, exact.
    const fc = params.get('fc.bias')!.data;
    fc.set([1e-6, 60000, 0.5, -1 / 3, 0]);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('float32 round trip is exact and keeps metadata; files are a .json + .bin pair', async () => {
    const paths = await saveWeights(join(dir, 'f32'), params, { ...metadata, createdAt: '2024-05-01T10:00:00.000Z' });
    assert.deepEqual(paths, { manifestPath: join(dir, 'f32.json'), binPath: join(dir, 'f32.bin') });
    assert.deepEqual(readdirSync(dir).sort(), ['f32.bin', 'f32.json'], 'no temporary files left');
    const loaded = await loadWeights(paths.manifestPath);
    assert.deepEqual(loaded.metadata, { ...metadata, normalization: { mean: [...FACE_NORMALIZATION.mean], std: [...FACE_NORMALIZATION.std] }, formatVersion: 1, createdAt: '2024-05-01T10:00:00.000Z' });
    assert.deepEqual([...loaded.params.keys()], [...params.keys()]);
    for (const [name, t] of params) assert.deepEqual(loaded.params.get(name), { shape: t.shape, data: t.data }, name);
    const json = JSON.parse(readFileSync(paths.manifestPath, 'utf8'));
    assert.equal(json.format, 'fgsm-faces-weights');
    assert.deepEqual(json.weightsManifest[0].paths, ['f32.bin']);
    assert.deepEqual(json.weightsManifest[0].weights[0], { name: 'conv1.weight', shape: [64, 3, 7, 7], dtype: 'float32' });
  });

  test('float16 storage halves the file and rounds each value to the nearest half', async () => {
    const paths = await saveWeights(join(dir, 'f16.json'), params, metadata, { dtype: 'float16' });
    const f32Size = statSync(join(dir, 'f32.bin')).size;
    assert.equal(statSync(paths.binPath).size * 2, f32Size);
    const loaded = await loadWeights(paths.binPath); // the .bin path finds its .json
    for (const [name, t] of params) {
      const back = loaded.params.get(name)!.data;
      for (let i = 0; i < t.data.length; i++) {
        const expected = float16BitsToFloat32(float32ToFloat16Bits(t.data[i]!));
        if (back[i] !== expected) assert.fail(`${name}[${i}]: ${t.data[i]} -> ${back[i]}, expected ${expected}`);
        if (Math.abs(back[i]! - t.data[i]!) > Math.max(Math.abs(t.data[i]!) * 2 ** -11, 2 ** -25)) assert.fail(`${name}[${i}] off by more than half an ulp`);
      }
    }
    assert.deepEqual([...loaded.params.get('fc.bias')!.data], [float16BitsToFloat32(0x0011), 60000, 0.5, -0.333251953125, 0]);
  });

  test('int8 storage: conv and linear weights in 8 bits with one scale per output channel (about a quarter), the rest exact', async () => {
    const withZeroChannel = new Map(params);
    const fc = params.get('fc.weight')!;
    const zeroed = fc.data.slice();
    zeroed.fill(0, 0, fc.shape[1]!); // output channel 0 all zeros: scale 0, decodes to zeros
    withZeroChannel.set('fc.weight', { shape: fc.shape, data: zeroed });
    const paths = await saveWeights(join(dir, 'i8'), withZeroChannel, metadata, { dtype: 'int8' });
    const loaded = await loadWeights(paths.manifestPath);
    const json = JSON.parse(readFileSync(paths.manifestPath, 'utf8'));
    let quantised = 0;
    let other = 0;
    for (const entry of json.weightsManifest[0].weights as { name: string; shape: number[]; quantization?: { dtype: string; scales: number[] } }[]) {
      const original = withZeroChannel.get(entry.name)!;
      const back = loaded.params.get(entry.name)!.data;
      const count = original.data.length;
      if (entry.shape.length < 2) {
        assert.equal(entry.quantization, undefined, `${entry.name} stays float32`);
        assert.deepEqual(back, original.data, `${entry.name} exact`);
        other += count;
        continue;
      }
      assert.equal(entry.quantization?.dtype, 'int8', entry.name);
      const scales = entry.quantization!.scales;
      assert.equal(scales.length, entry.shape[0]);
      const perChannel = count / scales.length;
      for (let c = 0; c < scales.length; c++) {
        let max = 0;
        for (let i = c * perChannel; i < (c + 1) * perChannel; i++) max = Math.max(max, Math.abs(original.data[i]!));
        assert.equal(scales[c], Math.fround(max / 127), `${entry.name} channel ${c}: scale = max|w| / 127`);
        for (let i = c * perChannel; i < (c + 1) * perChannel; i++) {
          // Within half a step of its own channel (plus float32 rounding of the product).
          if (Math.abs(back[i]! - original.data[i]!) > scales[c]! / 2 + 1e-7 * Math.abs(original.data[i]!)) assert.fail(`${entry.name}[${i}]: ${original.data[i]} -> ${back[i]} (step ${scales[c]})`);
        }
      }
      quantised += count;
    }
    assert.ok(quantised > 0 && other > 0);
    assert.equal(statSync(paths.binPath).size, quantised + 4 * other, 'one byte per conv/linear value, four for the rest');
    assert.ok(statSync(paths.binPath).size < statSync(join(dir, 'f32.bin')).size / 3.9, 'about a quarter of float32');
    assert.deepEqual([...loaded.params.get('fc.weight')!.data.subarray(0, fc.shape[1]!)], new Array(fc.shape[1]!).fill(0), 'an all-zero channel stays zero');
  });

  test('int8 manifests that lie are refused: scales missing, of the wrong length, negative or not finite; int8 on a 1-D tensor', async () => {
    const base = JSON.parse(readFileSync(join(dir, 'i8.json'), 'utf8'));
    const bytes = readFileSync(join(dir, 'i8.bin'));
    const copy = (name: string, edit: (json: any) => void) => {
      const json = structuredClone(base);
      json.weightsManifest[0].paths = [`${name}.bin`];
      edit(json);
      writeFileSync(join(dir, `${name}.json`), JSON.stringify(json));
      writeFileSync(join(dir, `${name}.bin`), bytes);
      return join(dir, `${name}.json`);
    };
    const conv = (j: any) => j.weightsManifest[0].weights[0];
    await rejectsWith(loadWeights(copy('i8-none', (j) => delete conv(j).quantization.scales)), 'bad-manifest', /"conv1\.weight" needs one finite scale >= 0 per output channel \(64\)/);
    await rejectsWith(loadWeights(copy('i8-short', (j) => conv(j).quantization.scales.pop())), 'bad-manifest', /needs one finite scale >= 0 per output channel \(64\)/);
    await rejectsWith(loadWeights(copy('i8-negative', (j) => (conv(j).quantization.scales[3] = -0.1))), 'bad-manifest', /needs one finite scale >= 0/);
    await rejectsWith(loadWeights(copy('i8-nan', (j) => (conv(j).quantization.scales[3] = 'NaN'))), 'bad-manifest', /needs one finite scale >= 0/);
    const bias = (j: any) => j.weightsManifest[0].weights.find((w: { name: string }) => w.name === 'bn1.weight');
    await rejectsWith(loadWeights(copy('i8-1d', (j) => (bias(j).quantization = { dtype: 'int8', scales: [1] }))), 'bad-manifest', /"bn1\.weight" is int8 but has shape \[64\]: only conv and linear weights/);
  });

  test('tfjs reads our manifest and .bin with tf.io.decodeWeights (float32 and float16)', async () => {
    await tf.setBackend('cpu');
    for (const name of ['f32', 'f16']) {
      const json = JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8'));
      const bin = readFileSync(join(dir, `${name}.bin`));
      const decoded = tf.io.decodeWeights(bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength), json.weightsManifest[0].weights);
      const ours = (await loadWeights(join(dir, `${name}.json`))).params;
      for (const key of ['conv1.weight', 'layer4.1.bn2.running_var', 'fc.bias']) {
        assert.deepEqual(decoded[key]!.dataSync(), ours.get(key)!.data, `${name} ${key}`);
      }
      tf.dispose(Object.values(decoded));
    }
  });

  test('saving into a folder uses weights.json + weights.bin inside it', async () => {
    const folder = join(dir, 'run1');
    mkdirSync(folder);
    const paths = await saveWeights(folder, params, metadata);
    assert.equal(paths.manifestPath, join(folder, 'weights.json'));
    assert.equal((await loadWeights(folder)).metadata.numClasses, 5);
  });

  test('saving refuses weights that do not fit the declared architecture, and float16 overflow', async () => {
    await rejectsWith(saveWeights(join(dir, 'bad'), params, { ...metadata, architecture: 'resnet101' }), 'mismatch', /look like resnet18 with 5 classes/);
    await rejectsWith(saveWeights(join(dir, 'bad'), params, { ...metadata, classNames: ['a', 'b'] }), 'bad-metadata', /classNames has 2 names but numClasses is 5/);
    const huge = new Map(params);
    huge.set('bn1.running_var', { shape: [64], data: new Float32Array(64).fill(70000) });
    await rejectsWith(saveWeights(join(dir, 'bad'), huge, metadata, { dtype: 'float16' }), 'bad-tensor', /tensor "bn1\.running_var" holds 70000, beyond the float16 range/);
    assert.equal(existsSync(join(dir, 'bad.json')), false);
  });

  describe('damaged files are refused with an error naming the file', () => {
    function damagedCopy(name: string, edit: (json: any) => void, bin?: (bytes: Buffer) => Buffer): string {
      const json = JSON.parse(readFileSync(join(dir, 'f16.json'), 'utf8'));
      json.weightsManifest[0].paths = [`${name}.bin`];
      edit(json);
      writeFileSync(join(dir, `${name}.json`), JSON.stringify(json));
      const bytes = readFileSync(join(dir, 'f16.bin'));
      writeFileSync(join(dir, `${name}.bin`), bin ? bin(bytes) : bytes);
      return join(dir, `${name}.json`);
    }

    test('not JSON', async () => {
      writeFileSync(join(dir, 'trunc.json'), '{"weightsManifest": [');
      await rejectsWith(loadWeights(join(dir, 'trunc.json')), 'bad-manifest', /trunc\.json: is not valid JSON/);
    });

    test('missing manifest, bad entries, unsafe paths', async () => {
      await rejectsWith(loadWeights(damagedCopy('nomanifest', (j) => delete j.weightsManifest)), 'bad-manifest', /"weightsManifest" must be a non-empty array/);
      await rejectsWith(loadWeights(damagedCopy('int', (j) => (j.weightsManifest[0].weights[3].dtype = 'int32'))), 'bad-manifest', /weight "bn1\.running_mean" has dtype "int32"/);
      await rejectsWith(loadWeights(damagedCopy('dup', (j) => (j.weightsManifest[0].weights[1].name = 'conv1.weight'))), 'bad-manifest', /"conv1\.weight" appears twice/);
      await rejectsWith(loadWeights(damagedCopy('escape', (j) => (j.weightsManifest[0].paths = ['../../etc/passwd']))), 'bad-manifest', /file names in the same folder/);
      await rejectsWith(loadWeights(damagedCopy('quant', (j) => (j.weightsManifest[0].weights[0].quantization = { dtype: 'int4', scale: 0.1 }))), 'bad-manifest', /uses quantization \{"dtype":"int4","scale":0\.1\}; supported: \{"dtype": "float16"\}/);
      await rejectsWith(loadWeights(damagedCopy('quant8', (j) => (j.weightsManifest[0].weights[0].quantization = { dtype: 'uint8', scale: 0.1 }))), 'bad-manifest', /is uint8 but its quantization lacks a finite "scale" and "min"/);
    });

    test('metadata missing or inconsistent', async () => {
      await rejectsWith(loadWeights(damagedCopy('nometa', (j) => delete j.fgsmFaces)), 'bad-metadata', /"fgsmFaces" metadata is invalid: it is missing/);
      await rejectsWith(loadWeights(damagedCopy('classes', (j) => j.fgsmFaces.classNames.pop())), 'bad-metadata', /classNames has 4 names but numClasses is 5/);
      await rejectsWith(loadWeights(damagedCopy('future', (j) => (j.fgsmFaces.formatVersion = 2))), 'bad-metadata', /formatVersion 2 is newer .* update fgsm-faces/);
      await rejectsWith(loadWeights(damagedCopy('arch', (j) => (j.fgsmFaces.architecture = 'vgg16'))), 'bad-metadata', /architecture "vgg16" is not one of resnet18, resnet101, custom_resnet/);
    });

    test('short, long or swapped .bin', async () => {
      await rejectsWith(loadWeights(damagedCopy('short', () => {}, (b) => b.subarray(0, b.length - 10))), 'bad-manifest', /short\.bin holds \d+ bytes but the manifest describes \d+: the \.bin is truncated/);
      await rejectsWith(loadWeights(damagedCopy('long', () => {}, (b) => Buffer.concat([b, Buffer.alloc(4)]))), 'bad-manifest', /from another save/);
      const flipped = (b: Buffer) => {
        const copy = Buffer.from(b);
        copy[1000]! ^= 1;
        return copy;
      };
      await rejectsWith(loadWeights(damagedCopy('flipped', () => {}, flipped)), 'bad-manifest', /flipped\.bin does not match the sha256/);
    });

    test('missing .bin or .json', async () => {
      const path = damagedCopy('nobin', () => {});
      rmSync(join(dir, 'nobin.bin'));
      await rejectsWith(loadWeights(path), 'missing-file', /nobin\.bin: file not found/);
      await rejectsWith(loadWeights(join(dir, 'absent.json')), 'missing-file', /absent\.json: file not found/);
    });
  });
});
