import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FACE_NORMALIZATION, buildModelSpec } from '../../src/models/index.js';
import type { ParamsMap } from '../../src/tensor.js';
import { loadModelWeights, saveWeights, writePthFile } from '../../src/weights/index.js';
import { randomParams, tempDir } from './helpers.js';

describe('loadModelWeights picks the format by content', () => {
  let dir: string;
  let params: ParamsMap;
  const spec = buildModelSpec('resnet18', { numClasses: 3, inputSize: 64 });
  before(async () => {
    dir = tempDir('load');
    params = randomParams(spec, 4);
    await writePthFile(join(dir, 'torch.pth'), params);
    await writePthFile(join(dir, 'misnamed.json'), params); // content wins over the extension
    await saveWeights(join(dir, 'ours'), params, { architecture: 'resnet18', numClasses: 3, inputSize: 224, normalization: FACE_NORMALIZATION, classNames: ['a', 'b', 'c'] });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('a .pth, with and without a spec', async () => {
    const matched = await loadModelWeights(join(dir, 'torch.pth'), spec);
    assert.equal(matched.format, 'pth');
    assert.equal(matched.metadata, undefined);
    assert.deepEqual([...matched.params.keys()], [...params.keys()]);
    assert.deepEqual(matched.params.get('fc.bias')!.data, params.get('fc.bias')!.data);
    const raw = await loadModelWeights(join(dir, 'misnamed.json'));
    assert.equal(raw.format, 'pth');
    assert.equal(raw.params.size, params.size);
  });

  test('an fgsm-faces pair by its .json, .bin, or stem; metadata and a note on input size', async () => {
    for (const path of ['ours.json', 'ours.bin']) {
      const loaded = await loadModelWeights(join(dir, path), spec);
      assert.equal(loaded.format, 'fgsm-faces');
      assert.deepEqual(loaded.metadata?.classNames, ['a', 'b', 'c']);
      assert.deepEqual(loaded.params.get('conv1.weight')!.data, params.get('conv1.weight')!.data);
      assert.deepEqual(loaded.notes, ['the weights were trained at 224x224 px; the model is built for 64x64']);
    }
  });

  test('a spec the weights do not fit gets the strict-loading error with a guess', async () => {
    const wrong = buildModelSpec('resnet18', { numClasses: 7 });
    await assert.rejects(loadModelWeights(join(dir, 'torch.pth'), wrong), /torch\.pth: these weights do not fit resnet18 with 7 classes:[\s\S]*set numClasses to 3/);
    await assert.rejects(loadModelWeights(join(dir, 'ours.json'), wrong), /ours\.json: these weights do not fit resnet18 with 7 classes:[\s\S]*set numClasses to 3/);
  });

  test('missing files and unknown formats get one clear error', async () => {
    await assert.rejects(loadModelWeights(join(dir, 'nothing.pth')), /nothing\.pth: file not found/);
    writeFileSync(join(dir, 'image.png'), Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]));
    await assert.rejects(
      loadModelWeights(join(dir, 'image.png')),
      /image\.png: unknown weights format: its first bytes are 89 50 4e 47.*Expected a PyTorch \.pth \(torch\.save zip\) or an fgsm-faces \.json manifest/,
    );
    writeFileSync(join(dir, 'old.pth'), Uint8Array.from([0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19]));
    await assert.rejects(loadModelWeights(join(dir, 'old.pth')), /old\.pth: this is a legacy pickle-format file/);
    writeFileSync(join(dir, 'empty.pth'), '');
    await assert.rejects(loadModelWeights(join(dir, 'empty.pth')), /empty\.pth: the file is empty/);
  });
});
