/**
 * Clean face verification with face-api's recognizer on the bundled ORL faces (all 400, every pair):
 * real people are told apart far better than chance. The faces are only resized to 150x150 here
 * (no detection or alignment), which the recognizer was not trained for: the bounds are set for that.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { decodeImage } from '../../src/data/index.js';
import { loadFaceRecognizer } from '../../src/engines/index.js';
import { acceptRate, equalErrorRate, rocArea, rocCurve, thresholdAtFar } from '../../src/eval/index.js';

const PEOPLE = 40;
const PHOTOS = 10;
const SIZE = 150;

test('face-api recognizer on 400 ORL faces: genuine pairs closer than impostors (AUC, EER, TAR at FAR)', { timeout: 5 * 60_000 }, async (t) => {
  const { embedder } = await loadFaceRecognizer({ backend: 'onnx' });
  const dims = embedder.spec.embeddingSize;
  const embeddings: Float32Array[] = [];
  try {
    for (let p = 0; p < PEOPLE; p++) {
      const pixels = new Float32Array(PHOTOS * SIZE * SIZE * 3);
      for (let k = 0; k < PHOTOS; k++) {
        pixels.set(await decodeImage(join('data', 'orl_faces', 'Faces', `Subject ${String(p + 1).padStart(2, '0')}_${k}.jpg`), SIZE), k * SIZE * SIZE * 3);
      }
      const batch = await embedder.embed({ pixels, count: PHOTOS, height: SIZE, width: SIZE });
      for (let k = 0; k < PHOTOS; k++) embeddings.push(batch.slice(k * dims, (k + 1) * dims));
    }
  } finally {
    embedder.dispose();
  }
  const genuine: number[] = [];
  const impostor: number[] = [];
  for (let a = 0; a < embeddings.length; a++) {
    for (let b = a + 1; b < embeddings.length; b++) {
      let squared = 0;
      for (let i = 0; i < dims; i++) squared += (embeddings[a]![i]! - embeddings[b]![i]!) ** 2;
      (Math.floor(a / PHOTOS) === Math.floor(b / PHOTOS) ? genuine : impostor).push(Math.sqrt(squared));
    }
  }
  assert.deepEqual([genuine.length, impostor.length], [PEOPLE * (PHOTOS * (PHOTOS - 1)) / 2, (PEOPLE * PHOTOS * (PEOPLE * PHOTOS - 1)) / 2 - PEOPLE * 45]);
  const auc = rocArea(rocCurve(genuine, impostor));
  const eer = equalErrorRate(genuine, impostor);
  const at1e3 = thresholdAtFar(impostor, 1e-3);
  const tar = acceptRate(genuine, at1e3.threshold);
  t.diagnostic(`AUC ${auc.toFixed(4)}, EER ${(100 * eer.eer).toFixed(1)}% at ${eer.threshold.toFixed(3)}, TAR ${(100 * tar.rate!).toFixed(1)}% at FAR ${at1e3.achievedFar.toExponential(1)} (threshold ${at1e3.threshold.toFixed(3)}); at face-api's 0.6: TAR ${(100 * acceptRate(genuine, 0.6).rate!).toFixed(1)}%, FAR ${(100 * acceptRate(impostor, 0.6).rate!).toFixed(1)}%`);
  // Measured 2026-12-03 (unaligned): AUC 0.918, EER 16.3%, TAR@FAR=1e-3 44%. A broken net gives AUC ~0.5.
  assert.ok(auc > 0.88, `AUC ${auc}`);
  assert.ok(eer.eer < 0.22, `EER ${eer.eer}`);
  assert.ok(tar.rate! > 0.3, `TAR at FAR 1e-3: ${tar.rate}`);
});
