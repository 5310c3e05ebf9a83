/**
 * From a weights file (ours or a PyTorch .pth) to a runnable classifier: the architecture, class
 * count and input size come from the file when it says them, else from the options; the params
 * are matched strictly, so weights that do not fit the chosen model fail with one clear message.
 */
import type { ModelSpec, Normalization } from '../models/graph.js';
import { buildModelSpec, resolveArchitecture } from '../models/zoo.js';
import type { WeightsMetadata } from '../weights/format.js';
import { loadModelWeights } from '../weights/load.js';
import { inspectWeights, matchParams } from '../weights/strict.js';
import { initBackend, type BackendName } from './tfjs/backend.js';
import { TfjsClassifier } from './tfjs/model.js';
import type { Classifier } from './types.js';

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
  /** tfjs backend; default: FGSM_BACKEND or the best available. */
  backend?: BackendName | 'auto';
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
  await initBackend({ prefer: options.backend });
  return { classifier: TfjsClassifier.fromParams(spec, params), spec, format: loaded.format, metadata, notes };
}
