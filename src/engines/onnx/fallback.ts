/**
 * The fast engine when it can run, else tfjs: for callers (CLI, notebook, sweeps) that want speed
 * but must work everywhere. The reason for falling back is returned for the caller to show.
 */
import type { ModelSpec } from '../../models/graph.js';
import type { ParamsMap } from '../../tensor.js';
import { initBackend, type BackendPreference } from '../tfjs/backend.js';
import { TfjsClassifier } from '../tfjs/model.js';
import type { Classifier } from '../types.js';
import { OnnxClassifier, type OnnxClassifierOptions } from './classifier.js';
import { onnxAvailable } from './runtime.js';

export interface PreferOnnxOptions extends OnnxClassifierOptions {
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

export async function createClassifierPreferringOnnx(spec: ModelSpec, params: ParamsMap, options: PreferOnnxOptions = {}): Promise<PreferredClassifier> {
  const available = await (options.probe ?? onnxAvailable)();
  if (available === true) return { classifier: await OnnxClassifier.create(spec, params, options) };
  await initBackend({ prefer: options.tfjsBackend });
  return { classifier: TfjsClassifier.fromParams(spec, params), fallbackReason: `ONNX Runtime unavailable (${available}); using tfjs` };
}
