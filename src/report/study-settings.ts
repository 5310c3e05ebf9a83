/** A study's settings with defaults filled in and every value checked before any work. */
import { resolve } from 'node:path';
import type { EngineChoice } from '../engines/load.js';
import { tidyEpsilonList, type EpsilonInput } from '../attacks/epsilon.js';
import { ORIGINAL_EPSILONS } from '../eval/sweep.js';
import { DEFAULT_MODELS_DIR, DEFAULT_RESULTS_DIR, defaultDataDir } from './defaults.js';
import { ConfigError } from './errors.js';
import type { ModelRequest } from './model-choice.js';

export interface StudyConfig {
  /** Models to attack; default every fgsm-faces weights file in `modelsDir`. */
  readonly models?: readonly ModelRequest[];
  /** Where bundled models are looked for. Default `models`. */
  readonly modelsDir?: string;
  /** Dataset folder. Default `data/face_recognition` if it exists, else `data/sample_faces`. */
  readonly data?: string;
  /** Overrides the weights' input size. */
  readonly inputSize?: number;
  /** Default: the original study's. Numbers or "k/255"; sorted and de-duplicated (with a note). */
  readonly epsilons?: readonly EpsilonInput[];
  /** Default: from the input size (defaultSweepBatchSize). */
  readonly batchSize?: number;
  /** Attack at most this many test images (spread over the people). */
  readonly limit?: number;
  /** A split file or `all`: the test set for weights that do not record a split fitting the data. */
  readonly split?: string;
  readonly backend?: EngineChoice;
  /** Results folder. Default `results`. */
  readonly out?: string;
  /** Adversarial examples kept per epsilon. Default 5 (the original's). */
  readonly maxExamples?: number;
  /** Write PNG figures when a Chromium is found. Default true. */
  readonly png?: boolean;
  /** Stops the study between batches (Ctrl-C); nothing is written for an unfinished model. */
  readonly signal?: AbortSignal;
}

export interface StudySettings {
  readonly models?: readonly ModelRequest[];
  readonly modelsDir: string;
  readonly data: string;
  readonly inputSize?: number;
  readonly epsilons: readonly number[];
  /** What checking the epsilon list changed (sorted, duplicates dropped). */
  readonly epsilonNotes: readonly string[];
  readonly batchSize?: number;
  readonly limit?: number;
  readonly split?: string;
  readonly backend?: EngineChoice;
  readonly out: string;
  readonly maxExamples: number;
  readonly png: boolean;
}

function checkWhole(name: string, value: number | undefined, min: number): void {
  if (value !== undefined && (!Number.isInteger(value) || value < min)) throw new ConfigError(`${name} must be a whole number >= ${min}, got ${value}.`);
}

export function resolveStudySettings(config: StudyConfig): StudySettings {
  checkWhole('the input size', config.inputSize, 32);
  checkWhole('the batch size', config.batchSize, 1);
  checkWhole('the limit', config.limit, 1);
  checkWhole('maxExamples', config.maxExamples, 0);
  if (config.models) {
    for (const m of config.models) if (m.model === undefined && m.weights === undefined) throw new ConfigError('a model request needs a model name or a weights file.');
  }
  return {
    models: config.models && config.models.length > 0 ? config.models : undefined,
    modelsDir: config.modelsDir ?? DEFAULT_MODELS_DIR,
    data: resolve(config.data ?? defaultDataDir()),
    inputSize: config.inputSize,
    ...epsilonSettings(config.epsilons ?? ORIGINAL_EPSILONS),
    batchSize: config.batchSize,
    limit: config.limit,
    split: config.split,
    backend: config.backend,
    out: config.out ?? DEFAULT_RESULTS_DIR,
    maxExamples: config.maxExamples ?? 5,
    png: config.png ?? true,
  };
}

function epsilonSettings(values: readonly EpsilonInput[]): { epsilons: number[]; epsilonNotes: string[] } {
  const { epsilons, notes } = tidyEpsilonList(values);
  return { epsilons, epsilonNotes: notes };
}
