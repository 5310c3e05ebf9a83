/**
 * The settings every study run shares, whatever it evaluates (the FGSM sweep or the attack study):
 * which models, which data and test images, which engine, where the results go. Checked once,
 * here, before any work; each run's own settings extend these.
 */
import { resolve } from 'node:path';
import type { EngineChoice } from '../engines/load.js';
import { DEFAULT_MODELS_DIR, DEFAULT_RESULTS_DIR, defaultDataDir } from './defaults.js';
import { ConfigError } from './errors.js';
import type { ModelRequest } from './model-choice.js';

export interface RunConfig {
  /** Models to attack; default every fgsm-faces weights file in `modelsDir`. */
  readonly models?: readonly ModelRequest[];
  /** Where bundled models are looked for. Default `models`. */
  readonly modelsDir?: string;
  /** Dataset folder. Default `data/face_recognition` if it exists, else `data/sample_faces`. */
  readonly data?: string;
  /** Overrides the weights' input size. */
  readonly inputSize?: number;
  /** Default: from the input size (defaultSweepBatchSize). */
  readonly batchSize?: number;
  /** Attack at most this many test images (spread over the people). */
  readonly limit?: number;
  /** A split file or `all`: the test set for weights that do not record a split fitting the data. */
  readonly split?: string;
  readonly backend?: EngineChoice;
  /** Results folder. Default `results`. */
  readonly out?: string;
  /** Write PNG figures when a Chromium is found. Default true. */
  readonly png?: boolean;
  /** Stops the run between batches (Ctrl-C); nothing is written for an unfinished run. */
  readonly signal?: AbortSignal;
}

export interface RunSettings {
  readonly models?: readonly ModelRequest[];
  readonly modelsDir: string;
  readonly data: string;
  readonly inputSize?: number;
  readonly batchSize?: number;
  readonly limit?: number;
  readonly split?: string;
  readonly backend?: EngineChoice;
  readonly out: string;
  readonly png: boolean;
}

/** Refuses a value that is not a whole number >= min (undefined means "use the default"). */
export function checkWhole(name: string, value: number | undefined, min: number): void {
  if (value !== undefined && (!Number.isInteger(value) || value < min)) throw new ConfigError(`${name} must be a whole number >= ${min}, got ${value}.`);
}

export function resolveRunSettings(config: RunConfig): RunSettings {
  checkWhole('the input size', config.inputSize, 32);
  checkWhole('the batch size', config.batchSize, 1);
  checkWhole('the limit', config.limit, 1);
  if (config.models) {
    for (const m of config.models) if (m.model === undefined && m.weights === undefined) throw new ConfigError('a model request needs a model name or a weights file.');
  }
  return {
    models: config.models && config.models.length > 0 ? config.models : undefined,
    modelsDir: config.modelsDir ?? DEFAULT_MODELS_DIR,
    data: resolve(config.data ?? defaultDataDir()),
    inputSize: config.inputSize,
    batchSize: config.batchSize,
    limit: config.limit,
    split: config.split,
    backend: config.backend,
    out: config.out ?? DEFAULT_RESULTS_DIR,
    png: config.png ?? true,
  };
}
