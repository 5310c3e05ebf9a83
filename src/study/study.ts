/**
 * The whole FGSM study, as the notebook's main cells did it, callable from the CLI or a notebook:
 * for each model, attack its test images at every epsilon, then write its results (JSON, CSV,
 * figures) and finally all models side by side. Everything that can be checked cheaply (flags,
 * output folder, weights metadata, class names, test sets) is checked before the first sweep. All
 * files are written into a staging folder and moved into the results folder only when the whole
 * study has completed (see run-folder.ts): an interrupted run leaves the previous results intact.
 */
import { join, relative } from 'node:path';
import { runFgsmSweep, type SweepOutput, type SweepResults } from '../eval/sweep.js';
import { writeFileAtomically, writeJsonAtomically } from '../core/atomic-write.js';
import { driveStudy, type ModelResult, type ModelRun, type RunHooks, type RunOutcome, type RunResult, type StudyStep } from './driver.js';
import { openFigureOutput, type FigureOutput } from '../outputs/figures-output.js';
import { buildResultsDocument, type StudyResultsDocument } from '../outputs/results-document.js';
import { epsilonTableCsv } from '../outputs/results-csv.js';
import { resolveStudySettings, type StudyConfig, type StudySettings } from './study-settings.js';
import { displayPath } from '../core/display-path.js';

export type { StudyConfig } from './study-settings.js';

export interface ModelStudy extends ModelResult {
  /** The sweep, with `results.model` set to the label. */
  readonly output: SweepOutput;
  /** What results_<label>.json holds. */
  readonly document: StudyResultsDocument;
}

export interface StudyOutcome extends RunResult<ModelStudy> {
  /** results_subplots.html (+ .png). */
  readonly comparisonFiles: readonly string[];
}

export interface StudiedModel {
  readonly output: SweepOutput;
  readonly document: StudyResultsDocument;
}

export async function runStudy(config: StudyConfig = {}, hooks: RunHooks = {}): Promise<StudyOutcome> {
  const settings = resolveStudySettings(config);
  for (const note of settings.epsilonNotes) (hooks.warn ?? console.warn)(note);
  return studyOutcome(await driveStudy(settings, fgsmSweepStep(settings), hooks, config.signal));
}

/** The run's outcome as the study reports it (the CLI's summary, --json, the facade's save). */
export function studyOutcome(outcome: RunOutcome<StudiedModel>): StudyOutcome {
  return {
    outDir: outcome.outDir,
    models: outcome.models.map((m) => ({ label: m.label, output: m.output.output, document: m.output.document, files: m.files })),
    comparisonFiles: outcome.sharedFiles,
  };
}

/** The original study: FGSM at every epsilon, results_<label>.json/.csv, accuracy and examples figures, then all models side by side. */
export function fgsmSweepStep(settings: StudySettings): StudyStep<FigureOutput, SweepOutput, StudiedModel> {
  return {
    what: 'sweep',
    attackNames: () => ['fgsm'],
    openFigures: (options) => openFigureOutput(options),
    evaluate: (run: ModelRun) => runFgsmSweep(run.loaded.classifier, run.batches, { epsilons: settings.epsilons, maxExamples: settings.maxExamples, onBatch: run.progress }),
    async write(model, { stage, figures, manifest: manifestFor }) {
      const { label, evaluated: sweep } = model;
      // Figures and titles name the model by its label, which tells two weights of one architecture apart.
      const output: SweepOutput = { ...sweep, results: { ...sweep.results, model: label } };
      const { manifest } = await manifestFor(`results_${label}.json`);
      const files: string[] = [];
      files.push(...(await figures.accuracy(output.results, join(stage, `accuracies_${label}`))));
      files.push(...(await figures.examples(output, model.classNames, join(stage, `examples_${label}.png`))));
      const csvPath = join(stage, `results_${label}.csv`);
      await writeFileAtomically(csvPath, epsilonTableCsv(output.results));
      files.push(csvPath);
      const document = buildResultsDocument({
        label,
        weights: model.model.path,
        format: model.format,
        spec: model.spec,
        training: model.training,
        output: sweep,
        classNames: model.classNames,
        attacked: model.attacked,
        skipped: [...model.skipped],
        testSet: model.testSet,
        config: { data: displayPath(model.dataRoot), epsilons: settings.epsilons, batchSize: model.batchSize, limit: settings.limit ?? null, maxExamples: settings.maxExamples },
        backend: model.backend,
        loadSeconds: model.loadSeconds,
        totalSeconds: model.totalSeconds,
        notes: model.notes,
        files: files.map((f) => relative(stage, f)),
        manifest,
      });
      const jsonPath = join(stage, `results_${label}.json`);
      await writeJsonAtomically(jsonPath, document);
      return { output: { output, document }, files: [...files, jsonPath] };
    },
    finish: (outcomes, stage, figures) => figures.comparison(outcomes.map((m) => m.output.output.results), join(stage, 'results_subplots')),
  };
}

/** The SweepResults of each model, for figures made elsewhere (e.g. the notebook). */
export function sweepResultsOf(outcome: StudyOutcome): SweepResults[] {
  return outcome.models.map((m) => m.output.results);
}
