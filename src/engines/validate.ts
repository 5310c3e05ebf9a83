/** Input checks shared by every engine, so all fail alike on bad batches. */
import type { ClassifierSpec, NetworkSpec } from '../models/graph.js';
import type { ImageBatch } from './types.js';

export function checkBatch(spec: NetworkSpec, batch: ImageBatch): void {
  if (!Number.isInteger(batch.count) || batch.count < 0) throw new Error(`Image batch count must be an integer >= 0, got ${batch.count}.`);
  const expected = batch.count * batch.height * batch.width * 3;
  if (batch.pixels.length !== expected) {
    throw new Error(`Image batch has ${batch.pixels.length} values, expected ${batch.count}x${batch.height}x${batch.width}x3 = ${expected}.`);
  }
  if (batch.height !== spec.inputSize || batch.width !== spec.inputSize) {
    throw new Error(`Images are ${batch.width}x${batch.height} px but the ${spec.architecture} model expects ${spec.inputSize}x${spec.inputSize}: resize them (inputSize option).`);
  }
}

export function checkLabels(spec: ClassifierSpec, batch: ImageBatch, labels: Int32Array): void {
  if (labels.length !== batch.count) throw new Error(`Got ${labels.length} labels for ${batch.count} images.`);
  for (const label of labels) {
    if (!Number.isInteger(label) || label < 0 || label >= spec.numClasses) {
      throw new Error(`Label ${label} is outside 0..${spec.numClasses - 1} for a ${spec.numClasses}-class model.`);
    }
  }
}

/** Reference embeddings [count, size] for a distance gradient: one finite row per image. */
export function checkReferences(size: number, batch: ImageBatch, references: Float32Array): void {
  if (references.length !== batch.count * size) throw new Error(`Got ${references.length} reference values for ${batch.count} images of ${size}-D embeddings (expected ${batch.count * size}).`);
  const bad = references.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new Error(`Reference embedding ${Math.floor(bad / size)} holds ${references[bad]}: references must be finite.`);
}
