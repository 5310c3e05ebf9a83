/**
 * The one study driver, whatever a run evaluates (the FGSM sweep, the attack study): plan ->
 * results folder (staging, lock) -> each model (load, test images, evaluate, manifest, files) ->
 * commit. Everything that can be checked cheaply (flags, models, data, class names, test sets,
 * the output folder) is checked before the first model is loaded. All files are written into a
 * staging folder and moved into the results folder only when the whole run has completed
 * (run-folder.ts): an interrupted run leaves the previous results intact. A run kind says only
 * what is particular to it, as a `StudyStep`.
 */
import { join } from 'node:path';
import { loadFaceDataset, type FaceDataset, type FaceEntry, type LabelledBatch, type SkippedImage } from '../data/dataset.js';
import { loadClassifier, type LoadedClassifier } from '../engines/load.js';
import { checkClassNames } from './class-names.js';
import { defaultSweepBatchSize } from './defaults.js';
import { displayPath } from '../core/display-path.js';
import { throwIfAborted } from './errors.js';
import { cachingImageReader, type ReadResizedImage } from './image-cache.js';
import { manifestForResults, type RunManifest } from './manifest.js';
import { chooseModels, type ChosenModel } from './model-choice.js';
import { ensureWritableDirectory } from './output-dir.js';
import { recordingEntries } from './recording-entries.js';
import { openRunFolder } from './run-folder.js';
import type { RunSettings } from './run-settings.js';
import { chooseTestSet, type TestSet } from './test-set.js';

export interface RunHooks {
  /** Progress notes (which model, which test set, files written). */
  readonly log?: (message: string) => void;
  /** Things the user should know (skipped images, ignored flags, no PNGs). Default console.warn. */
  readonly warn?: (message: string) => void;
  /** A model's evaluation starts; `attacks` names what it runs. */
  readonly onModelStart?: (event: { readonly label: string; readonly index: number; readonly count: number; readonly images: number; readonly attacks: readonly string[] }) => void;
  /** After each batch: images done so far. */
  readonly onProgress?: (event: { readonly label: string; readonly done: number; readonly images: number }) => void;
  readonly onModelEnd?: (event: { readonly label: string }) => void;
}

/** One model inside a run, loaded, with its test images streamed (and recorded) for the step. */
export interface ModelRun {
  readonly label: string;
  readonly model: ChosenModel;
  readonly testSet: TestSet;
  readonly dataset: FaceDataset;
  readonly loaded: LoadedClassifier;
  readonly classNames: readonly string[];
  readonly batchSize: number;
  /** The test images in batches; stops between batches when the run is aborted. */
  readonly batches: AsyncIterable<LabelledBatch>;
  /** The images attacked so far, in order (filled while `batches` is read). */
  readonly attacked: readonly FaceEntry[];
  readonly skipped: readonly SkippedImage[];
  /** The staging folder: every file goes there. */
  readonly stage: string;
  readonly readImage?: ReadResizedImage;
  readonly loadSeconds: number;
  /** Seconds since this model's run began. */
  seconds(): number;
  /** Call after each batch with the samples done. */
  progress(done: number): void;
  /** The run manifest for the results file `name` (and a warning when it replaces other results). */
  manifest(name: string): Promise<{ readonly manifest: RunManifest; readonly replaced?: string }>;
  readonly log: (message: string) => void;
  readonly warn: (message: string) => void;
}

/** What every run reports per model, whatever it evaluated: its label and every file written for it. */
export interface ModelResult {
  readonly label: string;
  readonly files: readonly string[];
}

/** What every run reports: the results folder and each model's results. */
export interface RunResult<M extends ModelResult> {
  readonly outDir: string;
  readonly models: readonly M[];
}

/** What one model produced: the step's output and every file written for it (staged paths). */
export interface ModelOutcome<O> {
  readonly label: string;
  readonly output: O;
  readonly files: readonly string[];
}

/**
 * What is particular to a kind of run. `F` holds its figure writer (closed at the end), `E` is what
 * evaluating one model gives, `O` what the run outcome keeps of it.
 */
export interface StudyStep<F extends { close(): Promise<void> }, E, O> {
  /** In messages: "during the <what> of resnet18". */
  readonly what: string;
  /** Attack names, for the progress display. */
  attackNames(model: ChosenModel, classNames: readonly string[]): readonly string[];
  /** Cheap checks per model before anything is loaded (e.g. the impersonation target). */
  check?(model: ChosenModel, classNames: readonly string[]): void;
  openFigures(options: { readonly png: boolean; readonly warn: (message: string) => void }): F;
  /** Evaluates one model (reading `run.batches`, calling `run.progress`). */
  evaluate(run: ModelRun): Promise<E>;
  /** Writes one model's files into `run.stage`; returns them and what the run outcome keeps. */
  write(run: ModelRun, evaluated: E, figures: F): Promise<{ readonly output: O; readonly files: readonly string[] }>;
  /** After every model: files made from all of them (e.g. the side-by-side comparison). */
  finish?(outcomes: readonly ModelOutcome<O>[], stage: string, figures: F): Promise<readonly string[]>;
}

export interface RunOutcome<O> {
  readonly outDir: string;
  /** Per model, with the files' final paths. */
  readonly models: readonly ModelOutcome<O>[];
  /** Files made from all models together (final paths). */
  readonly sharedFiles: readonly string[];
}

interface Plan {
  readonly model: ChosenModel;
  readonly testSet: TestSet;
}

export async function driveStudy<F extends { close(): Promise<void> }, E, O>(settings: RunSettings, step: StudyStep<F, E, O>, hooks: RunHooks, signal?: AbortSignal): Promise<RunOutcome<O>> {
  const log = hooks.log ?? (() => undefined);
  const warn = hooks.warn ?? ((message: string) => console.warn(message));
  const models = await chooseModels(settings.models, settings.modelsDir);
  const dataset = await loadFaceDataset(settings.data, { warn });
  log(`data: ${displayPath(dataset.root)} (${dataset.entries.length} images of ${dataset.classNames.length} people)`);
  const plans: Plan[] = [];
  for (const model of models) {
    const names = checkClassNames(dataset.classNames, model, dataset.root);
    step.check?.(model, names);
    plans.push({ model, testSet: await chooseTestSet({ dataset, model, split: settings.split, limit: settings.limit, warn }) });
  }
  // Last of the cheap checks, so that a run refused for another reason leaves no empty folder behind.
  await ensureWritableDirectory(settings.out, '--out');

  const run = await openRunFolder(settings.out, { warn });
  const figures = step.openFigures({ png: settings.png, warn });
  // Several models usually share the test images: decode them once (not worth it for one model).
  const readImage = plans.length > 1 ? cachingImageReader() : undefined;
  let committed = false;
  try {
    const outcomes: ModelOutcome<O>[] = [];
    for (const [index, plan] of plans.entries()) {
      throwIfAborted(signal, `before ${plan.model.label}: no results written, the folder keeps its previous results`);
      outcomes.push(await runModel(plan, index, plans.length, { settings, step, figures, dataset, hooks, log, warn, signal, readImage, stage: run.stage }));
    }
    const shared = (await step.finish?.(outcomes, run.stage, figures)) ?? [];
    throwIfAborted(signal, 'while writing the figures: no results written, the folder keeps its previous results');
    for (const file of await run.commit()) log(`wrote ${displayPath(file)}`);
    committed = true;
    return { outDir: settings.out, models: outcomes.map((m) => ({ ...m, files: m.files.map(run.finalPath) })), sharedFiles: shared.map(run.finalPath) };
  } finally {
    await figures.close();
    if (!committed) await run.discard();
  }
}

interface DriverContext<F extends { close(): Promise<void> }, E, O> {
  readonly settings: RunSettings;
  readonly step: StudyStep<F, E, O>;
  readonly figures: F;
  readonly dataset: FaceDataset;
  readonly hooks: RunHooks;
  readonly log: (message: string) => void;
  readonly warn: (message: string) => void;
  readonly signal?: AbortSignal;
  readonly readImage?: ReadResizedImage;
  readonly stage: string;
}

async function runModel<F extends { close(): Promise<void> }, E, O>(plan: Plan, index: number, count: number, context: DriverContext<F, E, O>): Promise<ModelOutcome<O>> {
  const { settings, dataset, hooks, log, warn, step } = context;
  const { model, testSet } = plan;
  const label = model.label;
  const started = performance.now();
  log(`${label}: ${displayPath(model.path)}; test set: ${testSet.description}`);
  const loaded = await loadClassifier({ model: model.requestedModel, weights: model.path, inputSize: settings.inputSize, backend: settings.backend });
  try {
    for (const note of loaded.notes) log(`${label}: ${note}`);
    const classNames = checkClassNames(dataset.classNames, model, dataset.root, loaded.spec.numClasses);
    const batchSize = settings.batchSize ?? defaultSweepBatchSize(loaded.spec.inputSize);
    const images = testSet.entries.length;
    const stream = dataset.batches(testSet.entries, {
      batchSize,
      inputSize: loaded.spec.inputSize,
      readImage: context.readImage,
      onSkip: (s) => warn(`${label}: skipped unreadable image ${s.file}: ${s.reason}`),
    });
    const attacked: FaceEntry[] = [];
    const loadSeconds = (performance.now() - started) / 1000;
    const modelRun: ModelRun = {
      label,
      model,
      testSet,
      dataset,
      loaded,
      classNames,
      batchSize,
      batches: recordingEntries(stream, attacked, context.signal, `during the ${step.what} of ${label}`),
      attacked,
      skipped: stream.skipped as SkippedImage[],
      stage: context.stage,
      readImage: context.readImage,
      loadSeconds,
      seconds: () => (performance.now() - started) / 1000,
      progress: (done) => hooks.onProgress?.({ label, done: done + stream.skipped.length, images }),
      manifest: (name) =>
        manifestForResults({
          weights: model.path,
          attacked,
          splitFile: testSet.splitFile,
          training: loaded.metadata?.extra,
          engine: loaded.classifier.engine,
          resultsPath: join(settings.out, name),
          warn,
        }),
      log,
      warn,
    };
    hooks.onModelStart?.({ label, index, count, images, attacks: step.attackNames(model, classNames) });
    const evaluated = await step.evaluate(modelRun);
    hooks.onModelEnd?.({ label });
    const { output, files } = await step.write(modelRun, evaluated, context.figures);
    return { label, output, files };
  } finally {
    loaded.classifier.dispose();
  }
}
