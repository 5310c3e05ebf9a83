/**
 * From a weights file (ours or a PyTorch .pth) to a runnable classifier: the architecture, class
 * count and input size come from the file when it says them, else from the options; the params
 * are matched strictly, so weights that do not fit the chosen model fail with one clear message.
 */
import type { EmbeddingSpec, ModelSpec, Normalization } from '../models/graph.js';
import { faceApiRecognizer } from '../models/face-recognizer.js';
import { loadFaceApiParams } from '../weights/faceapi.js';
import { buildModelSpec, resolveArchitecture } from '../models/zoo.js';
import type { WeightsMetadata } from '../weights/format.js';
import { loadModelWeights } from '../weights/load.js';
import { inspectWeights, matchParams } from '../weights/strict.js';
import { preferringOnnx, type EngineFactories } from './onnx/fallback.js';
import { OnnxClassifier } from './onnx/classifier.js';
import { OnnxEmbedder } from './onnx/embedder.js';
import { TfjsEmbedder } from './tfjs/embedder.js';
import { onnxAvailable } from './onnx/runtime.js';
import { onnxCudaAvailable } from './onnx/cuda.js';
import { initBackend, type BackendName } from './tfjs/backend.js';
import { TfjsClassifier } from './tfjs/model.js';
import type { Classifier, FaceEmbedder } from './types.js';

/** `onnx` = ONNX Runtime (the fast CPU engine), `onnx-cuda` = ONNX Runtime on an NVIDIA GPU (opt-in); the others are tfjs backends. */
export type EngineChoice = 'auto' | 'onnx' | 'onnx-cuda' | BackendName;
export const ENGINE_CHOICES: readonly EngineChoice[] = ['auto', 'onnx', 'onnx-cuda', 'tensorflow', 'wasm', 'cpu'];

function engineChoice(value: string | undefined, source: string): EngineChoice {
  const choice = (value ?? 'auto').trim().toLowerCase();
  if ((ENGINE_CHOICES as readonly string[]).includes(choice)) return choice as EngineChoice;
  throw new Error(`Invalid engine '${value}' (${source}): choose one of ${ENGINE_CHOICES.join(', ')}.`);
}

/**
 * auto: native TensorFlow when it really runs on a GPU (TensorFlow lists one), else ONNX Runtime on
 * the CPU when it loads (faster than TensorFlow's CPU path), else tfjs (native CPU, wasm, cpu).
 * `onnx-cuda` is never automatic: asked for, it runs on the GPU or fails saying what is missing.
 * Returns the model and, when relevant, why ONNX was not used.
 */
async function createOnEngine<T>(choice: EngineChoice, factories: EngineFactories<T>): Promise<{ model: T; note?: string }> {
  if (choice === 'onnx') {
    const available = await onnxAvailable();
    if (available !== true) throw new Error(`Engine 'onnx' requested but ONNX Runtime cannot run here: ${available}. Use --backend wasm (or cpu).`);
    return { model: await factories.onnx() };
  }
  if (choice === 'onnx-cuda') {
    const available = await onnxCudaAvailable();
    if (available !== true) throw new Error(`Engine 'onnx-cuda' requested but ONNX Runtime cannot use a GPU here: ${available}. Use --backend onnx for the CPU.`);
    return { model: await factories.onnx({ device: 'cuda' }) };
  }
  if (choice !== 'auto') {
    await initBackend({ prefer: choice });
    return { model: factories.tfjs() };
  }
  const tfjs = await initBackend({ prefer: 'auto' });
  if (tfjs.name === 'tensorflow' && tfjs.gpu) return { model: factories.tfjs() };
  const preferred = await preferringOnnx(factories, { tfjsBackend: 'auto' });
  return { model: preferred.model, note: preferred.fallbackReason };
}

/** The engine named by the option, else FGSM_BACKEND, else auto; a typo fails before any weights are read. */
export function resolveEngineChoice(backend: EngineChoice | undefined): EngineChoice {
  return backend ? engineChoice(backend, 'backend option') : engineChoice(process.env.FGSM_BACKEND, 'FGSM_BACKEND');
}

export interface LoadClassifierOptions {
  /** Zoo name (`resnet18`, `resnet101`, `custom_resnet`/`resnet`). Optional when the file tells. */
  model?: string;
  /** Path to a `.pth` state_dict or to our `.json` (+ `.bin`) weights. */
  weights: string;
  /** Default: the file's metadata, else the rows of its `fc.weight`. */
  numClasses?: number;
  /** Default: the file's metadata, else 224 (the original's size). */
  inputSize?: number;
  /** Default: the file's metadata, else the original dataset's mean/std. */
  normalization?: Normalization;
  /** Engine: `onnx`, a tfjs backend, or `auto`; default FGSM_BACKEND, else auto (see createOnEngine). */
  backend?: EngineChoice;
}

export interface LoadedClassifier {
  readonly classifier: Classifier;
  readonly spec: ModelSpec;
  readonly format: 'pth' | 'fgsm-faces';
  /** Present for our format: class names, normalisation, training info. */
  readonly metadata?: WeightsMetadata;
  /** Things the caller should tell the user (prefixes stripped, guesses made, ...). */
  readonly notes: string[];
}

export async function loadClassifier(options: LoadClassifierOptions): Promise<LoadedClassifier> {
  // Checked first: a typo should not wait for a 200 MB weights file.
  const choice = resolveEngineChoice(options.backend);
  const loaded = await loadModelWeights(options.weights);
  const notes = [...loaded.notes];
  const metadata = loaded.metadata;
  const identity = metadata ? { architecture: metadata.architecture, numClasses: metadata.numClasses } : inspectWeights(loaded.params);

  const architecture = options.model ? resolveArchitecture(options.model) : identity?.architecture;
  if (!architecture) {
    throw new Error(`${options.weights}: cannot tell which architecture these weights are for (no zoo model matches their names and shapes). Pass the model name (resnet18, resnet101 or custom_resnet) that produced them.`);
  }
  if (!options.model) notes.push(`model: ${architecture} (read from the weights)`);
  const numClasses = options.numClasses ?? metadata?.numClasses ?? loaded.params.get('fc.weight')?.shape[0] ?? 0;
  const spec = buildModelSpec(architecture, {
    numClasses,
    inputSize: options.inputSize ?? metadata?.inputSize ?? 224,
    normalization: options.normalization ?? metadata?.normalization,
  });
  if (metadata && options.inputSize !== undefined && options.inputSize !== metadata.inputSize) {
    notes.push(`the weights were trained at ${metadata.inputSize}x${metadata.inputSize} px; running at ${options.inputSize}x${options.inputSize}`);
  }
  const params = matchParams(spec, loaded.params, { source: options.weights });
  const { model: classifier, note } = await createOnEngine<Classifier>(choice, { onnx: (engine) => OnnxClassifier.create(spec, params, engine), tfjs: () => TfjsClassifier.fromParams(spec, params) });
  if (note) notes.push(note);
  return { classifier, spec, format: loaded.format, metadata, notes };
}

export interface LoadFaceRecognizerOptions {
  /** face-api's `face_recognition_model-weights_manifest.json`; default: the installed @vladmandic/face-api's. */
  manifest?: string;
  /** Engine: `onnx`, a tfjs backend, or `auto`; default FGSM_BACKEND, else auto. */
  backend?: EngineChoice;
}

export interface LoadedFaceRecognizer {
  readonly embedder: FaceEmbedder;
  readonly spec: EmbeddingSpec;
  readonly notes: string[];
}

/** face-api's face recognizer (described in models/face-recognizer.ts) with its published weights, on the chosen engine. */
export async function loadFaceRecognizer(options: LoadFaceRecognizerOptions = {}): Promise<LoadedFaceRecognizer> {
  const choice = resolveEngineChoice(options.backend);
  const spec = faceApiRecognizer();
  const params = await loadFaceApiParams(spec, options.manifest);
  const { model: embedder, note } = await createOnEngine<FaceEmbedder>(choice, { onnx: (engine) => OnnxEmbedder.create(spec, params, engine), tfjs: () => TfjsEmbedder.fromParams(spec, params) });
  return { embedder, spec, notes: note ? [note] : [] };
}
