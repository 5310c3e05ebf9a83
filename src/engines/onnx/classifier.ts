/**
 * A model on ONNX Runtime (CPU), seen by attacks like any Classifier: two sessions compiled from the
 * same ModelSpec + ParamsMap as the tfjs engine, one for logits, one for logits + input gradient.
 */
import { availableParallelism } from 'node:os';
import type { InferenceSession, Tensor } from 'onnxruntime-node';
import type { ModelSpec } from '../../models/graph.js';
import type { ParamsMap } from '../../tensor.js';
import type { Classifier, ImageBatch, LossGradient } from '../types.js';
import { compileForwardModel, compileGradientModel, INPUT_NAMES, OUTPUT_NAMES, type CompileOptions } from './compile.js';
import { loadOnnxRuntime, type OnnxRuntime } from './runtime.js';
import { writeOnnxModels } from './save.js';
import { checkBatch, checkLabels } from './validate.js';

export interface OnnxClassifierOptions extends CompileOptions {
  /** Threads for one op (ORT intra-op); default: every core (os.availableParallelism()). */
  readonly threads?: number;
}

export class OnnxClassifier implements Classifier {
  readonly engine = 'onnxruntime';
  private sessions: { forward: InferenceSession; gradient: InferenceSession } | undefined;
  /** Runs not finished yet: dispose() waits for them before freeing the native sessions. */
  private readonly running = new Set<Promise<unknown>>();

  private constructor(
    readonly spec: ModelSpec,
    /** Kept (not copied) only to write the graphs again in saveOnnx. */
    private readonly params: ParamsMap,
    private readonly options: OnnxClassifierOptions,
    private readonly ort: OnnxRuntime,
    forward: InferenceSession,
    gradient: InferenceSession,
  ) {
    this.sessions = { forward, gradient };
  }

  /** Compiles both graphs and opens their sessions; rejects if onnxruntime-node cannot load (see onnxAvailable). */
  static async create(spec: ModelSpec, params: ParamsMap, options: OnnxClassifierOptions = {}): Promise<OnnxClassifier> {
    const ort = await loadOnnxRuntime();
    const threads = options.threads ?? availableParallelism();
    if (!Number.isInteger(threads) || threads < 1) throw new Error(`threads must be an integer >= 1, got ${threads}`);
    const sessionOptions: InferenceSession.SessionOptions = {
      executionProviders: ['cpu'],
      intraOpNumThreads: threads,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
      // No busy-waiting workers between ops and runs: they would take the CPU from the JS thread (FGSM
      // steps, metrics) and other processes; measured here as fast or faster on a loaded 2-core machine.
      extra: { session: { intra_op: { allow_spinning: '0' } } },
    };
    // One model at a time: the serialised bytes (all the weights) can be dropped once ORT has them.
    const forward = await ort.InferenceSession.create(compileForwardModel(spec, params, options), sessionOptions);
    let gradient: InferenceSession;
    try {
      gradient = await ort.InferenceSession.create(compileGradientModel(spec, params, options), sessionOptions);
    } catch (error) {
      await forward.release();
      throw error;
    }
    return new OnnxClassifier(spec, params, { ...options, threads }, ort, forward, gradient);
  }

  /** Intra-op threads of both sessions. */
  get threads(): number {
    return this.options.threads!;
  }

  async logits(batch: ImageBatch): Promise<Float32Array> {
    const { forward } = this.alive();
    checkBatch(this.spec, batch);
    if (batch.count === 0) return new Float32Array(0);
    const outputs = await this.run(forward, { [INPUT_NAMES.pixels]: this.pixelsTensor(batch) });
    return outputs[OUTPUT_NAMES.logits]!;
  }

  async lossGradient(batch: ImageBatch, labels: Int32Array): Promise<LossGradient> {
    const { gradient } = this.alive();
    checkBatch(this.spec, batch);
    checkLabels(this.spec, batch, labels);
    if (batch.count === 0) return { logits: new Float32Array(0), gradient: new Float32Array(0) };
    const outputs = await this.run(gradient, {
      [INPUT_NAMES.pixels]: this.pixelsTensor(batch),
      [INPUT_NAMES.labels]: new this.ort.Tensor('int32', labels, [batch.count]),
    });
    return { logits: outputs[OUTPUT_NAMES.logits]!, gradient: outputs[OUTPUT_NAMES.gradient]! };
  }

  /**
   * Writes both graphs, weights included, for inspection (e.g. in Netron): `<path>.forward.onnx`
   * and `<path>.gradient.onnx` (a trailing `.onnx` on `path` is dropped). Returns the file paths.
   */
  async saveOnnx(path: string): Promise<string[]> {
    return writeOnnxModels(this.spec, this.params, path, this.options);
  }

  /** Releases both sessions; safe to call more than once. */
  dispose(): void {
    const sessions = this.sessions;
    this.sessions = undefined;
    if (!sessions) return;
    const release = () => {
      for (const session of [sessions.forward, sessions.gradient]) session.release().catch(() => undefined);
    };
    // release() frees the native session at once (the promise only reports), unless a run is queued.
    if (this.running.size === 0) release();
    else void Promise.allSettled([...this.running]).then(release);
  }

  private alive(): { forward: InferenceSession; gradient: InferenceSession } {
    if (!this.sessions) throw new Error('This model was disposed; build a new one.');
    return this.sessions;
  }

  private pixelsTensor(batch: ImageBatch): Tensor {
    return new this.ort.Tensor('float32', batch.pixels, [batch.count, batch.height, batch.width, 3]);
  }

  /** Runs a session and copies its float outputs out; every ORT tensor is disposed afterwards. */
  private async run(session: InferenceSession, feeds: Record<string, Tensor>): Promise<Record<string, Float32Array>> {
    let results: InferenceSession.OnnxValueMapType | undefined;
    const running = session.run(feeds);
    this.running.add(running);
    try {
      results = await running;
      const out: Record<string, Float32Array> = {};
      for (const [name, value] of Object.entries(results)) {
        if (value.type !== 'float32') throw new Error(`ONNX output ${name} is ${value.type}, expected float32`);
        out[name] = value.data as Float32Array;
      }
      return out;
    } finally {
      this.running.delete(running);
      for (const tensor of Object.values(feeds)) tensor.dispose();
      for (const value of Object.values(results ?? {})) value.dispose();
    }
  }
}
