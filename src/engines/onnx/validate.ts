/** Input checks with the same messages as the tfjs engine, so both fail alike on bad batches. */
import type { ModelSpec } from '../../models/graph.js';
import type { ImageBatch } from '../types.js';

export function checkBatch(spec: ModelSpec, batch: ImageBatch): void {
  if (!Number.isInteger(batch.count) || batch.count < 0) throw new Error(`Image batch count must be an integer >= 0, got ${batch.count}.`);
  const expected = batch.count * batch.height * batch.width * 3;
  if (batch.pixels.length !== expected) {
    throw new Error(`Image batch has ${batch.pixels.length} values, expected ${batch.count}x${batch.height}x${batch.width}x3 = ${expected}.`);
  }
  if (batch.height !== spec.inputSize || batch.width !== spec.inputSize) {
    throw new Error(`Images are ${batch.width}x${batch.height} px but the ${spec.architecture} model expects ${spec.inputSize}x${spec.inputSize}: resize them (inputSize option).`);
  }
}

export function checkLabels(spec: ModelSpec, batch: ImageBatch, labels: Int32Array): void {
  if (labels.length !== batch.count) throw new Error(`Got ${labels.length} labels for ${batch.count} images.`);
  for (const label of labels) {
    if (!Number.isInteger(label) || label < 0 || label >= spec.numClasses) {
      throw new Error(`Label ${label} is outside 0..${spec.numClasses - 1} for a ${spec.numClasses}-class model.`);
    }
  }
}
