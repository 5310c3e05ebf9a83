/**
 * The two ONNX Runtime sessions every compiled network has (forward; forward + input gradient),
 * with the run/dispose discipline both the classifier and the face embedder need: outputs copied
 * out and ORT tensors freed after each run, and native sessions released only when no run is queued.
 */
import { availableParallelism } from 'node:os';
import type { InferenceSession, Tensor } from 'onnxruntime-node';
import type { EmbeddingSpec, ModelSpec } from '../../models/graph.js';
import type { ParamsMap } from '../../tensor.js';
import type { ImageBatch } from '../types.js';
import { compileForwardModel, compileGradientModel, type CompileOptions } from './compile.js';
import { loadOnnxRuntime, type OnnxDevice, type OnnxRuntime } from './runtime.js';
import { writeOnnxModels } from './save.js';

export interface OnnxSessionOptions extends CompileOptions {
  /** Threads for one op (ORT intra-op); default: every core (os.availableParallelism()). */
  readonly threads?: number;
  /** 'cuda' runs on an NVIDIA GPU (ops CUDA lacks stay on the CPU); check onnxCudaAvailable() first. Default 'cpu'. */
  readonly device?: OnnxDevice;
}

export type SessionName = 'forward' | 'gradient';

export class OnnxSessionPair {
  private sessions: Record<SessionName, InferenceSession> | undefined;
  /** Runs not finished yet: dispose() waits for them before freeing the native sessions. */
  private readonly running = new Set<Promise<unknown>>();

  private constructor(
    private readonly spec: ModelSpec | EmbeddingSpec,
    /** Kept (not copied) only to write the graphs again in save. */
    private readonly params: ParamsMap,
    private readonly options: OnnxSessionOptions,
    readonly ort: OnnxRuntime,
    sessions: Record<SessionName, InferenceSession>,
  ) {
    this.sessions = sessions;
  }

  /** Compiles both graphs and opens their sessions; rejects if onnxruntime-node cannot load (see onnxAvailable). */
  static async open(spec: ModelSpec | EmbeddingSpec, params: ParamsMap, options: OnnxSessionOptions = {}): Promise<OnnxSessionPair> {
    const ort = await loadOnnxRuntime();
    const threads = options.threads ?? availableParallelism();
    if (!Number.isInteger(threads) || threads < 1) throw new Error(`threads must be an integer >= 1, got ${threads}`);
    const sessionOptions: InferenceSession.SessionOptions = {
      executionProviders: options.device === 'cuda' ? ['cuda', 'cpu'] : ['cpu'],
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
    return new OnnxSessionPair(spec, params, { ...options, threads }, ort, { forward, gradient });
  }

  get threads(): number {
    return this.options.threads!;
  }

  /** The engine's name for tables and logs. */
  get engine(): string {
    return this.options.device === 'cuda' ? 'onnxruntime (CUDA)' : 'onnxruntime';
  }

  pixelsTensor(batch: ImageBatch): Tensor {
    return new this.ort.Tensor('float32', batch.pixels, [batch.count, batch.height, batch.width, 3]);
  }

  /** Runs a session and copies its float outputs out; every ORT tensor is disposed afterwards. */
  async run(which: SessionName, feeds: Record<string, Tensor>): Promise<Record<string, Float32Array>> {
    if (!this.sessions) {
      for (const tensor of Object.values(feeds)) tensor.dispose();
      throw new Error('This model was disposed; build a new one.');
    }
    let results: InferenceSession.OnnxValueMapType | undefined;
    const running = this.sessions[which].run(feeds);
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

  /** Throws if disposed (callers check before validating their inputs). */
  checkAlive(): void {
    if (!this.sessions) throw new Error('This model was disposed; build a new one.');
  }

  /** Writes both graphs, weights included (see writeOnnxModels). */
  async save(path: string): Promise<string[]> {
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
}
