/** A training run's settings: the original notebook's defaults filled in, every value checked. */
import type { BackendPreference } from '../engines/tfjs/backend.js';
import type { StoredDtype } from '../weights/format.js';
import { TRAINING_DEFAULTS } from '../study/defaults.js';
import { ConfigError } from '../study/errors.js';

export interface TrainingConfig {
  /** Dataset folder (Faces/ + index CSV). */
  readonly data: string;
  /** Weights path: `<out>.json` + `<out>.bin`; the split, history and curve are named after it. */
  readonly out: string;
  /** Zoo name. Default: the architecture of `weights`, else resnet18. */
  readonly model?: string;
  /** Fine-tune from these weights (ours or a .pth) instead of a fresh, seeded initialisation. */
  readonly weights?: string;
  /** Default: the starting weights' input size, else 224 (the original's). */
  readonly inputSize?: number;
  readonly epochs?: number;
  readonly batchSize?: number;
  readonly learningRate?: number;
  /** Learning-rate factor applied after every epoch. */
  readonly lrDecay?: number;
  readonly seed?: number;
  /** Random flips and shifts of up to this many pixels; 0 = no augmentation. */
  readonly augmentShift?: number;
  /** Fraction of each person's TRAINING images held out for validation. */
  readonly valFraction?: number;
  /** Split file; default `<out>.split.json`. Made (seeded, stratified 80/20) when it does not exist. */
  readonly split?: string;
  readonly backend?: BackendPreference;
  /** Storage precision of the saved weights. */
  readonly dtype?: StoredDtype;
  /** The command that started the run, recorded in the weights. */
  readonly command?: string;
  /** Write the training curve as PNG too when a Chromium is found. Default true. */
  readonly png?: boolean;
  readonly signal?: AbortSignal;
}

type Defaulted = 'epochs' | 'batchSize' | 'learningRate' | 'lrDecay' | 'seed' | 'augmentShift' | 'valFraction' | 'dtype' | 'png';
export type TrainingSettings = TrainingConfig & Required<Pick<TrainingConfig, Defaulted>>;

function check(condition: boolean, message: string): void {
  if (!condition) throw new ConfigError(message);
}

export function resolveTrainingSettings(config: TrainingConfig): TrainingSettings {
  const s: TrainingSettings = {
    data: config.data,
    out: config.out,
    epochs: TRAINING_DEFAULTS.epochs,
    batchSize: TRAINING_DEFAULTS.batchSize,
    learningRate: TRAINING_DEFAULTS.learningRate,
    lrDecay: TRAINING_DEFAULTS.lrDecay,
    seed: TRAINING_DEFAULTS.seed,
    augmentShift: TRAINING_DEFAULTS.augmentShift,
    valFraction: TRAINING_DEFAULTS.valFraction,
    dtype: TRAINING_DEFAULTS.dtype as StoredDtype,
    png: true,
    ...definedOnly(config),
  };
  check(Number.isInteger(s.epochs) && s.epochs >= 1, `the number of epochs must be a whole number >= 1, got ${s.epochs}.`);
  check(Number.isInteger(s.batchSize) && s.batchSize >= 2, `the batch size must be a whole number >= 2 (BatchNorm needs 2 images), got ${s.batchSize}.`);
  check(s.learningRate > 0 && Number.isFinite(s.learningRate), `the learning rate must be a number > 0, got ${s.learningRate}.`);
  check(s.lrDecay > 0 && Number.isFinite(s.lrDecay), `the learning-rate decay must be a number > 0 (1 = constant), got ${s.lrDecay}.`);
  check(Number.isInteger(s.seed), `the seed must be a whole number, got ${s.seed}.`);
  check(Number.isInteger(s.augmentShift) && s.augmentShift >= 0, `the augmentation shift must be a whole number of pixels >= 0, got ${s.augmentShift}.`);
  check(s.valFraction > 0 && s.valFraction < 1, `the validation fraction must be between 0 and 1 (exclusive), got ${s.valFraction}.`);
  check(s.dtype === 'float32' || s.dtype === 'float16', `the weights dtype must be float32 or float16, got ${String(s.dtype)}.`);
  check(s.inputSize === undefined || (Number.isInteger(s.inputSize) && s.inputSize >= 32), `the input size must be a whole number >= 32, got ${s.inputSize}.`);
  return s;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

