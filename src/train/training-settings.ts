/**
 * A training run's settings, described once in TRAINING_SETTINGS (the `train` command's flags,
 * help and defaults come from it: the original notebook's) and checked here with the same checks,
 * so the CLI and the library refuse a bad value with the same one-line message.
 */
import type { BackendPreference } from '../engines/tfjs/backend.js';
import { STORED_DTYPES, type StoredDtype } from '../weights/format.js';
import { DEFAULT_MODELS_DIR, REAL_DATA_DIR, SAMPLE_DATA_DIR, TRAINING_DEFAULTS } from '../study/defaults.js';
import { MODEL_NAMES_HELP } from '../study/model-choice.js';
import { checkSettings, choiceSetting, fractionSetting, positiveNumberSetting, switchSetting, textSetting, wholeNumberSetting } from '../study/settings-schema.js';

/** The tfjs backends training can run on (`auto`: FGSM_BACKEND, else the best that works). */
export const TRAINING_BACKENDS: readonly BackendPreference[] = ['auto', 'tensorflow', 'wasm', 'cpu'];

/**
 * Keys are TrainingConfig's; a flag may be spelt otherwise (`learningRate` is `--lr`). `data` and
 * `out` are required by the library; the CLI fills them in at run time (see their defaultHelp).
 */
export const TRAINING_SETTINGS = {
  model: textSetting({ flag: '--model <name>', help: `architecture: ${MODEL_NAMES_HELP}`, defaultHelp: "the --weights' architecture, else resnet18" }),
  weights: textSetting({ flag: '--weights <file>', help: 'fine-tune from these weights (fgsm-faces .json or PyTorch .pth; a classifier layer for another class count is replaced)' }),
  data: textSetting({ flag: '--data <dir>', help: 'dataset folder (Faces/ + Dataset.csv)', defaultHelp: `${REAL_DATA_DIR} if it exists, else ${SAMPLE_DATA_DIR}` }),
  out: textSetting({ flag: '--out <path>', help: 'weights to write: <path>.json + <path>.bin, next to <path>.split.json, .history.json, .training.html/.png', defaultHelp: `${DEFAULT_MODELS_DIR}/<model>_<data folder name>` }),
  inputSize: wholeNumberSetting({ flag: '--input-size <px>', help: 'image side', min: 32, defaultHelp: `the --weights' input size, else ${TRAINING_DEFAULTS.inputSize}` }),
  epochs: wholeNumberSetting({ flag: '--epochs <n>', help: 'epochs', min: 1, defaultValue: TRAINING_DEFAULTS.epochs }),
  batchSize: wholeNumberSetting({ flag: '--batch-size <n>', help: 'images per training batch', min: 2, why: 'BatchNorm needs 2 images', defaultValue: TRAINING_DEFAULTS.batchSize }),
  learningRate: positiveNumberSetting({ flag: '--lr <rate>', help: 'Adam learning rate', defaultValue: TRAINING_DEFAULTS.learningRate }),
  lrDecay: positiveNumberSetting({ flag: '--lr-decay <factor>', help: 'learning-rate factor applied after each epoch (1 = constant)', why: '1 = constant', defaultValue: TRAINING_DEFAULTS.lrDecay }),
  seed: wholeNumberSetting({ flag: '--seed <n>', help: 'seed of the split, validation part, initial weights, shuffling and augmentation', min: 0, defaultValue: TRAINING_DEFAULTS.seed }),
  augmentShift: wholeNumberSetting({ flag: '--augment <pixels>', help: 'random flips and shifts of up to this many pixels (0 = no augmentation)', min: 0, defaultValue: TRAINING_DEFAULTS.augmentShift }),
  valFraction: fractionSetting({ flag: '--val-fraction <f>', help: "fraction of each person's training images used for validation (picks the best epoch)", defaultValue: TRAINING_DEFAULTS.valFraction }),
  split: textSetting({ flag: '--split <file>', help: 'split file: reused if it exists, else made (seeded, stratified 80/20) and saved there', defaultHelp: '<out>.split.json' }),
  backend: choiceSetting<BackendPreference>({ flag: '--backend <name>', help: 'tfjs backend', choices: TRAINING_BACKENDS, defaultValue: 'auto', defaultHelp: 'FGSM_BACKEND, else auto: tensorflow > wasm > cpu' }),
  dtype: choiceSetting<StoredDtype>({ flag: '--dtype <type>', help: 'storage precision of the saved weights (float16 halves the file; int8 stores conv and linear weights in 8 bits with a scale per output channel, about a quarter)', choices: STORED_DTYPES, defaultValue: TRAINING_DEFAULTS.dtype }),
  png: switchSetting({ flag: '--no-png', help: 'skip the training-curve PNG (the HTML is always written)' }),
};

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
  /** `auto` (or undefined): FGSM_BACKEND, else the best backend that works. */
  readonly backend?: BackendPreference;
  /** Storage precision of the saved weights. */
  readonly dtype?: StoredDtype;
  /** The command that started the run, recorded in the weights. */
  readonly command?: string;
  /** Write the training curve as PNG too when a Chromium is found. Default true. */
  readonly png?: boolean;
  readonly signal?: AbortSignal;
}

export type Defaulted = 'epochs' | 'batchSize' | 'learningRate' | 'lrDecay' | 'seed' | 'augmentShift' | 'valFraction' | 'dtype' | 'png';
export type TrainingSettings = TrainingConfig & Required<Pick<TrainingConfig, Defaulted>>;

/** Every value checked by TRAINING_SETTINGS (a one-line ConfigError naming the key), defaults filled in from it. */
export function resolveTrainingSettings(config: TrainingConfig): TrainingSettings {
  checkSettings(TRAINING_SETTINGS, { ...config });
  const defaults = TRAINING_SETTINGS;
  return {
    ...config,
    epochs: config.epochs ?? defaults.epochs.defaultValue!,
    batchSize: config.batchSize ?? defaults.batchSize.defaultValue!,
    learningRate: config.learningRate ?? defaults.learningRate.defaultValue!,
    lrDecay: config.lrDecay ?? defaults.lrDecay.defaultValue!,
    seed: config.seed ?? defaults.seed.defaultValue!,
    augmentShift: config.augmentShift ?? defaults.augmentShift.defaultValue!,
    valFraction: config.valFraction ?? defaults.valFraction.defaultValue!,
    dtype: config.dtype ?? defaults.dtype.defaultValue!,
    png: config.png ?? defaults.png.defaultValue!,
  };
}
