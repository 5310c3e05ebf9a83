/**
 * Our face recognizer (face-api's net described as data, run by our engines) against
 * @vladmandic/face-api's own code: the same descriptors on real ORL faces, and the same input
 * gradient of the dodging loss as tfjs autodiff through face-api's forward (cpu backend).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeImage } from '../../src/data/index.js';
import { loadFaceRecognizer, type FaceEmbedder, type ImageBatch } from '../../src/engines/index.js';

const PEOPLE = 24;
const GRADIENT_FACES = 2;
const SIZE = 150;

async function orlBatch(photo: number): Promise<ImageBatch> {
  const pixels = new Float32Array(PEOPLE * SIZE * SIZE * 3);
  for (let p = 0; p < PEOPLE; p++) {
    const file = join('data', 'orl_faces', 'Faces', `Subject ${String(p + 1).padStart(2, '0')}_${photo}.jpg`);
    pixels.set(await decodeImage(file, SIZE), p * SIZE * SIZE * 3);
  }
  return { pixels, count: PEOPLE, height: SIZE, width: SIZE };
}

function floatFile(dir: string, name: string, values: Float32Array): string {
  const path = join(dir, name);
  writeFileSync(path, new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
  return path;
}

function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}

function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! ** 2;
    nb += b[i]! ** 2;
  }
  return dot / Math.sqrt(na * nb);
}

for (const backend of ['onnx', 'wasm'] as const) {
  test(`face recognizer on ${backend}: descriptors within 1e-4 of face-api's computeFaceDescriptor on ${PEOPLE} ORL faces, dodging gradient as tfjs autodiff`, { timeout: 10 * 60_000 }, async (t) => {
    const probes = await orlBatch(0);
    const gallery = await orlBatch(1);
    let embedder: FaceEmbedder | undefined;
    const dir = mkdtempSync(join(tmpdir(), 'fgsm-faces-faceapi-'));
    try {
      embedder = (await loadFaceRecognizer({ backend })).embedder;
      const ours = await embedder.embed(probes);
      const references = (await embedder.embed(gallery)).slice(0, GRADIENT_FACES * 128);
      const firstProbes: ImageBatch = { ...probes, count: GRADIENT_FACES, pixels: probes.pixels.slice(0, GRADIENT_FACES * SIZE * SIZE * 3) };
      const { embeddings, gradient } = await embedder.distanceGradient(firstProbes, references);

      const output = execFileSync(process.execPath, [join('test', 'parity', 'faceapi_reference.cjs'), floatFile(dir, 'pixels.f32', probes.pixels), String(PEOPLE), floatFile(dir, 'references.f32', references), String(GRADIENT_FACES)], {
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      });
      const theirs = JSON.parse(output) as { descriptors: number[]; gradients: number[] };

      const descriptorError = maxAbsDifference(ours, theirs.descriptors);
      t.diagnostic(`largest descriptor difference: ${descriptorError.toExponential(2)}`);
      assert.ok(descriptorError <= 1e-4, `descriptors differ from face-api's by ${descriptorError}`);
      assert.ok(maxAbsDifference(embeddings, ours.slice(0, GRADIENT_FACES * 128)) <= 1e-5, 'the gradient pass returns the same embeddings as the forward');

      const size = SIZE * SIZE * 3;
      for (let n = 0; n < GRADIENT_FACES; n++) {
        const mine = gradient.subarray(n * size, (n + 1) * size);
        const reference = theirs.gradients.slice(n * size, (n + 1) * size);
        const scale = Math.max(...reference.map(Math.abs));
        const worst = maxAbsDifference(mine, reference);
        const similarity = cosine(mine, reference);
        const relative = Math.hypot(...Array.from(mine, (v, i) => v - reference[i]!)) / Math.hypot(...reference);
        t.diagnostic(`face ${n}: gradient cosine ${similarity.toFixed(7)}, relative L2 error ${relative.toExponential(2)}, largest difference ${(worst / scale).toExponential(2)} of the largest component`);
        // Float rounding in another conv implementation can flip a ReLU or a max-pool choice at a few
        // pixels (ONNX Runtime: up to ~0.6% of the largest component there); the whole gradient must agree.
        assert.ok(similarity > 0.9999, `face ${n}: gradient direction differs from tfjs autodiff (cosine ${similarity})`);
        assert.ok(relative < 1e-2, `face ${n}: gradient differs from tfjs autodiff by ${relative} (relative L2)`);
        assert.ok(worst <= 2e-2 * scale, `face ${n}: gradient differs from tfjs autodiff by ${worst} at one pixel (largest component ${scale})`);
      }
    } finally {
      embedder?.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
