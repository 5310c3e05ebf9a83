/**
 * A face recognizer on ONNX Runtime (CPU, or CUDA when asked): embeddings, and embeddings + the input gradient of the
 * summed squared distances to given reference embeddings (what dodging ascends and impersonation
 * descends), from the same graphs builder as the classifiers.
 */
import type { EmbeddingSpec } from '../../models/graph.js';
import type { ParamsMap } from '../../tensor.js';
import type { EmbeddingGradient, FaceEmbedder, ImageBatch } from '../types.js';
import { checkBatch, checkReferences } from '../validate.js';
import { INPUT_NAMES, OUTPUT_NAMES } from './compile.js';
import { OnnxSessionPair, type OnnxSessionOptions } from './sessions.js';

export class OnnxEmbedder implements FaceEmbedder {
  private constructor(
    readonly spec: EmbeddingSpec,
    private readonly sessions: OnnxSessionPair,
  ) {}

  /** `onnxruntime`, or `onnxruntime (CUDA)` on the GPU. */
  get engine(): string {
    return this.sessions.engine;
  }

  static async create(spec: EmbeddingSpec, params: ParamsMap, options: OnnxSessionOptions = {}): Promise<OnnxEmbedder> {
    return new OnnxEmbedder(spec, await OnnxSessionPair.open(spec, params, options));
  }

  async embed(batch: ImageBatch): Promise<Float32Array> {
    this.sessions.checkAlive();
    checkBatch(this.spec, batch);
    if (batch.count === 0) return new Float32Array(0);
    const outputs = await this.sessions.run('forward', { [INPUT_NAMES.pixels]: this.sessions.pixelsTensor(batch) });
    return outputs[OUTPUT_NAMES.embedding]!;
  }

  async distanceGradient(batch: ImageBatch, references: Float32Array): Promise<EmbeddingGradient> {
    this.sessions.checkAlive();
    checkBatch(this.spec, batch);
    checkReferences(this.spec.embeddingSize, batch, references);
    if (batch.count === 0) return { embeddings: new Float32Array(0), gradient: new Float32Array(0) };
    const outputs = await this.sessions.run('gradient', {
      [INPUT_NAMES.pixels]: this.sessions.pixelsTensor(batch),
      [INPUT_NAMES.references]: new this.sessions.ort.Tensor('float32', references, [batch.count, this.spec.embeddingSize]),
    });
    return { embeddings: outputs[OUTPUT_NAMES.embedding]!, gradient: outputs[OUTPUT_NAMES.gradient]! };
  }

  async saveOnnx(path: string): Promise<string[]> {
    return this.sessions.save(path);
  }

  dispose(): void {
    this.sessions.dispose();
  }
}
