/**
 * The fast engine when it can run, else tfjs: for callers (CLI, notebook, sweeps) that want speed
 * but must work everywhere. The reason for falling back is returned for the caller to show.
 */
import type { EmbeddingSpec, ModelSpec } from '../../models/graph.js';
import type { ParamsMap } from '../../tensor.js';
import { TfjsEmbedder } from '../tfjs/embedder.js';
import { initBackend, type BackendPreference } from '../tfjs/backend.js';
import { TfjsClassifier } from '../tfjs/model.js';
import type { Classifier, FaceEmbedder } from '../types.js';
import { OnnxClassifier } from './classifier.js';
import { OnnxEmbedder } from './embedder.js';
import { onnxAvailable } from './runtime.js';
import type { OnnxSessionOptions } from './sessions.js';

export interface PreferOnnxOptions extends OnnxSessionOptions {
  /** tfjs backend for the fallback; default FGSM_BACKEND or the best available. */
  readonly tfjsBackend?: BackendPreference;
  /** Replaces onnxAvailable (tests). */
  readonly probe?: () => Promise<true | string>;
}

export interface PreferredClassifier {
  readonly classifier: Classifier;
  /** Set when tfjs was used instead of ONNX Runtime, saying why. */
  readonly fallbackReason?: string;
}

export interface EngineFactories<T> {
  /** Options say where to run (the device) when the caller chose it. */
  readonly onnx: (options?: OnnxSessionOptions) => Promise<T>;
  /** Called once a tfjs backend is initialised. */
  readonly tfjs: () => T;
}

/** ONNX Runtime when it loads, else tfjs on the chosen backend, with the reason. */
export async function preferringOnnx<T>(factories: EngineFactories<T>, options: PreferOnnxOptions = {}): Promise<{ model: T; fallbackReason?: string }> {
  const available = await (options.probe ?? onnxAvailable)();
  if (available === true) return { model: await factories.onnx() };
  await initBackend({ prefer: options.tfjsBackend });
  return { model: factories.tfjs(), fallbackReason: `ONNX Runtime unavailable (${available}); using tfjs` };
}

export async function createClassifierPreferringOnnx(spec: ModelSpec, params: ParamsMap, options: PreferOnnxOptions = {}): Promise<PreferredClassifier> {
  const { model, fallbackReason } = await preferringOnnx<Classifier>({ onnx: () => OnnxClassifier.create(spec, params, options), tfjs: () => TfjsClassifier.fromParams(spec, params) }, options);
  return { classifier: model, fallbackReason };
}

export async function createEmbedderPreferringOnnx(spec: EmbeddingSpec, params: ParamsMap, options: PreferOnnxOptions = {}): Promise<{ embedder: FaceEmbedder; fallbackReason?: string }> {
  const { model, fallbackReason } = await preferringOnnx<FaceEmbedder>({ onnx: () => OnnxEmbedder.create(spec, params, options), tfjs: () => TfjsEmbedder.fromParams(spec, params) }, options);
  return { embedder: model, fallbackReason };
}
