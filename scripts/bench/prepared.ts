/**
 * The bench's prepared files, as its child processes read them: raw little-endian float32 pixels
 * (NHWC in [0,1]) or embeddings, int32 labels, viewed without a copy and cut into batches.
 */
import { readFileSync } from 'node:fs';
import type { LabelledImages } from '../../src/engines/index.js';

export function readFloats(path: string, length: number): Float32Array {
  const bytes = readFileSync(path);
  return new Float32Array(bytes.buffer, bytes.byteOffset, length);
}

export function readInts(path: string, length: number): Int32Array {
  const bytes = readFileSync(path);
  return new Int32Array(bytes.buffer, bytes.byteOffset, length);
}

/** Views into the prepared arrays, `batchSize` images at a time: no copy, like a cached preprocessed test set. */
export function* batchesOf(pixels: Float32Array, labels: Int32Array, size: number, batchSize: number): Generator<LabelledImages> {
  const frame = size * size * 3;
  for (let start = 0; start < labels.length; start += batchSize) {
    const n = Math.min(batchSize, labels.length - start);
    yield {
      batch: { pixels: pixels.subarray(start * frame, (start + n) * frame), count: n, height: size, width: size },
      labels: labels.subarray(start, start + n),
    };
  }
}
