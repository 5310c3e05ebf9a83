/** Shared set-up for the attack tests: the exact linear classifier and labelled random images. */
import { argmaxRow } from '../../src/eval/index.js';
import type { ImageBatch, LabelledImages } from '../../src/engines/index.js';
import { LinearPixelClassifier, randomImages, sliceBatch } from '../helpers/linear-classifier.js';

export const SIZE = 32;
export const CLASSES = 4;

/** Labels = the model's prediction, except every 4th sample (wrong on purpose). */
export async function linearSetup(count: number, seed = 2) {
  const model = new LinearPixelClassifier(CLASSES, SIZE);
  const images = randomImages(count, SIZE, seed);
  const logits = await model.logits(images);
  const labels = Int32Array.from({ length: count }, (_, n) => {
    const p = argmaxRow(logits, n, CLASSES);
    return n % 4 === 3 ? (p + 1) % CLASSES : p;
  });
  return { model, images, labels };
}

export function batchesOf(images: ImageBatch, labels: Int32Array, size: number): LabelledImages[] {
  const out: LabelledImages[] = [];
  for (let s = 0; s < images.count; s += size) {
    const e = Math.min(images.count, s + size);
    out.push({ batch: sliceBatch(images, s, e), labels: labels.slice(s, e) });
  }
  return out;
}

export function linfDistance(a: Float32Array, b: Float32Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

export function accuracy(logits: Float32Array, labels: Int32Array, k = CLASSES): number {
  let c = 0;
  for (let n = 0; n < labels.length; n++) if (argmaxRow(logits, n, k) === labels[n]) c++;
  return c / labels.length;
}
