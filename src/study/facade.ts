/**
 * The study as a notebook user reads it: one call runs it, then the results are looked at and saved
 * in a few words:
 *
 *   const study = await fgsm.study({ model: 'resnet18', data: 'data/sample_faces', epsilons, locale: 'es' });
 *   study.table();  await study.plot('accuracy');  await study.examples();  study.analysis();
 *   await study.save('results/');  // exactly the files `npm start` writes
 *
 * It is the CLI's study (the same settings, checks, driver and step): evaluation happens here, the
 * files only when `save` is called, through the same writer.
 */
import type { FaceEntry } from '../data/dataset.js';
import type { AttackStudyResults } from '../eval/study.js';
import type { SweepOutput, SweepResults } from '../eval/sweep.js';
import { examplesGridPng } from '../figures/examples-grid.js';
import { interactiveAccuracyFigure } from '../figures/interactive-accuracy-figure.js';
import { modelsComparisonFigure } from '../figures/models-comparison-figure.js';
import { robustnessCurvesFigure } from '../figures/robustness-curves-figure.js';
import type { PlotlyFigure, ScatterTrace } from '../figures/plotly-types.js';
import { DEFAULT_LOCALE, type Locale } from '../i18n/index.js';
import type { ModelSpec } from '../models/graph.js';
import { epsilonTable, type TableView } from '../outputs/results-csv.js';
import { comparisonAnalysis, sweepAnalysis } from '../outputs/sweep-analysis.js';
import { evaluateStudy, planStudy, writeStudy, type EvaluatedModel, type RunHooks } from './driver.js';
import { ConfigError } from './errors.js';
import type { ModelRequest } from './model-choice.js';
import { comparedModel, studyOutcome, studyStep, sweepOfModel, warnAboutEpsilons, type StudyConfig, type StudyEvaluation, type StudyOutcome } from './study.js';
import { reuseFrom, weightsFingerprint, type ReusableModel } from './reuse.js';
import { resolveStudySettings, type StudySettings } from './study-settings.js';

export interface StudyRequest extends StudyConfig {
  /** One model: a zoo name (alone: its bundled weights), as `--model`. For several, `models`. */
  readonly model?: string;
  /** One weights file (ours or a .pth), as `--weights`; with `model` or alone. */
  readonly weights?: string;
  /** Language of tables, figures, analysis and notes. Default English. */
  readonly locale?: Locale;
  /** Progress and messages (default: warnings on the console, nothing else). */
  readonly hooks?: RunHooks;
  /**
   * An earlier study whose results may be taken instead of attacking a model again (e.g. every
   * bundled model after the sweep of one): only for a model with the same label, weights files
   * (unchanged since), test images and settings.
   */
  readonly reuse?: Study;
}

/** One model's study, with what its figures need. */
export interface StudiedSweep {
  /** Names the model in tables and figures (the architecture, or more when two weights share it). */
  readonly label: string;
  /** Every attack at every epsilon, with Wilson intervals (`model` set to the label). */
  readonly study: AttackStudyResults;
  /** The first attack (FGSM in the original study) in the sweep's shape, `model` set to the label. */
  readonly results: SweepResults;
  readonly output: SweepOutput;
  /** The images attacked, in order: attacked[example.sampleIndex] is an example's original. */
  readonly attacked: readonly FaceEntry[];
  readonly classNames: readonly string[];
  readonly spec: ModelSpec;
}

export type StudyPlotKind = 'accuracy' | 'comparison' | 'curves';

export interface Study {
  readonly locale: Locale;
  /** Every model studied, in the order the study ran them. */
  readonly models: readonly StudiedSweep[];
  /** One model's sweep by label (default: the first model). */
  model(label?: string): StudiedSweep;
  /** The per-epsilon table of one model (default the first): the CSV's DataFrame, headers and formats in the locale. */
  table(label?: string): TableView;
  /**
   * 'accuracy': one model's accuracy vs epsilon (log/linear buttons); 'comparison': every model side
   * by side; 'curves': one model's robust accuracy under every attack, with 95% Wilson bands.
   */
  plot(kind: StudyPlotKind, options?: { readonly model?: string; readonly logX?: boolean }): PlotlyFigure<ScatterTrace>;
  /** The adversarial examples grid of one model as PNG bytes (what examples_<label>.png holds). */
  examples(label?: string): Promise<Buffer>;
  /**
   * What the numbers say, in Markdown: 'curve' reads one model's accuracy curve (the first, or
   * `model`), 'comparison' compares every model. Default: 'curve' for one model, else 'comparison'.
   */
  analysis(kind?: 'curve' | 'comparison', options?: { readonly model?: string }): string;
  /** Writes exactly what the CLI writes for this study into `dir` (default the request's `out`, else results/). */
  save(dir?: string): Promise<StudyOutcome>;
}

function modelsOf(request: StudyRequest): readonly ModelRequest[] | undefined {
  if (request.model === undefined && request.weights === undefined) return request.models;
  if (request.models) throw new ConfigError('give either model/weights (one model) or models (several), not both.');
  return [{ ...(request.model !== undefined ? { model: request.model } : {}), ...(request.weights !== undefined ? { weights: request.weights } : {}) }];
}

/** What a finished study keeps so that a later one can reuse its models (see `reuse`). */
const reusable = new WeakMap<Study, { readonly settings: StudySettings; readonly models: readonly ReusableModel<StudyEvaluation>[] }>();

/** Runs the FGSM study (plan, every check, each model's sweep) and returns it to read, plot and save. */
export async function study(request: StudyRequest = {}): Promise<Study> {
  const { model: _model, weights: _weights, locale = DEFAULT_LOCALE, hooks = {}, reuse, ...config } = request;
  const settings = resolveStudySettings({ ...config, models: modelsOf(request) }, locale);
  warnAboutEpsilons(settings, hooks, locale);
  const step = studyStep(settings);
  const plan = await planStudy(settings, step, hooks);
  const earlier = reuse === undefined ? undefined : reusable.get(reuse);
  if (reuse !== undefined && earlier === undefined) throw new ConfigError('reuse takes a study returned by study().');
  // Taken once, before evaluating: weights saved again meanwhile are never taken for these.
  const fingerprints = new Map(await Promise.all(plan.models.map(async ({ model }) => [model.label, await weightsFingerprint(model)] as const)));
  const evaluated = await evaluateStudy(plan, settings, step, hooks, request.signal, earlier && reuseFrom(earlier, settings, fingerprints));
  const result = studyOf(evaluated, locale, async (dir) => studyOutcome(settings, await writeStudy(evaluated, { ...settings, out: dir ?? settings.out }, step, hooks)));
  reusable.set(result, { settings, models: evaluated.map((m) => ({ evaluated: m, weights: fingerprints.get(m.label)! })) });
  return result;
}

function sweptModel(model: EvaluatedModel<StudyEvaluation>): StudiedSweep {
  const output = sweepOfModel(model);
  return { label: model.label, study: model.evaluated.results, results: output.results, output, attacked: model.attacked, classNames: model.classNames, spec: model.spec };
}

function studyOf(evaluated: readonly EvaluatedModel<StudyEvaluation>[], locale: Locale, save: (dir?: string) => Promise<StudyOutcome>): Study {
  const models = evaluated.map(sweptModel);
  const compared = evaluated.map(comparedModel);
  const model = (label?: string): StudiedSweep => {
    const found = label === undefined ? models[0] : models.find((m) => m.label === label);
    if (!found) throw new ConfigError(`no model "${label}" in this study: it has ${models.map((m) => `"${m.label}"`).join(', ')}.`);
    return found;
  };
  return {
    locale,
    models,
    model,
    table: (label) => epsilonTable(model(label).results, locale),
    plot(kind, options = {}) {
      if (kind === 'accuracy') return interactiveAccuracyFigure(model(options.model).results, { logX: options.logX, locale });
      if (kind === 'comparison') return modelsComparisonFigure(models.map((m) => m.results), { logX: options.logX ?? true, locale });
      if (kind === 'curves') return robustnessCurvesFigure(model(options.model).study, { logX: options.logX ?? true, locale });
      throw new ConfigError(`unknown plot "${String(kind)}": choose 'accuracy', 'comparison' or 'curves'.`);
    },
    examples: (label) => {
      const chosen = model(label);
      return examplesGridPng(chosen.output, chosen.classNames, { locale });
    },
    analysis(kind = models.length === 1 ? 'curve' : 'comparison', options = {}) {
      if (kind === 'curve') return sweepAnalysis(model(options.model).results, locale);
      if (kind === 'comparison') return comparisonAnalysis(compared, locale);
      throw new ConfigError(`unknown analysis "${String(kind)}": choose 'curve' or 'comparison'.`);
    },
    save,
  };
}
