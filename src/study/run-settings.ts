/**
 * The settings every study run shares, whatever it evaluates (the FGSM sweep or the attack study):
 * which models, which data and test images, which engine, where the results go. Described once in
 * RUN_SETTINGS (the CLI's flags and help come from it) and checked here before any work; each
 * run's own settings extend these.
 */
import { resolve } from 'node:path';
import { ENGINE_CHOICES, type EngineChoice } from '../engines/load.js';
import { DEFAULT_MODELS_DIR, DEFAULT_RESULTS_DIR, DEFAULT_SWEEP_BATCH_SIZE_HELP, REAL_DATA_DIR, SAMPLE_DATA_DIR, defaultDataDir, defaultModelsDir } from './defaults.js';
import { ConfigError } from './errors.js';
import { MODEL_NAMES_HELP, type ModelRequest } from './model-choice.js';
import { checkSettings, choiceSetting, switchSetting, textSetting, wholeNumberSetting } from './settings-schema.js';

export const RUN_SETTINGS = {
  model: textSetting({ flag: '--model <name>', help: `model to attack; repeat for several. Alone: the bundled weights of that architecture. Names: ${MODEL_NAMES_HELP}`, repeatable: true }),
  weights: textSetting({ flag: '--weights <file>', help: 'weights to attack (fgsm-faces .json or PyTorch .pth); repeat for several, paired in order with --model', repeatable: true }),
  modelsDir: textSetting({ flag: '--models-dir <dir>', help: 'where the bundled models are found (every fgsm-faces *.json in it)', defaultHelp: `${DEFAULT_MODELS_DIR}/ here if it exists, else the installed package's` }),
  data: textSetting({ flag: '--data <dir>', help: 'dataset folder (Faces/ + Dataset.csv)', defaultHelp: `${REAL_DATA_DIR} if it exists, else ${SAMPLE_DATA_DIR}` }),
  inputSize: wholeNumberSetting({ flag: '--input-size <px>', help: 'image side fed to the model', min: 32, defaultHelp: "the weights' (224 for a .pth)" }),
  batchSize: wholeNumberSetting({ flag: '--batch-size <n>', help: 'images per batch (memory only; results do not depend on it)', min: 1, defaultHelp: DEFAULT_SWEEP_BATCH_SIZE_HELP }),
  limit: wholeNumberSetting({ flag: '--limit <n>', help: 'attack at most n test images, spread over the people', min: 1, defaultHelp: 'all' }),
  split: textSetting({ flag: '--split <file|all>', help: "test set for weights that do not record a split fitting the data: a split file (its test part) or 'all' (every image: only for a folder held out from training)", defaultHelp: 'the split recorded in the weights' }),
  backend: choiceSetting({ flag: '--backend <name>', help: 'engine: onnx (ONNX Runtime), onnx-cuda (its NVIDIA GPU provider, opt-in) or a tfjs backend', choices: ENGINE_CHOICES, defaultHelp: 'FGSM_BACKEND, else auto: tensorflow on a GPU TensorFlow lists > onnx > tensorflow (CPU) > wasm > cpu' }),
  out: textSetting({ flag: '--out <dir>', help: 'results folder', defaultValue: DEFAULT_RESULTS_DIR }),
  png: switchSetting({ flag: '--no-png', help: 'skip the PNG charts (the HTML charts and the examples grid are always written)' }),
};

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
  /** Default: FGSM_BACKEND, else the best engine that works. */
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

export function resolveRunSettings(config: RunConfig): RunSettings {
  checkSettings(RUN_SETTINGS, { ...config });
  if (config.models) {
    for (const m of config.models) if (m.model === undefined && m.weights === undefined) throw new ConfigError('a model request needs a model name or a weights file.');
  }
  return {
    models: config.models && config.models.length > 0 ? config.models : undefined,
    modelsDir: config.modelsDir ?? defaultModelsDir(),
    data: resolve(config.data ?? defaultDataDir()),
    inputSize: config.inputSize,
    batchSize: config.batchSize,
    limit: config.limit,
    split: config.split,
    backend: config.backend,
    out: config.out ?? RUN_SETTINGS.out.defaultValue!,
    png: config.png ?? true,
  };
}
