/** Defaults shared by the study, the training run and the CLI's --help. */
import { existsSync } from 'node:fs';
import { bundledPath } from '../core/package-root.js';

/** The real dataset when present, else the committed synthetic sample. */
export const REAL_DATA_DIR = 'data/face_recognition';
export const SAMPLE_DATA_DIR = 'data/sample_faces';
export const DEFAULT_RESULTS_DIR = 'results';
export const DEFAULT_MODELS_DIR = 'models';

export function defaultDataDir(): string {
  return existsSync(REAL_DATA_DIR) ? REAL_DATA_DIR : bundledPath(SAMPLE_DATA_DIR);
}

/** models/ here when it exists, else the installed package's bundled models. */
export function defaultModelsDir(): string {
  return bundledPath(DEFAULT_MODELS_DIR);
}

/**
 * Images per sweep batch: about the same memory for activations and input gradients whatever the
 * input size (a 224 px image costs ~12x a 64 px one). Results do not depend on it (eval mode).
 */
export function defaultSweepBatchSize(inputSize: number): number {
  if (inputSize <= 64) return 64;
  if (inputSize <= 128) return 32;
  if (inputSize <= 224) return 16;
  return 8;
}

export const DEFAULT_SWEEP_BATCH_SIZE_HELP = '64 up to 64 px, 32 up to 128 px, 16 up to 224 px, else 8';

/** The original notebook's training settings. */
export const TRAINING_DEFAULTS = {
  epochs: 12,
  batchSize: 32,
  learningRate: 1e-3,
  lrDecay: 0.5,
  seed: 0,
  augmentShift: 0,
  valFraction: 0.1,
  testFraction: 0.2,
  inputSize: 224,
  dtype: 'float32',
} as const;
