/**
 * Face verification of fixed pairs, seen by attacks as a 2-class classifier, so that every attack
 * we have (FGSM, BIM, MI-FGSM, PGD, noise) works on a face recognizer unchanged:
 *   pair n = (face image n, reference embedding r_n: the claimed identity's template), threshold t;
 *   logits = [0, t^2 - d_n^2] with d_n = ||e(x_n) - r_n||: class SAME (1) wins exactly when d_n < t
 *   (face-api's decision; a tie is DIFFERENT), class DIFFERENT (0) otherwise.
 * Cross-entropy on these logits is softplus(d^2 - t^2) for SAME: its input gradient is the gradient
 * of the squared distance times a positive factor per sample, so sign-based steps are exactly
 * those of the distance. Dodging = untargeted on label SAME; impersonation = targeted at SAME.
 */
import type { ClassifierSpec } from '../models/graph.js';
import type { Classifier, FaceEmbedder, ImageBatch, LossGradient } from './types.js';
import { checkBatch, checkLabels } from './validate.js';

export const DIFFERENT = 0;
export const SAME = 1;

export class PairVerifier implements Classifier {
  readonly spec: ClassifierSpec;
  readonly engine: string;
  private readonly squaredThreshold: number;

  /** `references`: [count, embeddingSize], one claimed identity per image of the batches this verifier will see. */
  constructor(
    private readonly embedder: FaceEmbedder,
    private readonly references: Float32Array,
    readonly threshold: number,
  ) {
    if (!(Number.isFinite(threshold) && threshold > 0)) throw new Error(`The verification threshold must be a positive distance, got ${threshold}.`);
    const { architecture, inputSize, normalization, layers } = embedder.spec;
    this.spec = { architecture, inputSize, normalization, layers, numClasses: 2 };
    this.engine = embedder.engine;
    this.squaredThreshold = threshold * threshold;
  }

  /** Distances of the batch's faces to their references. */
  async distances(batch: ImageBatch): Promise<Float64Array> {
    return this.squaredDistances(await this.embedder.embed(this.checked(batch))).map(Math.sqrt);
  }

  async logits(batch: ImageBatch): Promise<Float32Array> {
    return this.logitsOf(this.squaredDistances(await this.embedder.embed(this.checked(batch))));
  }

  async lossGradient(batch: ImageBatch, labels: Int32Array): Promise<LossGradient> {
    checkLabels(this.spec, this.checked(batch), labels);
    const { embeddings, gradient } = await this.embedder.distanceGradient(batch, this.references);
    const squared = this.squaredDistances(embeddings);
    const size = batch.height * batch.width * 3;
    for (let n = 0; n < batch.count; n++) {
      // d CE / d(d^2): SAME: sigmoid(d^2 - t^2); DIFFERENT: -sigmoid(t^2 - d^2).
      const margin = squared[n]! - this.squaredThreshold;
      const factor = labels[n] === SAME ? sigmoid(margin) : -sigmoid(-margin);
      for (let i = n * size; i < (n + 1) * size; i++) gradient[i] = gradient[i]! * factor;
    }
    return { logits: this.logitsOf(squared), gradient };
  }

  /** The embedder belongs to the caller. */
  dispose(): void {}

  private checked(batch: ImageBatch): ImageBatch {
    checkBatch(this.spec, batch);
    const size = this.embedder.spec.embeddingSize;
    if (this.references.length !== batch.count * size) {
      throw new Error(`This verifier holds references for ${this.references.length / size} pairs but got a batch of ${batch.count} faces.`);
    }
    return batch;
  }

  private squaredDistances(embeddings: Float32Array): Float64Array {
    const size = this.embedder.spec.embeddingSize;
    const out = new Float64Array(embeddings.length / size);
    for (let n = 0; n < out.length; n++) {
      let sum = 0;
      for (let i = n * size; i < (n + 1) * size; i++) sum += (embeddings[i]! - this.references[i]!) ** 2;
      out[n] = sum;
    }
    return out;
  }

  private logitsOf(squared: Float64Array): Float32Array {
    const logits = new Float32Array(squared.length * 2);
    for (let n = 0; n < squared.length; n++) {
      // The sign follows the decision on distances (d < t), whatever t^2 - d^2 rounds to near a tie.
      const margin = this.squaredThreshold - squared[n]!;
      logits[2 * n + SAME] = Math.sqrt(squared[n]!) < this.threshold ? Math.max(margin, 1e-30) : Math.min(margin, 0);
    }
    return logits;
  }
}

function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}
