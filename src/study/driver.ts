/**
 * The one study driver, whatever a run evaluates (the FGSM sweep, the attack study), in three
 * phases: plan (every cheap check: flags, models, data, class names, test sets) -> evaluate each
 * model -> write the files into a results folder. The CLI does all three in one go with the
 * results folder opened (and locked) before the first model; the library facade (facade.ts)
 * evaluates first and writes when asked, through the same writer. Files are written into a
 * staging folder and moved into the results folder only when every file is written
 * (run-folder.ts): an interrupted run leaves the previous results intact. A run kind says only
 * what is particular to it, as a `StudyStep`.
 */
import { join } from 'node:path';
import { loadFaceDataset, type FaceDataset, type FaceEntry, type LabelledBatch, type SkippedImage } from '../data/dataset.js';
import { loadClassifier, type LoadedClassifier } from '../engines/load.js';
import { currentBackend } from '../engines/tfjs/backend.js';
import type { ModelSpec } from '../models/graph.js';
import type { TrainingInfo } from '../weights/format.js';
import { checkClassNames } from './class-names.js';
import { defaultSweepBatchSize } from './defaults.js';
import { displayPath } from '../core/display-path.js';
import { throwIfAborted } from './errors.js';
import { cachingImageReader, type ReadResizedImage } from './image-cache.js';
import { manifestForResults, type RunManifest } from './manifest.js';
import { chooseModels, type ChosenModel } from './model-choice.js';
import { ensureWritableDirectory } from './output-dir.js';
import { recordingEntries } from './recording-entries.js';
import type { ReuseLookup } from './reuse.js';
import { openRunFolder, type RunFolder } from './run-folder.js';
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
  /** A model's results were taken from an earlier study instead of being computed again. */
  readonly onModelReused?: (event: { readonly label: string; readonly index: number; readonly count: number }) => void;
}

/** One model being evaluated: loaded, with its test images streamed (and recorded) for the step. */
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
  readonly readImage?: ReadResizedImage;
  /** Call after each batch with the samples done. */
  progress(done: number): void;
}

/** One model after its evaluation (the classifier is released): all its files are made from this. */
export interface EvaluatedModel<E> {
  readonly label: string;
  readonly model: ChosenModel;
  readonly testSet: TestSet;
  readonly dataRoot: string;
  readonly format: LoadedClassifier['format'];
  readonly spec: ModelSpec;
  /** Training provenance from the weights' metadata (our format only). */
  readonly training?: TrainingInfo;
  /** The engine and, for tfjs, the backend that ran it. */
  readonly engine: string;
  readonly backend: string;
  readonly notes: readonly string[];
  readonly classNames: readonly string[];
  readonly batchSize: number;
  /** The images evaluated, in order (skipped ones left out). */
  readonly attacked: readonly FaceEntry[];
  readonly skipped: readonly SkippedImage[];
  readonly loadSeconds: number;
  /** Loading and evaluating. */
  readonly totalSeconds: number;
  readonly evaluated: E;
}

/** Where and how one model's files are written. */
export interface WriteTarget<F> {
  /** The staging folder: every file goes there. */
  readonly stage: string;
  /** The results folder the files will appear in. */
  readonly outDir: string;
  readonly figures: F;
  /** The run manifest for the results file `name` (and a warning when it replaces other results). */
  manifest(name: string): Promise<{ readonly manifest: RunManifest; readonly replaced?: string }>;
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
  /** Evaluates one model (reading `run.batches`, calling `run.progress`); everything the files need. */
  evaluate(run: ModelRun): Promise<E>;
  openFigures(options: { readonly png: boolean; readonly warn: (message: string) => void }): F;
  /** Writes one model's files into `target.stage`; returns them and what the run outcome keeps. */
  write(model: EvaluatedModel<E>, target: WriteTarget<F>): Promise<{ readonly output: O; readonly files: readonly string[] }>;
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

/** A checked plan: the data and, per model, its test set. Nothing is loaded yet. */
export interface StudyPlan {
  readonly dataset: FaceDataset;
  readonly models: readonly { readonly model: ChosenModel; readonly testSet: TestSet }[];
}

interface Logs {
  readonly log: (message: string) => void;
  readonly warn: (message: string) => void;
}

function logsOf(hooks: RunHooks): Logs {
  return { log: hooks.log ?? (() => undefined), warn: hooks.warn ?? ((message: string) => console.warn(message)) };
}

/** Every cheap check, before any model is loaded. */
export async function planStudy<F extends { close(): Promise<void> }, E, O>(settings: RunSettings, step: StudyStep<F, E, O>, hooks: RunHooks = {}): Promise<StudyPlan> {
  const { log, warn } = logsOf(hooks);
  const chosen = await chooseModels(settings.models, settings.modelsDir);
  const dataset = await loadFaceDataset(settings.data, { warn });
  log(`data: ${displayPath(dataset.root)} (${dataset.entries.length} images of ${dataset.classNames.length} people)`);
  const models = [];
  for (const model of chosen) {
    const names = checkClassNames(dataset.classNames, model, dataset.root);
    step.check?.(model, names);
    models.push({ model, testSet: await chooseTestSet({ dataset, model, split: settings.split, limit: settings.limit, warn }) });
  }
  return { dataset, models };
}

/** The CLI's run: plan, then the results folder (checked and locked), then each model, then the files, then commit. */
export async function driveStudy<F extends { close(): Promise<void> }, E, O>(settings: RunSettings, step: StudyStep<F, E, O>, hooks: RunHooks, signal?: AbortSignal): Promise<RunOutcome<O>> {
  const plan = await planStudy(settings, step, hooks);
  // The folder is checked last of the cheap checks, so that a run refused for another reason leaves no empty folder behind.
  return inRunFolder(settings.out, '--out', hooks, async (folder) => writeIntoFolder(folder, await evaluateStudy(plan, settings, step, hooks, signal), settings, step, hooks, signal));
}

/** Writes evaluated models' files into `settings.out` (checked, locked, staged, committed), as the CLI does. */
export async function writeStudy<F extends { close(): Promise<void> }, E, O>(evaluated: readonly EvaluatedModel<E>[], settings: Pick<RunSettings, 'out' | 'png'>, step: StudyStep<F, E, O>, hooks: RunHooks = {}): Promise<RunOutcome<O>> {
  return inRunFolder(settings.out, 'the results folder', hooks, (folder) => writeIntoFolder(folder, evaluated, settings, step, hooks));
}

/** Runs `work` in the checked and locked results folder `out`; what it staged is dropped unless it completes (and commits). */
async function inRunFolder<T>(out: string, name: string, hooks: RunHooks, work: (folder: RunFolder) => Promise<T>): Promise<T> {
  await ensureWritableDirectory(out, name);
  const folder = await openRunFolder(out, { warn: logsOf(hooks).warn });
  let completed = false;
  try {
    const result = await work(folder);
    completed = true;
    return result;
  } finally {
    if (!completed) await folder.discard();
  }
}

/**
 * Loads and evaluates each planned model in turn, releasing each before the next. `reuse` finds a
 * model's results in an earlier study (reuse.ts); such a model is not loaded again.
 */
export async function evaluateStudy<F extends { close(): Promise<void> }, E, O>(plan: StudyPlan, settings: RunSettings, step: StudyStep<F, E, O>, hooks: RunHooks = {}, signal?: AbortSignal, reuse?: ReuseLookup<E>): Promise<EvaluatedModel<E>[]> {
  // Several models usually share the test images: decode them once (not worth it for one model).
  const readImage = plan.models.length > 1 ? cachingImageReader() : undefined;
  const evaluated: EvaluatedModel<E>[] = [];
  for (const [index, { model, testSet }] of plan.models.entries()) {
    throwIfAborted(signal, `before ${model.label}: no results written, the folder keeps its previous results`);
    const earlier = reuse?.(model, testSet);
    if (earlier) {
      logsOf(hooks).log(`${model.label}: results taken from the earlier study (same weights, test images and settings)`);
      hooks.onModelReused?.({ label: model.label, index, count: plan.models.length });
      evaluated.push(earlier);
      continue;
    }
    evaluated.push(await evaluateModel(model, testSet, { index, count: plan.models.length, dataset: plan.dataset, settings, step, hooks, signal, readImage }));
  }
  return evaluated;
}

interface EvaluateContext<F extends { close(): Promise<void> }, E, O> {
  readonly index: number;
  readonly count: number;
  readonly dataset: FaceDataset;
  readonly settings: RunSettings;
  readonly step: StudyStep<F, E, O>;
  readonly hooks: RunHooks;
  readonly signal?: AbortSignal;
  readonly readImage?: ReadResizedImage;
}

async function evaluateModel<F extends { close(): Promise<void> }, E, O>(model: ChosenModel, testSet: TestSet, context: EvaluateContext<F, E, O>): Promise<EvaluatedModel<E>> {
  const { settings, dataset, hooks, step } = context;
  const { log, warn } = logsOf(hooks);
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
    const run: ModelRun = {
      label,
      model,
      testSet,
      dataset,
      loaded,
      classNames,
      batchSize,
      batches: recordingEntries(stream, attacked, context.signal, `during the ${step.what} of ${label}`),
      readImage: context.readImage,
      progress: (done) => hooks.onProgress?.({ label, done: done + stream.skipped.length, images }),
    };
    hooks.onModelStart?.({ label, index: context.index, count: context.count, images, attacks: step.attackNames(model, classNames) });
    const evaluated = await step.evaluate(run);
    hooks.onModelEnd?.({ label });
    return {
      label,
      model,
      testSet,
      dataRoot: dataset.root,
      format: loaded.format,
      spec: loaded.spec,
      training: loaded.metadata?.extra,
      engine: loaded.classifier.engine,
      backend: currentBackend()?.detail ?? loaded.classifier.engine,
      notes: loaded.notes,
      classNames,
      batchSize,
      attacked,
      skipped: [...(stream.skipped as SkippedImage[])],
      loadSeconds,
      totalSeconds: (performance.now() - started) / 1000,
      evaluated,
    };
  } finally {
    loaded.classifier.dispose();
  }
}

async function writeIntoFolder<F extends { close(): Promise<void> }, E, O>(folder: RunFolder, evaluated: readonly EvaluatedModel<E>[], settings: Pick<RunSettings, 'out' | 'png'>, step: StudyStep<F, E, O>, hooks: RunHooks, signal?: AbortSignal): Promise<RunOutcome<O>> {
  const { log, warn } = logsOf(hooks);
  const figures = step.openFigures({ png: settings.png, warn });
  try {
    const outcomes: ModelOutcome<O>[] = [];
    for (const model of evaluated) {
      const target: WriteTarget<F> = {
        stage: folder.stage,
        outDir: settings.out,
        figures,
        manifest: (name) =>
          manifestForResults({
            weights: model.model.path,
            attacked: model.attacked,
            splitFile: model.testSet.splitFile,
            training: model.training,
            engine: model.engine,
            resultsPath: join(settings.out, name),
            warn,
          }),
      };
      const { output, files } = await step.write(model, target);
      outcomes.push({ label: model.label, output, files });
    }
    const shared = (await step.finish?.(outcomes, folder.stage, figures)) ?? [];
    throwIfAborted(signal, 'while writing the figures: no results written, the folder keeps its previous results');
    for (const file of await folder.commit()) log(`wrote ${displayPath(file)}`);
    return { outDir: settings.out, models: outcomes.map((m) => ({ ...m, files: m.files.map(folder.finalPath) })), sharedFiles: shared.map(folder.finalPath) };
  } finally {
    await figures.close();
  }
}
