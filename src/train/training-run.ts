/**
 * Training (or fine-tuning) a face classifier from a dataset folder, as the CLI's `train` does it
 * and a notebook can: a saved, seeded 80/20 split (the test part is never looked at), a seeded
 * validation part carved from the training part, the best checkpoint by validation accuracy saved
 * after each improving epoch, the history after every epoch, and the training curve at the end.
 * Stopping through the AbortSignal keeps the best checkpoint written so far.
 */
import { dirname, relative } from 'node:path';
import { loadFaceDataset } from '../data/dataset.js';
import { loadImageSet, type ImageSet } from '../data/image-set.js';
import { carveValidation } from '../data/split.js';
import type { FaceEntry } from '../data/face-index.js';
import { initBackend, type BackendPreference } from '../engines/tfjs/backend.js';
import type { ArchitectureName } from '../models/graph.js';
import { initParams } from '../models/init.js';
import { buildModelSpec } from '../models/zoo.js';
import type { ParamsMap } from '../tensor.js';
import { trainClassifier, type BatchProgress, type BestCheckpoint, type EpochRecord } from './trainer.js';
import { saveWeights, type TrainingInfo } from '../weights/format.js';
import { loadModelWeights } from '../weights/load.js';
import { TRAINING_DEFAULTS } from '../study/defaults.js';
import { AbortedError, ConfigError } from '../study/errors.js';
import { openFigureOutput } from '../outputs/figures-output.js';
import { fineTuneArchitecture, paramsToFineTune } from './initial-params.js';
import { checkModelName } from '../study/model-choice.js';
import { ensureWritableDirectory } from '../study/output-dir.js';
import { displayPath } from '../core/display-path.js';
import { TrainingHistoryFile } from './training-history.js';
import { trainingPaths, type TrainingPaths } from './training-paths.js';
import { TRAINING_BACKENDS, resolveTrainingSettings, type TrainingConfig } from './training-settings.js';

export type { TrainingConfig } from './training-settings.js';

export interface TrainingHooks {
  readonly log?: (message: string) => void;
  readonly warn?: (message: string) => void;
  readonly onImagesLoading?: (event: { readonly done: number; readonly total: number }) => void;
  readonly onBatch?: (progress: BatchProgress) => void;
  /** After validation; `improved` = this epoch's checkpoint is being saved. */
  readonly onEpoch?: (record: EpochRecord, improved: boolean) => void;
  readonly onCheckpoint?: (event: { readonly path: string; readonly epoch: number; readonly valAccuracy: number }) => void;
}

export interface TrainingOutcome {
  readonly paths: TrainingPaths;
  readonly architecture: ArchitectureName;
  readonly classNames: readonly string[];
  readonly history: readonly EpochRecord[];
  /** Undefined when no epoch finished (then no checkpoint was written). */
  readonly best?: BestCheckpoint;
  readonly interrupted: boolean;
  /** Every file this run wrote. */
  readonly files: readonly string[];
}

export async function runTraining(config: TrainingConfig, hooks: TrainingHooks = {}): Promise<TrainingOutcome> {
  const s = resolveTrainingSettings(config);
  const log = hooks.log ?? (() => undefined);
  const warn = hooks.warn ?? ((message: string) => console.warn(message));
  const backend = trainingBackend(s.backend, process.env.FGSM_BACKEND, log);
  const requested = s.model !== undefined ? checkModelName(s.model) : undefined;
  const paths = await trainingPaths(s.out, s.split);
  const dataset = await loadFaceDataset(s.data, { warn });
  const classNames = dataset.classNames;
  const starting = s.weights !== undefined ? await loadModelWeights(s.weights) : undefined;
  const architecture = starting ? fineTuneArchitecture(starting, s.weights!, requested) : (requested ?? 'resnet18');
  const spec = buildModelSpec(architecture, {
    numClasses: classNames.length,
    inputSize: s.inputSize ?? starting?.metadata?.inputSize ?? TRAINING_DEFAULTS.inputSize,
    normalization: starting?.metadata?.normalization,
  });
  const initialParams: ParamsMap = starting ? paramsToFineTune(starting, s.weights!, spec, s.seed, (n) => log(n)) : initParams(spec, s.seed);
  // Only now, with everything checked, is anything written (the split file first).
  await ensureWritableDirectory(dirname(paths.weights), '--out');
  if (dirname(paths.split) !== dirname(paths.weights)) await ensureWritableDirectory(dirname(paths.split), '--split');

  const split = await dataset.splitFile(paths.split, { seed: s.seed, testFraction: TRAINING_DEFAULTS.testFraction, warn });
  const parts = carveValidation(split.train, { seed: s.seed, fraction: s.valFraction });
  log(`data: ${displayPath(dataset.root)}, ${classNames.length} people; split ${displayPath(paths.split)}: ${parts.train.length} train, ${parts.validation.length} validation, ${split.test.length} test (never used here)`);
  log(`model: ${architecture}, ${spec.inputSize} px, ${starting ? `fine-tuned from ${displayPath(s.weights!)}` : `fresh weights (seed ${s.seed})`}`);
  const tfjsBackend = await initBackend({ prefer: backend });

  const train = await loadImages(parts.train, spec.inputSize, s.signal, hooks, warn, 0, parts.train.length + parts.validation.length);
  const validation = await loadImages(parts.validation, spec.inputSize, s.signal, hooks, warn, parts.train.length, parts.train.length + parts.validation.length);

  const files = new Set<string>();
  const baseInfo: TrainingInfo = {
    splitFile: relative(dirname(paths.weights), paths.split).split('\\').join('/'),
    seed: s.seed,
    command: s.command,
    datasetRoot: displayPath(dataset.root),
    epochs: s.epochs,
    batchSize: s.batchSize,
    learningRate: s.learningRate,
    lrDecay: s.lrDecay,
    augmentShift: s.augmentShift,
    valFraction: s.valFraction,
    trainImages: train.count,
    validationImages: validation.count,
    backend: tfjsBackend.detail,
    ...(s.weights !== undefined ? { fineTunedFrom: displayPath(s.weights) } : {}),
  };
  const history: EpochRecord[] = [];
  let best: BestCheckpoint | undefined;
  const historyFile = new TrainingHistoryFile(paths.history, { weights: displayPath(paths.weights), architecture, classNames, ...baseInfo });
  const writeHistory = (interrupted: boolean, finished: boolean) => historyFile.write({ history, best, interrupted, finished });

  const result = await trainClassifier({
    spec,
    initialParams,
    train,
    validation,
    epochs: s.epochs,
    batchSize: s.batchSize,
    learningRate: s.learningRate,
    lrDecay: s.lrDecay,
    augmentShift: s.augmentShift,
    seed: s.seed,
    signal: s.signal,
    onBatch: hooks.onBatch,
    onEpoch: (record) => {
      history.push(record);
      // The trainer's rule (strictly better validation accuracy) decides the checkpoint saved next.
      hooks.onEpoch?.(record, !best || record.valAccuracy > best.valAccuracy);
      writeHistory(false, false);
    },
    onBest: async (checkpoint, params) => {
      best = checkpoint;
      await saveWeights(paths.weights, params, { architecture, numClasses: classNames.length, inputSize: spec.inputSize, normalization: spec.normalization, classNames: [...classNames], extra: { epoch: checkpoint.epoch, valAccuracy: checkpoint.valAccuracy, ...baseInfo } }, { dtype: s.dtype });
      files.add(paths.weights);
      files.add(`${paths.weights.slice(0, -'.json'.length)}.bin`);
      hooks.onCheckpoint?.({ path: paths.weights, epoch: checkpoint.epoch, valAccuracy: checkpoint.valAccuracy });
      writeHistory(false, false); // again: now with this best
      await historyFile.flush();
    },
  }).catch((error: unknown) => {
    throw outOfMemoryHelp(error, tfjsBackend.name, s.batchSize, spec.inputSize) ?? error;
  });
  writeHistory(result.interrupted, !result.interrupted);
  await historyFile.flush();
  files.add(paths.history);

  if (history.length > 0) {
    const figures = openFigureOutput({ png: s.png, warn });
    try {
      for (const file of await figures.trainingCurve(history, paths.curveBase, `Training ${architecture} on ${displayPath(dataset.root)}`)) files.add(file);
    } finally {
      await figures.close();
    }
  }
  return { paths, architecture, classNames, history, best: result.best, interrupted: result.interrupted, files: [...files] };
}

async function loadImages(entries: readonly FaceEntry[], inputSize: number, signal: AbortSignal | undefined, hooks: TrainingHooks, warn: (m: string) => void, offset: number, total: number): Promise<ImageSet> {
  const set = await loadImageSet(entries, {
    inputSize,
    onImage: (done) => {
      // Throwing here stops the decoding workers: Ctrl-C does not wait for thousands of images.
      if (signal?.aborted) throw new AbortedError('interrupted while loading images: nothing was trained');
      hooks.onImagesLoading?.({ done: offset + done, total });
    },
    onSkip: (skipped) => warn(`skipped unreadable image ${skipped.file}: ${skipped.reason}`),
  });
  return set;
}

/**
 * The wasm backend has a 4 GB heap (wasm32): a training batch too large for it dies deep inside
 * WebAssembly with "memory access out of bounds". Said in terms the user can act on.
 */
export function outOfMemoryHelp(error: unknown, backend: string, batchSize: number, inputSize: number): ConfigError | undefined {
  const message = error instanceof Error ? error.message : String(error);
  if (!/memory access out of bounds|Array buffer allocation failed|Out of memory|Cannot enlarge memory/i.test(message)) return undefined;
  const smaller = Math.max(2, Math.floor(batchSize / 2));
  const limit = backend === 'wasm' ? ' (the wasm backend can address 4 GB at most)' : '';
  return new ConfigError(`training ran out of memory with ${batchSize} images of ${inputSize}x${inputSize} px per batch on the ${backend} backend${limit}: ${message}. Fix: a smaller --batch-size (e.g. --batch-size ${smaller}) or a smaller --input-size.`);
}

/**
 * The tfjs backend training asks for, checked before any slow work. FGSM_BACKEND=onnx, set for fast
 * studies, does not stop training: ONNX Runtime has no training graphs, so tfjs picks its own.
 */
export function trainingBackend(flag: BackendPreference | undefined, environment: string | undefined, log: (message: string) => void): BackendPreference | undefined {
  if (flag !== undefined) return flag;
  const value = environment?.trim().toLowerCase();
  if (!value) return undefined;
  if (value === 'onnx' || value === 'onnx-cuda') {
    log(`FGSM_BACKEND=${value} applies to studies; training runs on tfjs (auto: tensorflow > wasm > cpu)`);
    return 'auto';
  }
  if (!(TRAINING_BACKENDS as readonly string[]).includes(value)) throw new ConfigError(`invalid FGSM_BACKEND '${environment}': choose one of onnx or onnx-cuda (studies only), ${TRAINING_BACKENDS.join(', ')}.`);
  return value as BackendPreference;
}
