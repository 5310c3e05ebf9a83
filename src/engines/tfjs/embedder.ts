/** A face recognizer on tfjs (the fallback when ONNX Runtime cannot run), with the same ops and gradients as the classifiers. */
import * as tf from '@tensorflow/tfjs-core';
import type { EmbeddingSpec } from '../../models/graph.js';
import type { ParamsMap } from '../../tensor.js';
import type { EmbeddingGradient, FaceEmbedder, ImageBatch } from '../types.js';
import { checkBatch, checkReferences } from '../validate.js';
import { currentBackend } from './backend.js';
import { batchTensor, forwardLogits, toTfjsParams, type TfjsParams } from './model.js';
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
    const embeddings = tf.tidy(() => forwardLogits(this.spec, this.params, batchTensor(batch)));
    try {
      return (await embeddings.data()) as Float32Array;
    } finally {
      embeddings.dispose();
    }
  }

  async distanceGradient(batch: ImageBatch, references: Float32Array): Promise<EmbeddingGradient> {
    this.checkAlive();
    checkBatch(this.spec, batch);
    checkReferences(this.spec.embeddingSize, batch, references);
    const [embeddings, gradient] = tf.tidy(() => {
      const x = batchTensor(batch);
      const r = tf.tensor2d(references, [batch.count, this.spec.embeddingSize]);
      let kept: tf.Tensor2D | undefined;
      const grad = tf.grad((input: tf.Tensor) => {
        const e = forwardLogits(this.spec, this.params, input as tf.Tensor4D);
        kept = tf.keep(e.clone());
        return squaredDistanceSum(e, r);
      })(x);
      return [kept!, grad] as const;
    });
    try {
      const [e, g] = await Promise.all([embeddings.data(), gradient.data()]);
      return { embeddings: e as Float32Array, gradient: g as Float32Array };
    } finally {
      embeddings.dispose();
      gradient.dispose();
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
