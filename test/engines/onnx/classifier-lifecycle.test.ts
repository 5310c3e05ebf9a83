/**
 * OnnxClassifier as an object: input checks with clear errors, empty batches, dispose (twice,
 * during a run, no session leak), onnxAvailable, and the saved graphs (loadable, the ops intended).
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import * as ort from 'onnxruntime-node';
import onnxProto from 'onnx-proto';
import { OnnxClassifier, onnxAvailable } from '../../../src/engines/onnx/index.js';
import { buildModelSpec } from '../../../src/models/index.js';
import { maxAbsDiff } from '../../helpers/arrays.js';
import { onnxSkipReason } from './available.js';
import { randomLabels, randomParams, smoothImages } from './helpers.js';

const SIZE = 32;
const CLASSES = 4;
const skip = await onnxSkipReason();

describe('OnnxClassifier lifecycle and checks', { skip }, () => {
  const spec = buildModelSpec('resnet18', { numClasses: CLASSES, inputSize: SIZE });
  const params = randomParams(spec, 3);
  let model: OnnxClassifier;
  let dir: string;
  before(async () => {
    model = await OnnxClassifier.create(spec, params, { threads: 1 });
    dir = mkdtempSync(join(tmpdir(), 'fgsm-onnx-'));
  });
  after(() => {
    model.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  test('onnxAvailable says true here, and the engine is named', async () => {
    assert.equal(await onnxAvailable(), true);
    assert.equal(model.engine, 'onnxruntime');
    assert.equal(model.threads, 1);
  });

  test('bad batches and labels fail with the tfjs engine messages', async () => {
    const batch = smoothImages(2, SIZE, 1);
    await assert.rejects(model.logits({ ...batch, count: 3 }), /Image batch has 6144 values, expected 3x32x32x3 = 9216\./);
    const small = smoothImages(1, 40, 1);
    await assert.rejects(model.logits(small), /Images are 40x40 px but the resnet18 model expects 32x32: resize them \(inputSize option\)\./);
    await assert.rejects(model.lossGradient(batch, Int32Array.of(1)), /Got 1 labels for 2 images\./);
    await assert.rejects(model.lossGradient(batch, Int32Array.of(1, 4)), /Label 4 is outside 0\.\.3 for a 4-class model\./);
    await assert.rejects(model.lossGradient(batch, Int32Array.of(-1, 0)), /Label -1 is outside/);
    await assert.rejects(OnnxClassifier.create(spec, new Map()), /Parameter "conv1.weight" is missing/);
    await assert.rejects(OnnxClassifier.create(spec, params, { threads: 0 }), /threads must be an integer >= 1/);
  });

  test('an empty batch gives empty results', async () => {
    const empty = { pixels: new Float32Array(0), count: 0, height: SIZE, width: SIZE };
    assert.equal((await model.logits(empty)).length, 0);
    const { logits, gradient } = await model.lossGradient(empty, new Int32Array(0));
    assert.equal(logits.length + gradient.length, 0);
  });

  test('results survive the release of ORT tensors, and inputs may be views into larger buffers', async () => {
    const batch = smoothImages(3, SIZE, 2);
    const labels = randomLabels(3, CLASSES, 2);
    const whole = await model.lossGradient(batch, labels);
    const size = SIZE * SIZE * 3;
    const view = { ...batch, count: 1, pixels: batch.pixels.subarray(size, 2 * size) };
    const part = await model.lossGradient(view, labels.subarray(1, 2));
    assert.ok(maxAbsDiff(part.logits, whole.logits.subarray(CLASSES, 2 * CLASSES)) <= 1e-5, 'logits of a view differ');
    assert.ok(maxAbsDiff(part.gradient, whole.gradient.subarray(size, 2 * size)) <= 1e-6, 'gradient of a view differs');
    assert.equal(whole.gradient.length, batch.pixels.length);
    assert.ok(whole.gradient.some((g) => g !== 0), 'the gradient is all zeros');
  });

  test('dispose is safe twice, waits for a run in flight, and later calls fail clearly', async () => {
    const own = await OnnxClassifier.create(spec, params, { threads: 1 });
    const batch = smoothImages(2, SIZE, 3);
    const running = own.lossGradient(batch, Int32Array.of(0, 1));
    own.dispose();
    own.dispose();
    const { gradient } = await running;
    assert.equal(gradient.length, batch.pixels.length);
    await assert.rejects(own.logits(batch), /This model was disposed; build a new one\./);
    await assert.rejects(own.lossGradient(batch, Int32Array.of(0, 1)), /disposed/);
  });

  test('dispose releases both native sessions at once (not left to the garbage collector)', async () => {
    const own = await OnnxClassifier.create(spec, params, { threads: 1 });
    // White-box: the sessions (inside the classifier's session pair), to ask ORT itself whether they were released.
    const sessions = Object.values((own as unknown as { sessions: { sessions: Record<string, ort.InferenceSession> } }).sessions.sessions);
    assert.equal(sessions.length, 2);
    own.dispose();
    for (const session of sessions) await assert.rejects(session.release(), /Session already disposed/);
  });

  test('disposed sessions free their memory (no leak over repeated create/dispose)', async () => {
    // Measured here: a resnet18 pair kept alive holds ~190 MB (weights, rotated filters, arenas), so 6 leaked
    // pairs add ~1.1 GB; disposed ones wander within ~150 MB. The JS garbage (serialised models) is collected
    // first. (A forgotten release() alone would pass: ORT frees a session its wrapper's GC finalises; see above.)
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const cycle = async () => {
      const own = await OnnxClassifier.create(spec, params, { threads: 1 });
      await own.logits(smoothImages(1, SIZE, 4));
      own.dispose();
      gc();
    };
    await cycle();
    await cycle();
    const before = process.memoryUsage().rss;
    for (let i = 0; i < 6; i++) await cycle();
    const grown = (process.memoryUsage().rss - before) / 2 ** 20;
    assert.ok(grown < 500, `RSS grew by ${grown.toFixed(0)} MB over 6 create/dispose cycles`);
  });

  test('saveOnnx writes both graphs; they load in a fresh session and use the intended ops', async () => {
    const [forwardPath, gradientPath] = await model.saveOnnx(join(dir, 'nested', 'r18.onnx'));
    assert.equal(forwardPath, join(dir, 'nested', 'r18.forward.onnx'));
    assert.equal(gradientPath, join(dir, 'nested', 'r18.gradient.onnx'));

    const opsOf = (path: string) => {
      const decoded = onnxProto.onnx.ModelProto.decode(readFileSync(path));
      assert.deepEqual(decoded.opsetImport.map((o) => [o.domain, Number(o.version)]), [['', 17]]);
      return (decoded.graph?.node ?? []).map((n) => n.opType ?? '');
    };
    const forwardOps = new Set(opsOf(forwardPath));
    const gradientOps = opsOf(gradientPath);
    for (const op of ['Conv', 'MaxPool', 'GlobalAveragePool', 'Gemm']) assert.ok(forwardOps.has(op), `forward lacks ${op}`);
    assert.ok(!forwardOps.has('BatchNormalization'), 'BatchNorm is folded into the convs');
    assert.ok(!forwardOps.has('ScatterElements'), 'the forward graph carries no backward');
    assert.ok(!gradientOps.includes('MaxUnpool'), 'MaxUnpool overwrites where overlapping windows share a max');
    assert.equal(gradientOps.filter((op) => op === 'ScatterElements').length, 1);
    // Only resnet18's 7 strided convs (the stem, 3 3x3, 3 1x1 downsamples) go backward as ConvTranspose; stride 1 as Conv.
    assert.equal(gradientOps.filter((op) => op === 'ConvTranspose').length, 7);
    assert.equal(gradientOps.filter((op) => op === 'Conv').length, 2 * 20 - 7);

    const session = await ort.InferenceSession.create(forwardPath);
    try {
      const batch = smoothImages(2, SIZE, 5);
      const result = await session.run({ pixels: new ort.Tensor('float32', batch.pixels, [2, SIZE, SIZE, 3]) });
      assert.ok(maxAbsDiff(result.logits!.data as Float32Array, await model.logits(batch)) <= 1e-5, 'the saved forward graph computes other logits');
    } finally {
      await session.release();
    }
  });
});
