/**
 * A classifier trained at one image size, given images of another: each batch is resampled as
 * Pillow resamples (the training data path's resize, data/pillow-resize.ts) before the model, and
 * the input gradient is carried back through the resampling's transpose, so attacks run at the
 * outer size. Used to attack our ResNets with the recognizer's 150 px face chips (transfer).
 */
import { resizeFloat, resizeFloatTranspose } from '../data/pillow-resize.js';
import type { ClassifierSpec } from '../models/graph.js';
import type { Classifier, ImageBatch, LossGradient } from './types.js';

export class ResizedClassifier implements Classifier {
  readonly spec: ClassifierSpec;
  readonly engine: string;

  /** `inner` sees its own input size; this classifier takes square images of `size` pixels. */
  constructor(
    readonly inner: Classifier,
    readonly size: number,
  ) {
    if (!Number.isInteger(size) || size < 1) throw new Error(`ResizedClassifier: size must be a whole number of pixels, got ${size}.`);
    this.spec = { ...inner.spec, inputSize: size };
    this.engine = `${inner.engine} (${size} px resampled to ${inner.spec.inputSize})`;
  }

  private toInner(batch: ImageBatch): ImageBatch {
    if (batch.width !== this.size || batch.height !== this.size) throw new Error(`This classifier takes ${this.size}x${this.size} images, got ${batch.width}x${batch.height}.`);
    const inner = this.inner.spec.inputSize;
    if (inner === this.size) return batch;
    const from = this.size * this.size * 3;
    const to = inner * inner * 3;
    const pixels = new Float32Array(batch.count * to);
    for (let n = 0; n < batch.count; n++) pixels.set(resizeFloat(batch.pixels.subarray(n * from, (n + 1) * from), this.size, this.size, inner, inner), n * to);
    return { pixels, count: batch.count, height: inner, width: inner };
  }

  async logits(batch: ImageBatch): Promise<Float32Array> {
    return this.inner.logits(this.toInner(batch));
  }

  async lossGradient(batch: ImageBatch, labels: Int32Array): Promise<LossGradient> {
    const inner = this.inner.spec.inputSize;
    const result = await this.inner.lossGradient(this.toInner(batch), labels);
    if (inner === this.size) return result;
    const from = inner * inner * 3;
    const to = this.size * this.size * 3;
    const gradient = new Float32Array(batch.count * to);
    for (let n = 0; n < batch.count; n++) gradient.set(resizeFloatTranspose(result.gradient.subarray(n * from, (n + 1) * from), this.size, this.size, inner, inner), n * to);
    return { ...result, gradient };
  }

  dispose(): void {
    this.inner.dispose();
  }
}
