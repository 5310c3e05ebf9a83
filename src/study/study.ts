/**
 * The study, callable from the CLI, the facade (facade.ts) or a script: for each model, its test
 * images attacked by every attack of the list at every epsilon (the one evaluation loop), then its
 * files, then all models side by side. FGSM alone is the original notebook's study (results_,
 * accuracies_, examples_ files and results_subplots); any other list is the robustness study
 * (robustness_ files: curves with Wilson bands, per-identity and confusion heatmaps, minimal
 * epsilons, the same faces through the sweep). Both write the one results document and CSV schema.
 */
import { join, relative } from 'node:path';
import type { FaceEntry, LabelledBatch } from '../data/dataset.js';
import { attackExamples, type AttackExamples } from '../eval/examples.js';
import { quantisationWarnings } from '../eval/quantise.js';
import { runAttackStudy, type AttackStudyResults } from '../eval/study.js';
import { sweepOf, type SweepOutput } from '../eval/sweep.js';
import type { Attack } from '../attacks/types.js';
import { writeFileAtomically, writeJsonAtomically } from '../core/atomic-write.js';
import { displayPath } from '../core/display-path.js';
import { DEFAULT_LOCALE, type Locale } from '../i18n/index.js';
import { openFigureOutput, type FigureOutput } from '../outputs/figures-output.js';
import { buildResultsDocument, type ResultsDocument } from '../outputs/results-document.js';
import { comparisonAnalysis, type ComparedModel } from '../outputs/sweep-analysis.js';
import { trainableParameterCount } from '../models/graph.js';
import { resultsCsv } from '../outputs/results-csv.js';
import { featuredAttack, openRobustnessFigures, type RobustnessFigureWriter } from '../outputs/robustness-figures.js';
import { buildAttacks, isAttack, resolveTarget } from './attack-list.js';
import { driveStudy, type EvaluatedModel, type ModelResult, type ModelRun, type RunHooks, type RunOutcome, type RunResult, type StudyStep } from './driver.js';
import { resolveStudySettings, type StudyConfig, type StudySettings } from './study-settings.js';
import { spreadLimit } from './test-set.js';

export type { StudyConfig } from './study-settings.js';

export interface ModelStudy extends ModelResult {
  /** What results_<label>.json (or robustness_<label>.json) holds. */
  readonly document: ResultsDocument;
  /** The study's results in memory, `model` set to the label. */
  readonly results: AttackStudyResults;
  /** The model as the side-by-side comparison reads it (results_comparison.md, the facade's analysis). */
  readonly compared: ComparedModel;
}

export interface StudyOutcome extends RunResult<ModelStudy> {
  readonly report: StudySettings['report'];
  /** Files made from every model together (results_subplots.html + .png and, for several models, results_comparison.md in the original study). */
  readonly comparisonFiles: readonly string[];
}

/** What evaluating one model gives. */
export interface StudyEvaluation {
  /** `model` set to the label. */
  readonly results: AttackStudyResults;
  readonly target?: number;
  /** The same few faces under the featured attack at every epsilon (when `examples` > 0). */
  readonly sameFaces?: { readonly data: AttackExamples; readonly entries: readonly FaceEntry[] };
}

export interface StudyFigures {
  readonly sweep: FigureOutput;
  readonly robustness: RobustnessFigureWriter;
  close(): Promise<void>;
}

export async function runStudy(config: StudyConfig = {}, hooks: RunHooks = {}): Promise<StudyOutcome> {
  const settings = resolveStudySettings(config);
  warnAboutEpsilons(settings, hooks);
  return studyOutcome(settings, await driveStudy(settings, studyStep(settings), hooks, config.signal));
}

/** What the epsilon list deserves to be told before the study: what tidying changed, budgets that round away when saved. */
export function warnAboutEpsilons(settings: StudySettings, hooks: RunHooks, locale: Locale = DEFAULT_LOCALE): void {
  const warn = hooks.warn ?? console.warn;
  for (const note of settings.epsilonNotes) warn(note);
  if (settings.report === 'robustness') for (const w of quantisationWarnings(settings.epsilons, locale)) warn(w);
}

/** The run's outcome as the study reports it (the CLI's summary, --json, the facade's save). */
export function studyOutcome(settings: StudySettings, outcome: RunOutcome<Omit<ModelStudy, 'files'>>): StudyOutcome {
  return { outDir: outcome.outDir, report: settings.report, models: outcome.models.map((m) => ({ ...m.output, files: m.files })), comparisonFiles: outcome.sharedFiles };
}

/** The results of one evaluated model in the sweep's shape (the original study's figures and the facade's tables). */
export function sweepOfModel(model: EvaluatedModel<StudyEvaluation>): SweepOutput {
  return { ...sweepOf(model.evaluated.results), epsilonNotes: [] };
}

/** One evaluated model as the comparison reads it: the first attack (FGSM in the original study), its size and its faces. */
export function comparedModel(model: EvaluatedModel<StudyEvaluation>): ComparedModel {
  return { results: sweepOf(model.evaluated.results).results, attack: model.evaluated.results.attacks[0]!, parameters: trainableParameterCount(model.spec), faces: model.attacked.map((entry) => entry.path) };
}

/** The study's step for the driver: evaluate one model with every attack, then write its files. */
export function studyStep(settings: StudySettings): StudyStep<StudyFigures, StudyEvaluation, Omit<ModelStudy, 'files'>> {
  // The target: --target, else the one person a targeted Attack object of the list aims at.
  const targetOption = (a: Attack) => (a.options as { target?: unknown }).target;
  const ownTarget = settings.attacks.filter(isAttack).map(targetOption).find((t): t is number => typeof t === 'number');
  const targetOf = (classNames: readonly string[], numClasses: number) => (settings.target === undefined ? ownTarget : resolveTarget(settings.target, classNames, numClasses));
  const attacksFor = (target: number | undefined) => buildAttacks(settings.attacks, settings, target);
  const original = settings.report === 'original';
  return {
    what: original ? 'sweep' : 'attack study',
    attackNames: (model, classNames) => attacksFor(targetOf(classNames, model.metadata?.numClasses ?? classNames.length)).map((a) => a.name),
    // A bad target is refused before any model is loaded (names known from the metadata or the data).
    check: (model, classNames) => void targetOf(classNames, model.metadata?.numClasses ?? classNames.length),
    openFigures(options) {
      const sweep = openFigureOutput(options);
      const robustness = openRobustnessFigures(options);
      return { sweep, robustness, close: async () => void (await Promise.all([sweep.close(), robustness.close()])) };
    },
    async evaluate(run: ModelRun) {
      const target = targetOf(run.classNames, run.loaded.spec.numClasses);
      const attacks = attacksFor(target);
      const results = await runAttackStudy(run.loaded.classifier, run.batches, {
        attacks,
        epsilons: settings.epsilons,
        labels: settings.labels,
        scope: settings.scope,
        quantise: settings.quantise,
        seed: settings.seed,
        ssim: settings.ssim,
        examples: settings.maxExamples,
        onBatch: run.progress,
      });
      const labelled = { ...results, model: run.label };
      return { results: labelled, target, sameFaces: await sameFaces(run, labelled, attacks) };
    },
    async write(model, { stage, figures, manifest: manifestFor }) {
      const { label, evaluated } = model;
      const base = original ? 'results' : 'robustness';
      const jsonName = `${base}_${label}.json`;
      const { manifest, replaced } = await manifestFor(jsonName);
      const files: string[] = [];
      if (original) {
        const sweep = sweepOfModel(model);
        files.push(...(await figures.sweep.accuracy(sweep.results, join(stage, `accuracies_${label}`))));
        if (settings.maxExamples > 0) files.push(...(await figures.sweep.examples(sweep, model.classNames, join(stage, `examples_${label}.png`))));
      }
      const csvPath = join(stage, `${base}_${label}.csv`);
      await writeFileAtomically(csvPath, resultsCsv(evaluated.results));
      files.push(csvPath);
      if (!original) files.push(...(await figures.robustness.write({ label, results: evaluated.results, classNames: model.classNames, examples: evaluated.sameFaces?.data, dir: stage })));
      const document = buildResultsDocument({
        label,
        weights: model.model.path,
        format: model.format,
        spec: model.spec,
        training: model.training,
        results: evaluated.results,
        target: evaluated.target,
        classNames: model.classNames,
        attacked: model.attacked,
        skipped: [...model.skipped],
        testSet: model.testSet,
        config: {
          data: displayPath(model.dataRoot),
          attacks: settings.attacks.map((a) => (isAttack(a) ? a.name : a)),
          epsilons: settings.epsilons,
          epsilonsText: settings.epsilonsText,
          scope: settings.scope,
          steps: settings.steps,
          stepSize: settings.stepSize ?? null,
          restarts: settings.restarts,
          labels: settings.labels,
          quantise: settings.quantise,
          ssim: settings.ssim,
          seed: settings.seed,
          limit: settings.limit ?? null,
          batchSize: model.batchSize,
          maxExamples: settings.maxExamples,
          examples: settings.examples,
        },
        sameFaces: evaluated.sameFaces,
        backend: model.backend,
        loadSeconds: model.loadSeconds,
        totalSeconds: model.totalSeconds,
        notes: model.notes,
        warnings: replaced ? [replaced] : [],
        files: files.map((f) => relative(stage, f)),
        manifest,
      });
      const jsonPath = join(stage, jsonName);
      await writeJsonAtomically(jsonPath, document);
      return { output: { label, document, results: evaluated.results, compared: comparedModel(model) }, files: [...files, jsonPath] };
    },
    // The original study draws every model's accuracy side by side, and reads several models together.
    finish: original
      ? async (outcomes, stage, figures) => {
          const files = await figures.sweep.comparison(outcomes.map((m) => m.output.compared.results), join(stage, 'results_subplots'));
          if (outcomes.length < 2) return files;
          const comparison = join(stage, 'results_comparison.md');
          await writeFileAtomically(comparison, `${comparisonAnalysis(outcomes.map((m) => m.output.compared))}\n`);
          return [...files, comparison];
        }
      : undefined,
  };

  /** The first `settings.examples` faces spread over the people, attacked by the featured attack at every epsilon. */
  async function sameFaces(run: ModelRun, results: AttackStudyResults, attacks: readonly Attack[]): Promise<StudyEvaluation['sameFaces']> {
    if (settings.examples === 0) return undefined;
    const featured = featuredAttack(results.attacks);
    const attack = attacks.find((a) => a.name === featured?.name);
    if (!attack) return undefined;
    const chosen = spreadLimit(run.testSet.entries, settings.examples);
    let batch: LabelledBatch | undefined;
    for await (const b of run.dataset.batches(chosen, { batchSize: chosen.length, inputSize: run.loaded.spec.inputSize, readImage: run.readImage })) batch = b;
    if (!batch) return undefined;
    const data = await attackExamples(run.loaded.classifier, batch.batch, batch.labels, attack.with({ labels: settings.labels, seed: settings.seed }), settings.epsilons);
    return { data, entries: batch.entries };
  }
}
