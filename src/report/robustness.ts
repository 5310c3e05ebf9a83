/**
 * The robustness study ("Beyond FGSM"), callable from the CLI or a notebook: for each model, the
 * attack study (dodging with FGSM/BIM/PGD, impersonation toward a target, the random-noise
 * baseline) over its test images, then the same few faces through the sweep, then the files.
 * Cheap checks (flags, models, data, target, output folder) come before any attack; files go to a
 * staging folder and appear in the results folder only when everything is written (run-folder.ts).
 */
import { join, relative } from 'node:path';
import { loadFaceDataset, type FaceDataset, type FaceEntry, type LabelledBatch, type SkippedImage } from '../data/dataset.js';
import { loadClassifier } from '../engines/load.js';
import { attackExamples, type AttackExamples } from '../eval/examples.js';
import { quantisationWarnings } from '../eval/quantise.js';
import { runAttackStudy, type AttackStudyResults } from '../eval/study.js';
import { cachingImageReader, type ReadResizedImage } from './image-cache.js';
import { recordingEntries } from './recording-entries.js';
import { writeFileAtomically, writeJsonAtomically } from '../core/atomic-write.js';
import { checkClassNames } from './class-names.js';
import { defaultSweepBatchSize } from './defaults.js';
import { displayPath } from './display-path.js';
import { throwIfAborted } from './errors.js';
import { manifestForResults } from './manifest.js';
import { chooseModels, type ChosenModel } from './model-choice.js';
import { ensureWritableDirectory } from './output-dir.js';
import { buildRobustnessDocument, type RobustnessDocument } from './robustness-document.js';
import { robustnessCsv } from './robustness-csv.js';
import { featuredAttack, openRobustnessFigures, type RobustnessFigureWriter } from './robustness-figures.js';
import { buildAttacks, resolveRobustnessSettings, resolveTarget, type RobustnessConfig, type RobustnessSettings } from './robustness-settings.js';
import { openRunFolder, type RunFolder } from './run-folder.js';
import { chooseTestSet, spreadLimit, type TestSet } from './test-set.js';

export type { RobustnessConfig } from './robustness-settings.js';

export interface RobustnessHooks {
  readonly log?: (message: string) => void;
  readonly warn?: (message: string) => void;
  readonly onStudyStart?: (event: { readonly label: string; readonly index: number; readonly count: number; readonly images: number; readonly attacks: readonly string[] }) => void;
  readonly onStudyProgress?: (event: { readonly label: string; readonly done: number; readonly images: number }) => void;
  readonly onStudyEnd?: (event: { readonly label: string }) => void;
}

export interface ModelRobustness {
  readonly label: string;
  readonly document: RobustnessDocument;
  readonly files: readonly string[];
}

export interface RobustnessOutcome {
  readonly outDir: string;
  readonly models: readonly ModelRobustness[];
}

interface Plan {
  readonly model: ChosenModel;
  readonly testSet: TestSet;
}

interface Context {
  readonly settings: RobustnessSettings;
  readonly dataset: FaceDataset;
  readonly figures: RobustnessFigureWriter;
  readonly run: RunFolder;
  readonly hooks: RobustnessHooks;
  readonly log: (message: string) => void;
  readonly warn: (message: string) => void;
  readonly signal?: AbortSignal;
  readonly readImage?: ReadResizedImage;
}

export async function runRobustness(config: RobustnessConfig = {}, hooks: RobustnessHooks = {}): Promise<RobustnessOutcome> {
  const settings = resolveRobustnessSettings(config);
  const log = hooks.log ?? (() => undefined);
  const warn = hooks.warn ?? ((message: string) => console.warn(message));
  for (const w of [...settings.epsilonNotes, ...quantisationWarnings(settings.epsilons)]) warn(w);
  const models = await chooseModels(settings.models, settings.modelsDir);
  const dataset = await loadFaceDataset(settings.data, { warn });
  log(`data: ${displayPath(dataset.root)} (${dataset.entries.length} images of ${dataset.classNames.length} people)`);
  const plans: Plan[] = [];
  for (const model of models) {
    const names = checkClassNames(dataset.classNames, model, dataset.root);
    // A bad target is refused before any model is loaded (names known from the metadata or the data).
    if (settings.target !== undefined) resolveTarget(settings.target, names, model.metadata?.numClasses ?? names.length);
    plans.push({ model, testSet: await chooseTestSet({ dataset, model, split: settings.split, limit: settings.limit, warn }) });
  }
  await ensureWritableDirectory(settings.out, '--out');

  const run = await openRunFolder(settings.out, { warn });
  const figures = openRobustnessFigures({ png: settings.png, warn });
  // Several models usually share the test images: decode them once (not worth it for one model).
  const readImage = plans.length > 1 ? cachingImageReader() : undefined;
  let committed = false;
  try {
    const studied: ModelRobustness[] = [];
    for (const [index, plan] of plans.entries()) {
      throwIfAborted(config.signal, `before ${plan.model.label}: no results written, the folder keeps its previous results`);
      studied.push(await studyModel(plan, index, plans.length, { settings, dataset, figures, run, hooks, log, warn, signal: config.signal, readImage }));
    }
    throwIfAborted(config.signal, 'while writing the figures: no results written, the folder keeps its previous results');
    for (const file of await run.commit()) log(`wrote ${displayPath(file)}`);
    committed = true;
    return { outDir: settings.out, models: studied.map((m) => ({ ...m, files: m.files.map(run.finalPath) })) };
  } finally {
    await figures.close();
    if (!committed) await run.discard();
  }
}

async function studyModel(plan: Plan, index: number, count: number, context: Context): Promise<ModelRobustness> {
  const { settings, dataset, hooks, log, warn } = context;
  const { model, testSet } = plan;
  const label = model.label;
  const started = performance.now();
  log(`${label}: ${displayPath(model.path)}; test set: ${testSet.description}`);
  const loaded = await loadClassifier({ model: model.requestedModel, weights: model.path, inputSize: settings.inputSize, backend: settings.backend });
  try {
    for (const note of loaded.notes) log(`${label}: ${note}`);
    const classNames = checkClassNames(dataset.classNames, model, dataset.root, loaded.spec.numClasses);
    const target = settings.target === undefined ? undefined : resolveTarget(settings.target, classNames, loaded.spec.numClasses);
    const attacks = buildAttacks(settings, target);
    const loadSeconds = (performance.now() - started) / 1000;
    const batchSize = settings.batchSize ?? defaultSweepBatchSize(loaded.spec.inputSize);
    const images = testSet.entries.length;
    const stream = dataset.batches(testSet.entries, { batchSize, inputSize: loaded.spec.inputSize, readImage: context.readImage, onSkip: (s) => warn(`${label}: skipped unreadable image ${s.file}: ${s.reason}`) });
    const attacked: FaceEntry[] = [];
    hooks.onStudyStart?.({ label, index, count, images, attacks: attacks.map((a) => a.name) });
    const results = await runAttackStudy(loaded.classifier, recordingEntries(stream, attacked, context.signal, `during the attack study of ${label}`), {
      attacks,
      epsilons: settings.epsilons,
      labels: settings.labels,
      quantise: settings.quantise,
      seed: settings.seed,
      ssim: settings.ssim,
      onBatch: (done) => hooks.onStudyProgress?.({ label, done: done + stream.skipped.length, images }),
    });
    hooks.onStudyEnd?.({ label });
    const labelled: AttackStudyResults = { ...results, model: label };
    const examples = await sameFaces(plan, labelled, loaded.classifier, loaded.spec.inputSize, context, attacks);
    const jsonName = `robustness_${label}.json`;
    const { manifest, replaced } = await manifestForResults({
      weights: model.path,
      attacked,
      splitFile: testSet.splitFile,
      training: loaded.metadata?.extra,
      engine: loaded.classifier.engine,
      resultsPath: join(settings.out, jsonName),
      warn,
    });
    const stage = context.run.stage;
    const csvPath = join(stage, `robustness_${label}.csv`);
    await writeFileAtomically(csvPath, robustnessCsv(labelled));
    const figureFiles = await context.figures.write({ label, results: labelled, classNames, examples: examples?.data, dir: stage });
    const files = [csvPath, ...figureFiles];
    const document = buildRobustnessDocument({
      label,
      weights: model.path,
      format: loaded.format,
      spec: loaded.spec,
      settings,
      dataRoot: dataset.root,
      batchSize,
      target,
      classNames,
      testSet,
      attacked,
      skipped: stream.skipped as SkippedImage[],
      results: labelled,
      examples,
      loadSeconds,
      totalSeconds: (performance.now() - started) / 1000,
      notes: loaded.notes,
      warnings: replaced ? [replaced] : [],
      files: files.map((f) => relative(stage, f)),
      manifest,
    });
    const jsonPath = join(stage, jsonName);
    await writeJsonAtomically(jsonPath, document);
    return { label, document, files: [...files, jsonPath] };
  } finally {
    loaded.classifier.dispose();
  }
}

/** The first `settings.examples` faces spread over the people, attacked by the featured attack at every epsilon. */
async function sameFaces(plan: Plan, results: AttackStudyResults, model: Parameters<typeof attackExamples>[0], inputSize: number, context: Context, attacks: ReturnType<typeof buildAttacks>): Promise<{ data: AttackExamples; entries: readonly FaceEntry[] } | undefined> {
  const { settings } = context;
  if (settings.examples === 0) return undefined;
  const featured = featuredAttack(results.attacks);
  const attack = attacks.find((a) => a.name === featured?.name);
  if (!attack) return undefined;
  const chosen = spreadLimit(plan.testSet.entries, settings.examples);
  let batch: LabelledBatch | undefined;
  for await (const b of context.dataset.batches(chosen, { batchSize: chosen.length, inputSize, readImage: context.readImage })) batch = b;
  if (!batch) return undefined;
  const data = await attackExamples(model, batch.batch, batch.labels, attack.with({ labels: settings.labels, seed: settings.seed }), settings.epsilons);
  return { data, entries: batch.entries };
}

