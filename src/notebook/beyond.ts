/**
 * The notebook's "Más allá de FGSM" section: dodging (FGSM, BIM, PGD) and impersonation (targeted
 * FGSM and PGD toward one person) against a random-noise baseline of the same size, in one attack
 * study (clean pass once per batch), plus the same faces attacked at every epsilon for the grid
 * and the slider. Figures come from src/figures in the notebook's locale; the analysis text is
 * generated from the numbers, like the rest of the notebook's.
 */
import * as dfd from 'danfojs-node';
import type { EpsilonInput } from '../attacks/epsilon.js';
import { fgsmAttack } from '../attacks/fgsm-attack.js';
import { randomSignNoise } from '../attacks/noise.js';
import { bimAttack, pgdAttack } from '../attacks/pgd.js';
import type { Attack } from '../attacks/types.js';
import type { FaceDataset, LabelledBatch } from '../data/dataset.js';
import { attackExamples, type AttackExamples } from '../eval/examples.js';
import type { AttackStudyResults, AttackSummary } from '../eval/study.js';
import type { Rate } from '../eval/wilson.js';
import { confusionFigure } from '../figures/confusion-figure.js';
import { epsilonSliderFigure, exampleSources } from '../figures/epsilon-slider-figure.js';
import type { HeatmapTrace, ImageTrace, PlotlyFigure, ScatterTrace } from '../figures/plotly-types.js';
import { robustnessCurvesFigure } from '../figures/robustness-curves-figure.js';
import { sameFacesGridPng } from '../figures/same-faces-grid.js';
import { resolveTarget } from '../study/attack-list.js';
import { spreadLimit } from '../study/test-set.js';
import { featuredAttack } from '../outputs/robustness-figures.js';
import { attackRole } from '../figures/robustness-format.js';
import { showPng } from './display.js';
import { study } from './study.js';
import { NOTEBOOK_LOCALE, notebookText } from './locale.js';
import type { NotebookModel } from './model.js';

/** Whole grey levels (nothing rounds away when saved) and 0.001, which does: the 8-bit effect. */
export const BEYOND_EPSILONS: readonly EpsilonInput[] = [0, 0.001, '1/255', '2/255', '4/255', '8/255', '16/255'];

export interface BeyondOptions {
  /**
   * The attacks, as the notebook's cell lists them (default: beyondAttacks(model)). Charts and text
   * pick them by role: untargeted ones are dodging, targeted ones impersonation, noise the baseline.
   */
  readonly attacks?: readonly Attack[];
  readonly epsilons?: readonly EpsilonInput[];
  /** Test faces attacked (spread over the people; default 48). */
  readonly limit?: number;
  /** Faces in the same-faces grid and the slider (default 4: each costs ~250 KB in the saved notebook). */
  readonly faces?: number;
  readonly seed?: number;
}

export interface BeyondFgsm {
  readonly model: NotebookModel;
  readonly study: AttackStudyResults;
  /** The strongest dodging attack (PGD before BIM before FGSM) and the strongest impersonation one, if any. */
  readonly dodging: AttackSummary;
  readonly impersonation?: AttackSummary;
  /** Whom the impersonation attack aims at, when it is one fixed person. */
  readonly targetName?: string;
  /** The same faces under the featured dodging and impersonation attacks, at every epsilon. */
  readonly dodgingExamples: AttackExamples;
  readonly impersonationExamples?: AttackExamples;
  readonly warnings: readonly string[];
}

/**
 * The section's default attacks: dodging with FGSM, BIM and PGD (5 steps: enough to show the gap
 * to FGSM in a notebook's time), the random-noise baseline, and impersonation of `target` (class
 * index; default the last person) with targeted FGSM and PGD.
 */
export function beyondAttacks(model: NotebookModel, options: { steps?: number; target?: number } = {}): Attack[] {
  const steps = options.steps ?? 5;
  const target = options.target ?? model.classNames.length - 1;
  return [
    fgsmAttack(),
    bimAttack({ steps }),
    pgdAttack({ steps }),
    randomSignNoise(),
    fgsmAttack({ target, name: 'fgsm-impersonate' }),
    pgdAttack({ steps, target, name: 'pgd-impersonate' }),
  ];
}

/** The class index of a person named in a cell (any case), or a clear error listing the names. */
export function personIndex(model: NotebookModel, person: string | number): number {
  return resolveTarget(String(person), model.classNames, model.spec.numClasses);
}

/** How the charts and texts name an attack: by its kind (PGD, BIM, FGSM). */
function attackLabel(attack: Pick<AttackSummary, 'kind'>): string {
  return attack.kind.toUpperCase();
}

const { t, n } = notebookText;

/**
 * The section's study: the library's (the same driver, checks and evaluation as `npm run
 * robustness`) on the model cell's model and test images, then the same few faces under the
 * featured dodging and impersonation attacks at every epsilon, for the grid and the slider.
 */
export async function runBeyondFgsm(model: NotebookModel, dataset: FaceDataset, options: BeyondOptions = {}): Promise<BeyondFgsm> {
  const seed = options.seed ?? 0;
  const attacks = options.attacks ?? beyondAttacks(model);
  const limit = Math.min(options.limit ?? 48, model.source.limit ?? Number.POSITIVE_INFINITY);
  // What the study says about the epsilons (in Spanish) is shown under the cell and kept.
  const warnings: string[] = [];
  const warn = (message: string) => {
    warnings.push(message);
    console.warn(message);
  };
  const run = await study({ ...model.source, data: dataset.root, attacks, epsilons: options.epsilons ?? BEYOND_EPSILONS, limit, quantise: true, seed, examples: 0, hooks: { warn } });
  const results = run.model().study;
  const dodging = featuredAttack(results.attacks.filter((a) => attackRole(a) === 'dodging'));
  if (!dodging) throw new Error(t.notebook.beyondAnalysis.noDodging);
  const impersonation = featuredAttack(results.attacks.filter((a) => attackRole(a) === 'impersonation'));
  const target = impersonation?.options.target;

  const faces = spreadLimit(model.testEntries, options.faces ?? 4);
  let batch: LabelledBatch | undefined;
  for await (const b of dataset.batches(faces, { batchSize: faces.length, inputSize: model.spec.inputSize })) batch = b;
  if (!batch) throw new Error('No test face could be read for the examples.');
  const examplesOf = (summary: AttackSummary) => attackExamples(model.classifier, batch.batch, batch.labels, attacks.find((a) => a.name === summary.name)!.with({ seed }), results.epsilons);
  return {
    model,
    study: results,
    dodging,
    impersonation,
    targetName: typeof target === 'number' ? (model.classNames[target] ?? t.unknownClass(target)) : undefined,
    dodgingExamples: await examplesOf(dodging),
    impersonationExamples: impersonation ? await examplesOf(impersonation) : undefined,
    warnings: [...warnings, ...results.sanity.filter((c) => !c.ok).map((c) => t.warning.sanityFailed(c.name, c.detail))],
  };
}

/** Index of the epsilon closest to 8/255, the usual benchmark budget. */
function budgetIndex(epsilons: readonly number[]): number {
  let best = 0;
  epsilons.forEach((eps, e) => {
    if (Math.abs(eps - 8 / 255) < Math.abs(epsilons[best]! - 8 / 255)) best = e;
  });
  return best;
}

/** The dodging attacks and the noise baseline: robust accuracy with 95 % Wilson bands. */
export function beyondCurvesChart(beyond: BeyondFgsm): PlotlyFigure<ScatterTrace> {
  const untargeted = beyond.study.attacks.filter((a) => !a.targeted);
  const dodging = untargeted.filter((a) => attackRole(a) === 'dodging');
  const title = t.notebook.charts.dodgingTitle(beyond.model.label, dodging.map(attackLabel), untargeted.length > dodging.length);
  return robustnessCurvesFigure({ ...beyond.study, attacks: untargeted }, { logX: true, title, locale: NOTEBOOK_LOCALE });
}

/** Who becomes whom under PGD at the epsilon closest to 8/255. */
export function beyondConfusionChart(beyond: BeyondFgsm): PlotlyFigure<HeatmapTrace> {
  const e = budgetIndex(beyond.study.epsilons);
  const title = t.notebook.charts.confusionTitle(attackLabel(beyond.dodging), n.epsilonLabel(beyond.study.epsilons[e]!));
  return confusionFigure(beyond.dodging.results[e]!, beyond.model.classNames, { title, locale: NOTEBOOK_LOCALE });
}

/** The same faces stepped through the epsilons of the impersonation attack, with a slider. */
export async function beyondSliderChart(beyond: BeyondFgsm): Promise<PlotlyFigure<ImageTrace>> {
  const examples = beyond.impersonationExamples ?? beyond.dodgingExamples;
  const featured = beyond.impersonation ?? beyond.dodging;
  const figure = epsilonSliderFigure(examples, await exampleSources(examples), beyond.model.classNames, { locale: NOTEBOOK_LOCALE });
  // Only the first view gets the hint; each slider step then shows its own ε in the title.
  return { ...figure, layout: { ...figure.layout, title: { ...figure.layout.title, text: beyond.targetName ? t.notebook.charts.sliderTitle(beyond.targetName, attackLabel(featured)) : t.notebook.charts.dodgingSliderTitle(attackLabel(featured)) } } };
}

/** The same faces under the impersonation attack at every epsilon, as one PNG. */
export async function showImpersonationGrid(beyond: BeyondFgsm): Promise<void> {
  const examples = beyond.impersonationExamples ?? beyond.dodgingExamples;
  // Native size (no enlarging): the PNG is saved in the notebook and its HTML export.
  const png = await sameFacesGridPng(examples, beyond.model.classNames, { imageSize: Math.max(64, examples.width), locale: NOTEBOOK_LOCALE });
  showPng(png, beyond.targetName ? t.notebook.faces.impersonationAlt(beyond.targetName) : t.notebook.faces.dodgingAlt);
}

function pctCi(rate: Rate): string {
  return t.notebook.tables.beyond.interval(rate.rate ?? Number.NaN, rate.lower, rate.upper);
}

/** Per attack and epsilon: robust accuracy with its Wilson interval, and after saving in 8 bits. */
export function beyondFrame(beyond: BeyondFgsm): dfd.DataFrame {
  const rows = beyond.study.attacks.flatMap((a) =>
    a.results.map((r) => [
      a.name,
      n.epsilonLabel(r.epsilon),
      t.role[attackRole(a)],
      pctCi(r.robustAccuracy),
      r.quantised ? n.percent(r.quantised.robustAccuracy.rate ?? Number.NaN) : '',
      r.targetedSuccessRate ? pctCi(r.targetedSuccessRate) : pctCi(r.attackSuccessRate),
    ]),
  );
  const head = t.notebook.tables.beyond;
  return new dfd.DataFrame(rows, { columns: [head.attack, head.epsilon, head.role, head.robustAccuracy, head.saved8Bit, head.success] });
}

/** The section's reading of the numbers, in the notebook's language, generated from this run. */
export function beyondAnalysis(beyond: BeyondFgsm): string {
  const say = t.notebook.beyondAnalysis;
  const eps = beyond.study.epsilons;
  const e = budgetIndex(eps);
  const first = (test: (a: AttackSummary) => boolean) => beyond.study.attacks.find(test);
  const fgsm = first((a) => a.kind === 'fgsm' && !a.targeted);
  const noise = first((a) => a.kind === 'noise');
  const fgsmImpersonation = first((a) => a.kind === 'fgsm' && a.targeted);
  const clean = beyond.study.clean.accuracy;
  const lines = [say.intro(n.epsilonLabel(eps[e]!), Math.round(eps[e]! * 255), beyond.study.total), ''];
  if (noise && fgsm) lines.push(say.noise(pctCi(noise.results[e]!.robustAccuracy), pctCi(clean), pctCi(fgsm.results[e]!.robustAccuracy)));
  const strong = beyond.dodging;
  if (fgsm && strong !== fgsm) {
    const fgsmRate = fgsm.results[e]!.robustAccuracy;
    const strongRate = strong.results[e]!.robustAccuracy;
    const stronger = strongRate.rate !== null && fgsmRate.rate !== null && strongRate.rate < fgsmRate.rate;
    lines.push(say.steps(attackLabel(strong), String(strong.options.steps ?? ''), pctCi(strongRate), stronger ? say.pgdStronger(fgsmRate.rate! - strongRate.rate!) : say.pgdSame));
  }
  const impersonation = beyond.impersonation?.results[e]!.targetedSuccessRate;
  if (beyond.impersonation && impersonation && beyond.targetName) {
    const fgsmRate = fgsmImpersonation && fgsmImpersonation !== beyond.impersonation ? fgsmImpersonation.results[e]!.targetedSuccessRate?.rate ?? undefined : undefined;
    lines.push(say.impersonation(beyond.targetName, attackLabel(beyond.impersonation), impersonation.rate ?? Number.NaN, fgsmRate ?? undefined));
  }
  const tiny = eps.filter((x) => x > 0 && x < 1 / 255);
  if (tiny.length > 0 && fgsm) {
    const r = fgsm.results[eps.indexOf(tiny[0]!)]!;
    lines.push(say.tinyEpsilon(tiny[0]!, r.robustAccuracy.rate ?? Number.NaN, r.quantised?.robustAccuracy.rate ?? Number.NaN));
  }
  const flagged = beyond.study.attacks.filter((a) => !a.curve.monotone && !a.targeted).map((a) => (a.kind === 'noise' ? say.noiseName : attackLabel(a)));
  if (flagged.length > 0) lines.push(say.nonMonotone(flagged));
  const failed = beyond.study.sanity.filter((c) => !c.ok);
  lines.push('', failed.length === 0 ? say.sanityPassed : say.sanityFailed(failed.map((c) => c.name)));
  return lines.join('\n');
}
