/**
 * What attacks and evaluation see of a model, whatever engine runs it: logits of a batch and the
 * input gradient of the loss, both in [0,1] pixel space (normalisation is inside the model).
 */
import type { ClassifierSpec, EmbeddingSpec } from '../models/graph.js';

/** A batch of RGB images, NHWC, float32 pixels in [0,1]. */
export interface ImageBatch {
  readonly pixels: Float32Array;
  readonly count: number;
  readonly height: number;
  readonly width: number;
}

/** Images with their labels (true classes, or targets for a targeted attack). */
export interface LabelledImages {
  readonly batch: ImageBatch;
  readonly labels: Int32Array;
}

export interface LossGradient {
  /** [count, numClasses], row-major: the clean logits, from the same forward pass. */
  readonly logits: Float32Array;
  /**
   * d loss / d pixels, NHWC like the batch. The loss is the SUM over the batch of per-sample
   * cross-entropy, so each sample's gradient equals what PyTorch computes for it at batch size 1.
   */
  readonly gradient: Float32Array;
}

export interface Classifier {
  readonly spec: ClassifierSpec;
  /** Human-readable engine name, e.g. `tfjs/wasm` or `onnxruntime`. */
  readonly engine: string;
  /** Logits [count, numClasses], row-major. */
  logits(batch: ImageBatch): Promise<Float32Array>;
  /** Logits and the input gradient of the cross-entropy for the given labels (true or target). */
  lossGradient(batch: ImageBatch, labels: Int32Array): Promise<LossGradient>;
  /** Frees engine memory (tensors, sessions). */
  dispose(): void;
}

export interface EmbeddingGradient {
  /** [count, embeddingSize], row-major: the embeddings, from the same forward pass. */
  readonly embeddings: Float32Array;
  /** d (sum over the batch of ||e_n - r_n||^2) / d pixels, NHWC like the batch. */
  readonly gradient: Float32Array;
}

/** A face recognizer: a face -> an embedding; two faces match when their embeddings are close. */
export interface FaceEmbedder {
  readonly spec: EmbeddingSpec;
  readonly engine: string;
  /** Embeddings [count, embeddingSize], row-major. */
  embed(batch: ImageBatch): Promise<Float32Array>;
  /** Embeddings and the input gradient of the summed squared distances to `references` [count, embeddingSize]. */
  distanceGradient(batch: ImageBatch, references: Float32Array): Promise<EmbeddingGradient>;
  dispose(): void;
}
