/**
 * The whole FGSM study, as the notebook's main cells did it, callable from the CLI or a notebook:
 * for each model, attack its test images at every epsilon, then write its results (JSON, CSV,
 * figures) and finally all models side by side. Everything that can be checked cheaply (flags,
 * output folder, weights metadata, class names, test sets) is checked before the first sweep. All
 * files are written into a staging folder and moved into the results folder only when the whole
 * study has completed (see run-folder.ts): an interrupted run leaves the previous results intact.
 */
import { join, relative } from 'node:path';
import { loadFaceDataset, type FaceDataset, type FaceEntry, type SkippedImage } from '../data/dataset.js';
import { loadClassifier } from '../engines/load.js';
import { currentBackend } from '../engines/tfjs/backend.js';
import { runFgsmSweep, type SweepOutput, type SweepResults } from '../eval/sweep.js';
import { writeFileAtomically, writeJsonAtomically } from '../core/atomic-write.js';
import { checkClassNames } from './class-names.js';
import { defaultSweepBatchSize } from './defaults.js';
import { cachingImageReader, type ReadResizedImage } from './image-cache.js';
import { recordingEntries } from './recording-entries.js';
import { throwIfAborted } from './errors.js';
import { openFigureOutput, type FigureOutput } from './figures-output.js';
import { chooseModels, type ChosenModel } from './model-choice.js';
import { manifestForResults } from './manifest.js';
import { ensureWritableDirectory } from './output-dir.js';
import { openRunFolder, type RunFolder } from './run-folder.js';
import { buildResultsDocument, type StudyResultsDocument } from './results-document.js';
import { epsilonTableCsv } from './results-csv.js';
import { resolveStudySettings, type StudyConfig, type StudySettings } from './study-settings.js';
import { displayPath } from './display-path.js';
import { chooseTestSet, type TestSet } from './test-set.js';

export type { StudyConfig } from './study-settings.js';

export interface StudyHooks {
  /** Progress notes (which model, which test set, files written). */
  readonly log?: (message: string) => void;
  /** Things the user should know (skipped images, ignored flags, no PNGs). Default console.warn. */
  readonly warn?: (message: string) => void;
  readonly onSweepStart?: (event: { readonly label: string; readonly index: number; readonly count: number; readonly images: number }) => void;
  /** After each batch: images attacked so far. */
  readonly onSweepProgress?: (event: { readonly label: string; readonly done: number; readonly images: number }) => void;
  readonly onSweepEnd?: (event: { readonly label: string }) => void;
}

export interface ModelStudy {
  readonly label: string;
  /** The sweep, with `results.model` set to the label. */
  readonly output: SweepOutput;
  /** What results_<label>.json holds. */
  readonly document: StudyResultsDocument;
  /** Every file written for this model. */
  readonly files: readonly string[];
}

export interface StudyOutcome {
  readonly outDir: string;
  readonly models: readonly ModelStudy[];
  /** results_subplots.html (+ .png). */
  readonly comparisonFiles: readonly string[];
}

interface ModelPlan {
  readonly model: ChosenModel;
  readonly testSet: TestSet;
}

export async function runStudy(config: StudyConfig = {}, hooks: StudyHooks = {}): Promise<StudyOutcome> {
  const settings = resolveStudySettings(config);
  const log = hooks.log ?? (() => undefined);
  const warn = hooks.warn ?? ((message: string) => console.warn(message));
  for (const note of settings.epsilonNotes) warn(note);
  const models = await chooseModels(settings.models, settings.modelsDir);
  const dataset = await loadFaceDataset(settings.data, { warn });
  log(`data: ${displayPath(dataset.root)} (${dataset.entries.length} images of ${dataset.classNames.length} people)`);

  const plans: ModelPlan[] = [];
  for (const model of models) {
    checkClassNames(dataset.classNames, model, dataset.root);
    plans.push({ model, testSet: await chooseTestSet({ dataset, model, split: settings.split, limit: settings.limit, warn }) });
  }
  // Last of the cheap checks, so that a run refused for another reason leaves no empty folder behind.
  await ensureWritableDirectory(settings.out, '--out');

  const run = await openRunFolder(settings.out, { warn });
  const figures = openFigureOutput({ png: settings.png, warn });
  // Several models usually share the test images: decode them once (not worth it for one model).
  const readImage = plans.length > 1 ? cachingImageReader() : undefined;
  let committed = false;
  try {
    const studies: ModelStudy[] = [];
    for (const [index, plan] of plans.entries()) {
      throwIfAborted(config.signal, `before ${plan.model.label}: no results written, the folder keeps its previous results`);
      studies.push(await studyModel(plan, index, plans.length, { settings, dataset, figures, hooks, log, warn, signal: config.signal, readImage, run }));
    }
    const stagedComparison = await figures.comparison(
      studies.map((s) => s.output.results),
      join(run.stage, 'results_subplots'),
    );
    throwIfAborted(config.signal, 'while writing the figures: no results written, the folder keeps its previous results');
    for (const file of await run.commit()) log(`wrote ${displayPath(file)}`);
    committed = true;
    const models = studies.map((s) => ({ ...s, files: s.files.map(run.finalPath) }));
    return { outDir: settings.out, models, comparisonFiles: stagedComparison.map(run.finalPath) };
  } finally {
    await figures.close();
    if (!committed) await run.discard();
  }
}

interface StudyContext {
  readonly settings: StudySettings;
  readonly dataset: FaceDataset;
  readonly figures: FigureOutput;
  readonly hooks: StudyHooks;
  readonly log: (message: string) => void;
  readonly warn: (message: string) => void;
  readonly signal?: AbortSignal;
  readonly readImage?: ReadResizedImage;
  readonly run: RunFolder;
}

async function studyModel(plan: ModelPlan, index: number, count: number, context: StudyContext): Promise<ModelStudy> {
  const { settings, dataset, hooks, log, warn } = context;
  const { model, testSet } = plan;
  const label = model.label;
  const started = performance.now();
  log(`${label}: ${displayPath(model.path)}; test set: ${testSet.description}`);
  const loaded = await loadClassifier({ model: model.requestedModel, weights: model.path, inputSize: settings.inputSize, backend: settings.backend });
  try {
    for (const note of loaded.notes) log(`${label}: ${note}`);
    const classNames = checkClassNames(dataset.classNames, model, dataset.root, loaded.spec.numClasses);
    const loadSeconds = (performance.now() - started) / 1000;
    const batchSize = settings.batchSize ?? defaultSweepBatchSize(loaded.spec.inputSize);
    const stream = dataset.batches(testSet.entries, {
      batchSize,
      inputSize: loaded.spec.inputSize,
      readImage: context.readImage,
      onSkip: (s) => warn(`${label}: skipped unreadable image ${s.file}: ${s.reason}`),
    });
    const attacked: FaceEntry[] = [];
    const images = testSet.entries.length;
    hooks.onSweepStart?.({ label, index, count, images });
    const sweep = await runFgsmSweep(loaded.classifier, recordingEntries(stream, attacked, context.signal, `during the sweep of ${label}`), {
      epsilons: settings.epsilons,
      maxExamples: settings.maxExamples,
      onBatch: (done) => hooks.onSweepProgress?.({ label, done: done + stream.skipped.length, images }),
    });
    hooks.onSweepEnd?.({ label });
    // Figures and titles name the model by its label, which tells two weights of one architecture apart.
    const output: SweepOutput = { ...sweep, results: { ...sweep.results, model: label } };
    const { manifest } = await manifestForResults({
      weights: model.path,
      attacked,
      splitFile: testSet.splitFile,
      training: loaded.metadata?.extra,
      engine: loaded.classifier.engine,
      resultsPath: join(settings.out, `results_${label}.json`),
      warn,
    });
    const files = await writeModelFiles(output, classNames, label, context);
    const document = buildResultsDocument({
      label,
      weights: model.path,
      format: loaded.format,
      spec: loaded.spec,
      training: loaded.metadata?.extra,
      output: sweep,
      classNames,
      attacked,
      skipped: stream.skipped as SkippedImage[],
      testSet,
      config: { data: displayPath(dataset.root), epsilons: settings.epsilons, batchSize, limit: settings.limit ?? null, maxExamples: settings.maxExamples },
      backend: currentBackend()?.detail ?? loaded.classifier.engine,
      loadSeconds,
      totalSeconds: (performance.now() - started) / 1000,
      notes: loaded.notes,
      files: files.map((f) => relative(context.run.stage, f)),
      manifest,
    });
    const jsonPath = join(context.run.stage, `results_${label}.json`);
    await writeJsonAtomically(jsonPath, document);
    return { label, output, document, files: [...files, jsonPath] };
  } finally {
    loaded.classifier.dispose();
  }
}

async function writeModelFiles(output: SweepOutput, classNames: readonly string[], label: string, context: StudyContext): Promise<string[]> {
  const out = context.run.stage;
  const files: string[] = [];
  files.push(...(await context.figures.accuracy(output.results, join(out, `accuracies_${label}`))));
  files.push(...(await context.figures.examples(output, classNames, join(out, `examples_${label}.png`))));
  const csvPath = join(out, `results_${label}.csv`);
  await writeFileAtomically(csvPath, epsilonTableCsv(output.results));
  files.push(csvPath);
  return files;
}

/** The SweepResults of each model, for figures made elsewhere (e.g. the notebook). */
export function sweepResultsOf(outcome: StudyOutcome): SweepResults[] {
  return outcome.models.map((m) => m.output.results);
}
