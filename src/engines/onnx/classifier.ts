/**
 * A model on ONNX Runtime (CPU, or CUDA when asked), seen by attacks like any Classifier: two sessions compiled from the
 * same ModelSpec + ParamsMap as the tfjs engine, one for logits, one for logits + input gradient.
 */
import type { ModelSpec } from '../../models/graph.js';
import type { ParamsMap } from '../../tensor.js';
import type { Classifier, ImageBatch, LossGradient } from '../types.js';
import { checkBatch, checkLabels } from '../validate.js';
import { INPUT_NAMES, OUTPUT_NAMES } from './compile.js';
import { OnnxSessionPair, type OnnxSessionOptions } from './sessions.js';

export type OnnxClassifierOptions = OnnxSessionOptions;

export class OnnxClassifier implements Classifier {
  private constructor(
    readonly spec: ModelSpec,
    private readonly sessions: OnnxSessionPair,
  ) {}

  /** `onnxruntime`, or `onnxruntime (CUDA)` on the GPU. */
  get engine(): string {
    return this.sessions.engine;
  }

  /** Compiles both graphs and opens their sessions; rejects if onnxruntime-node cannot load (see onnxAvailable). */
  static async create(spec: ModelSpec, params: ParamsMap, options: OnnxClassifierOptions = {}): Promise<OnnxClassifier> {
    return new OnnxClassifier(spec, await OnnxSessionPair.open(spec, params, options));
  }

  /** Intra-op threads of both sessions. */
  get threads(): number {
    return this.sessions.threads;
  }

  async logits(batch: ImageBatch): Promise<Float32Array> {
    this.sessions.checkAlive();
    checkBatch(this.spec, batch);
    if (batch.count === 0) return new Float32Array(0);
    const outputs = await this.sessions.run('forward', { [INPUT_NAMES.pixels]: this.sessions.pixelsTensor(batch) });
    return outputs[OUTPUT_NAMES.logits]!;
  }

  async lossGradient(batch: ImageBatch, labels: Int32Array): Promise<LossGradient> {
    this.sessions.checkAlive();
    checkBatch(this.spec, batch);
    checkLabels(this.spec, batch, labels);
    if (batch.count === 0) return { logits: new Float32Array(0), gradient: new Float32Array(0) };
    const outputs = await this.sessions.run('gradient', {
      [INPUT_NAMES.pixels]: this.sessions.pixelsTensor(batch),
      [INPUT_NAMES.labels]: new this.sessions.ort.Tensor('int32', labels, [batch.count]),
    });
    return { logits: outputs[OUTPUT_NAMES.logits]!, gradient: outputs[OUTPUT_NAMES.gradient]! };
  }

  /**
   * Writes both graphs, weights included, for inspection (e.g. in Netron): `<path>.forward.onnx`
   * and `<path>.gradient.onnx` (a trailing `.onnx` on `path` is dropped). Returns the file paths.
   */
  async saveOnnx(path: string): Promise<string[]> {
    return this.sessions.save(path);
  }

  /** Releases both sessions; safe to call more than once. */
  dispose(): void {
    this.sessions.dispose();
  }
}
