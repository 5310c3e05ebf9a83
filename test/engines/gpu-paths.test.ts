/**
 * The GPU paths fail loudly or run for real, never silently on the CPU:
 * - `onnx-cuda` (opt-in): its probe names what is missing and the fix; asking for it where it cannot
 *   run rejects with that reason; where it can, it agrees with the CPU engine;
 * - native TensorFlow counts as a GPU only when TensorFlow lists one, whatever the package is called.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadClassifier, resolveEngineChoice } from '../../src/engines/index.js';
import { ONNX_CUDA_INSTALL, OnnxClassifier, onnxCudaAvailable, onnxCudaProviderPath } from '../../src/engines/onnx/index.js';
import { nativeDetail, TFJS_GPU_REQUIREMENTS } from '../../src/engines/tfjs/index.js';
import { buildModelSpec, initParams } from '../../src/models/index.js';
import { saveWeights } from '../../src/weights/index.js';
import { maxAbsDiff } from '../helpers/arrays.js';
import { randomImages } from '../helpers/linear-classifier.js';
import { onnxSkipReason } from './onnx/available.js';

const onnxSkip = await onnxSkipReason();

test('onnx-cuda is a valid engine name, and auto never means it', () => {
  assert.equal(resolveEngineChoice('onnx-cuda'), 'onnx-cuda');
  assert.throws(() => resolveEngineChoice('cuda' as never), /onnx-cuda/);
});

test('onnx-cuda: the probe names the missing provider and the command that installs it; asking for it then fails with that', { skip: onnxSkip }, async (t) => {
  const provider = onnxCudaProviderPath();
  const available = await onnxCudaAvailable();
  if (available === true) {
    t.diagnostic('the CUDA provider runs here: see the agreement test');
    return;
  }
  assert.match(available, /CUDA/);
  if (provider && !existsSync(provider)) {
    assert.ok(available.includes(provider) && available.includes(ONNX_CUDA_INSTALL), `the reason should name ${provider} and the fix: ${available}`);
    assert.match(available, /CUDA 12\.x and cuDNN 9\.x/);
  }
  const dir = mkdtempSync(join(tmpdir(), 'fgsm-cuda-'));
  try {
    const spec = buildModelSpec('resnet18', { numClasses: 3, inputSize: 32 });
    await saveWeights(join(dir, 'r18.json'), initParams(spec, 1), { architecture: 'resnet18', numClasses: 3, inputSize: 32, normalization: spec.normalization, classNames: ['a', 'b', 'c'] });
    await assert.rejects(loadClassifier({ weights: join(dir, 'r18.json'), backend: 'onnx-cuda' }), (error: Error) => {
      assert.ok(error.message.startsWith("Engine 'onnx-cuda' requested but ONNX Runtime cannot use a GPU here: ") && error.message.includes(available), error.message);
      assert.match(error.message, /--backend onnx for the CPU/);
      return true;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('onnx-cuda, where it runs: the same logits as the CPU engine', { skip: onnxSkip }, async (t) => {
  if ((await onnxCudaAvailable()) !== true) {
    t.skip(`no usable CUDA provider here: ${await onnxCudaAvailable()}`);
    return;
  }
  const spec = buildModelSpec('resnet18', { numClasses: 3, inputSize: 32 });
  const params = initParams(spec, 1);
  const cpu = await OnnxClassifier.create(spec, params);
  const gpu = await OnnxClassifier.create(spec, params, { device: 'cuda' });
  try {
    assert.equal(gpu.engine, 'onnxruntime (CUDA)');
    const images = randomImages(4, 32);
    const [a, b] = [await cpu.logits(images), await gpu.logits(images)];
    assert.ok(maxAbsDiff(a, b) < 1e-3, `CPU and CUDA logits differ by ${maxAbsDiff(a, b)}`);
  } finally {
    cpu.dispose();
    gpu.dispose();
  }
});

test('native TensorFlow is a GPU only when TensorFlow lists one; the GPU package on the CPU says so and what it needs', () => {
  assert.equal(nativeDetail('@tensorflow/tfjs-node-gpu', '4.22.0', true), 'tensorflow (@tensorflow/tfjs-node-gpu 4.22.0, GPU)');
  const cpuOnly = nativeDetail('@tensorflow/tfjs-node-gpu', '4.22.0', false);
  assert.ok(cpuOnly.includes('CPU: TensorFlow lists no GPU device') && cpuOnly.includes(TFJS_GPU_REQUIREMENTS), cpuOnly);
  assert.match(TFJS_GPU_REQUIREMENTS, /CUDA 11\.2 and cuDNN 8\.1/);
  assert.equal(nativeDetail('@tensorflow/tfjs-node', undefined, false), 'tensorflow (@tensorflow/tfjs-node, CPU)');
});
