/**
 * Every bundled model, exported with our .pth writer, is a PyTorch model: torch.load (weights_only)
 * and load_state_dict(strict=True) into the reference architecture (torchvision, or the original's
 * own ResNet), then the same logits as ours on real test faces. Skipped without PyTorch.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadFaceDataset } from '../../src/data/index.js';
import { loadClassifier } from '../../src/engines/index.js';
import { findBundledWeights } from '../../src/study/index.js';
import { loadWeights, writePthFile } from '../../src/weights/index.js';
import { pytorchMissingReason, runPython } from '../../scripts/pytorch-reference.js';

const FACES = 4;

test('each bundled model exports to a .pth that PyTorch loads strictly and that predicts as ours does', { skip: pytorchMissingReason(), timeout: 10 * 60_000 }, async (t) => {
  const bundled = await findBundledWeights('models');
  assert.ok(bundled.length >= 1, 'models/ holds the bundled weights');
  const dataset = await loadFaceDataset('data/sample_faces');
  const dir = mkdtempSync(join(tmpdir(), 'fgsm-faces-bundled-pth-'));
  try {
    for (const info of bundled) {
      const { params, metadata } = await loadWeights(info.path);
      const pth = join(dir, `${metadata.architecture}.pth`);
      await writePthFile(pth, params);
      const loaded = await loadClassifier({ weights: info.path, backend: 'onnx' });
      try {
        const { spec } = loaded;
        const stream = dataset.batches(dataset.entries.slice(0, FACES), { batchSize: FACES, inputSize: spec.inputSize });
        const { value } = await stream.next();
        assert.ok(value, 'a batch of faces');
        const { batch } = value;
        const ours = await loaded.classifier.logits(batch);
        const images = join(dir, 'images.f32');
        writeFileSync(images, new Uint8Array(batch.pixels.buffer, batch.pixels.byteOffset, batch.pixels.byteLength));
        const args = [pth, spec.architecture, String(spec.numClasses), images, String(batch.count), String(spec.inputSize), spec.normalization.mean.join(','), spec.normalization.std.join(',')];
        const report = JSON.parse(runPython(join('test', 'parity', 'torch_predict_pth.py'), args)) as { strict_load: string; logits?: number[] };
        assert.equal(report.strict_load, 'ok', `${info.path}: the exported .pth loads strictly into PyTorch's ${spec.architecture}`);
        const theirs = report.logits!;
        const scale = Math.max(...theirs.map(Math.abs));
        const worst = Math.max(...theirs.map((v, i) => Math.abs(v - ours[i]!)));
        t.diagnostic(`${spec.architecture}: largest logit difference ${worst.toExponential(2)} (logits up to ${scale.toFixed(1)})`);
        assert.ok(worst <= 1e-3 * Math.max(1, scale), `${info.path}: logits differ from PyTorch's by ${worst}`);
        for (let face = 0; face < batch.count; face++) {
          const row = (values: ArrayLike<number>) => Array.from({ length: spec.numClasses }, (_, c) => values[face * spec.numClasses + c]!);
          const argmax = (values: number[]) => values.indexOf(Math.max(...values));
          assert.equal(argmax(row(ours)), argmax(row(theirs)), `${info.path}: face ${face} recognised as the same person`);
        }
      } finally {
        loaded.classifier.dispose();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
