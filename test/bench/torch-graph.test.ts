/**
 * The bench's PyTorch side runs our network descriptions through one interpreter
 * (scripts/bench/torch_graph.py). It must be the same network as ours, or the bench compares
 * different work: face-api's recognizer on real faces (affine scales, valid-padded stride-2 convs,
 * average-pool shortcuts with zero channels, the appended zero row) and a resnet18 (BatchNorm,
 * max pool) must give our engine's outputs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeImage } from '../../src/data/index.js';
import { loadFaceRecognizer } from '../../src/engines/index.js';
import { OnnxClassifier } from '../../src/engines/onnx/index.js';
import { buildModelSpec, faceApiRecognizer, initParams } from '../../src/models/index.js';
import type { EmbeddingSpec, ModelSpec } from '../../src/models/index.js';
import type { ParamsMap } from '../../src/tensor.js';
import { loadFaceApiParams, writePthFile } from '../../src/weights/index.js';
import { pytorchMissingReason, runPython } from '../../scripts/pytorch-reference.js';
import { maxAbs, maxAbsDiff, readFloat32 } from '../helpers/arrays.js';
import { randomImages } from '../helpers/linear-classifier.js';
import { onnxSkipReason } from '../engines/onnx/available.js';

const skip = pytorchMissingReason() ?? (await onnxSkipReason());

async function torchOutputs(spec: ModelSpec | EmbeddingSpec, params: ParamsMap, pixels: Float32Array, count: number): Promise<Float32Array> {
  const dir = mkdtempSync(join(tmpdir(), 'fgsm-torch-graph-'));
  try {
    writeFileSync(join(dir, 'spec.json'), JSON.stringify(spec));
    await writePthFile(join(dir, 'weights.pth'), params);
    writeFileSync(join(dir, 'images.f32'), new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.byteLength));
    runPython(join('test', 'bench', 'embed_with_torch_graph.py'), [join(dir, 'spec.json'), join(dir, 'weights.pth'), join(dir, 'images.f32'), String(count), join(dir, 'out.f32')]);
    return readFloat32(join(dir, 'out.f32'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("torch_graph.py runs face-api's recognizer as ours does (ORL faces)", { skip }, async () => {
  const spec = faceApiRecognizer();
  const size = spec.inputSize;
  const files = ['Subject 01_1.jpg', 'Subject 02_3.jpg', 'Subject 07_5.jpg'];
  const pixels = new Float32Array(files.length * size * size * 3);
  for (const [i, file] of files.entries()) pixels.set(await decodeImage(join('data', 'orl_faces', 'Faces', file), size), i * size * size * 3);
  const { embedder } = await loadFaceRecognizer({ backend: 'onnx' });
  try {
    const ours = await embedder.embed({ pixels, count: files.length, height: size, width: size });
    const theirs = await torchOutputs(spec, await loadFaceApiParams(spec), pixels, files.length);
    assert.ok(maxAbsDiff(ours, theirs) < 1e-4 * Math.max(1, maxAbs(ours)), `embeddings differ by ${maxAbsDiff(ours, theirs)}`);
  } finally {
    embedder.dispose();
  }
});

test('torch_graph.py runs a resnet18 description as ours does', { skip }, async () => {
  const spec = buildModelSpec('resnet18', { numClasses: 5, inputSize: 48 });
  const params = initParams(spec, 4);
  const images = randomImages(3, 48);
  const model = await OnnxClassifier.create(spec, params, { foldBatchNorm: false });
  try {
    const ours = await model.logits(images);
    const theirs = await torchOutputs(spec, params, images.pixels, 3);
    assert.ok(maxAbsDiff(ours, theirs) < 1e-4 * Math.max(1, maxAbs(ours)), `logits differ by ${maxAbsDiff(ours, theirs)}`);
  } finally {
    model.dispose();
  }
});
