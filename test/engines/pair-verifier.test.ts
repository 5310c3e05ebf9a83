/**
 * PairVerifier: face verification of fixed pairs as a 2-class classifier. Its decision is
 * face-api's (same person exactly when the distance is below the threshold; a tie is not a match)
 * and its loss gradient points along the distance gradient (SAME) or against it (DIFFERENT).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { decodeImage } from '../../src/data/index.js';
import { DIFFERENT, PairVerifier, SAME, loadFaceRecognizer, type FaceEmbedder, type ImageBatch } from '../../src/engines/index.js';
import { argmaxRow } from '../../src/eval/index.js';

let embedder: FaceEmbedder;
let faces: ImageBatch;
let references: Float32Array;

before(async () => {
  embedder = (await loadFaceRecognizer({ backend: 'onnx' })).embedder;
  const photos = ['Subject 01_0.jpg', 'Subject 02_0.jpg', 'Subject 01_1.jpg', 'Subject 03_1.jpg'];
  const pixels = new Float32Array(4 * 150 * 150 * 3);
  for (const [k, photo] of photos.entries()) pixels.set(await decodeImage(join('data', 'orl_faces', 'Faces', photo), 150), k * 150 * 150 * 3);
  const all = await embedder.embed({ pixels, count: 4, height: 150, width: 150 });
  faces = { pixels: pixels.slice(0, 2 * 150 * 150 * 3), count: 2, height: 150, width: 150 };
  // Face 0 claims its own person (photo 1 of Subject 01); face 1 claims Subject 03.
  references = all.slice(2 * 128);
});
after(() => embedder.dispose());

test('SAME exactly when the distance is below the threshold; at the threshold, DIFFERENT', async () => {
  const distances = await new PairVerifier(embedder, references, 0.6).distances(faces);
  for (const threshold of [distances[0]! + 1e-3, distances[0]!, distances[0]! - 1e-3]) {
    const logits = await new PairVerifier(embedder, references, threshold).logits(faces);
    assert.equal(argmaxRow(logits, 0, 2), distances[0]! < threshold ? SAME : DIFFERENT, `threshold ${threshold} vs distance ${distances[0]}`);
  }
  assert.throws(() => new PairVerifier(embedder, references, 0), /threshold must be a positive distance, got 0/);
  await assert.rejects(new PairVerifier(embedder, references.slice(0, 128), 0.6).logits(faces), /holds references for 1 pairs but got a batch of 2 faces/);
});

test('the loss gradient is the distance gradient times a positive factor (SAME) or a negative one (DIFFERENT)', async () => {
  const { gradient: distanceGradient } = await embedder.distanceGradient(faces, references);
  const size = 150 * 150 * 3;
  for (const label of [SAME, DIFFERENT]) {
    const { gradient } = await new PairVerifier(embedder, references, 0.5).lossGradient(faces, Int32Array.of(label, label));
    for (let n = 0; n < 2; n++) {
      let dot = 0;
      let a = 0;
      let b = 0;
      for (let i = n * size; i < (n + 1) * size; i++) {
        dot += gradient[i]! * distanceGradient[i]!;
        a += gradient[i]! ** 2;
        b += distanceGradient[i]! ** 2;
      }
      const cosine = dot / Math.sqrt(a * b);
      assert.ok(Math.abs(cosine - (label === SAME ? 1 : -1)) < 1e-6, `label ${label}, face ${n}: cosine ${cosine}`);
    }
  }
});
