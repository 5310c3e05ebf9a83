/** A face recognizer on tfjs (the fallback when ONNX Runtime cannot run), with the same ops and gradients as the classifiers. */
import * as tf from '@tensorflow/tfjs-core';
import type { EmbeddingSpec } from '../../models/graph.js';
import type { ParamsMap } from '../../tensor.js';
import type { EmbeddingGradient, FaceEmbedder, ImageBatch } from '../types.js';
import { checkBatch, checkReferences } from '../validate.js';
import { currentBackend } from './backend.js';
import { forwardOutput, outputAndInputGradient, toTfjsParams, type TfjsParams } from './model.js';
import { squaredDistanceSum } from './ops.js';

export class TfjsEmbedder implements FaceEmbedder {
  readonly engine: string;
  private disposed = false;

  private constructor(
    readonly spec: EmbeddingSpec,
    private readonly params: TfjsParams,
  ) {
    this.engine = `tfjs/${currentBackend()?.name ?? tf.getBackend()}`;
  }

  static fromParams(spec: EmbeddingSpec, params: ParamsMap): TfjsEmbedder {
    return new TfjsEmbedder(spec, toTfjsParams(spec, params));
  }

  async embed(batch: ImageBatch): Promise<Float32Array> {
    this.checkAlive();
    checkBatch(this.spec, batch);
    return forwardOutput(this.spec, this.params, batch);
  }

  async distanceGradient(batch: ImageBatch, references: Float32Array): Promise<EmbeddingGradient> {
    this.checkAlive();
    checkBatch(this.spec, batch);
    checkReferences(this.spec.embeddingSize, batch, references);
    const r = tf.tensor2d(references, [batch.count, this.spec.embeddingSize]);
    try {
      const { output, gradient } = await outputAndInputGradient(this.spec, this.params, batch, (embeddings) => squaredDistanceSum(embeddings, r));
      return { embeddings: output, gradient };
    } finally {
      r.dispose();
    }
  }

  dispose(): void {
    if (this.disposed) return;
    for (const t of this.params.values()) t.dispose();
    this.disposed = true;
  }

  private checkAlive(): void {
    if (this.disposed) throw new Error('This model was disposed; build a new one.');
  }
}
