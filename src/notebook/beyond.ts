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
import { quantisationWarnings } from '../eval/quantise.js';
import { runAttackStudy, type AttackStudyResults, type AttackSummary } from '../eval/study.js';
import type { Rate } from '../eval/wilson.js';
import { confusionFigure } from '../figures/confusion-figure.js';
import { epsilonSliderFigure, exampleSources } from '../figures/epsilon-slider-figure.js';
import { asPlotlyFigure } from '../figures/plotly-rich-types.js';
import type { PlotlyFigure } from '../figures/plotly-types.js';
import { robustnessCurvesFigure } from '../figures/robustness-curves-figure.js';
import { sameFacesGridPng } from '../figures/same-faces-grid.js';
import { defaultSweepBatchSize } from '../study/defaults.js';
import { resolveTarget } from '../study/robustness-settings.js';
import { spreadLimit } from '../study/test-set.js';
import { attackRole } from '../figures/robustness-format.js';
import { showPng } from './display.js';
import { notebookEpsilons } from './epsilon-cells.js';
import { NOTEBOOK_LOCALE, notebookText } from './locale.js';
import type { NotebookModel } from './model.js';
import { notebookProgress } from './progress.js';

/** Whole grey levels (nothing rounds away when saved) and 0.001, which does: the 8-bit effect. */
export const BEYOND_EPSILONS: readonly EpsilonInput[] = [0, 0.001, '1/255', '2/255', '4/255', '8/255', '16/255'];

export interface BeyondOptions {
  readonly epsilons?: readonly EpsilonInput[];
  /** BIM/PGD steps (default 5: enough to show the gap to FGSM in a notebook's time). */
  readonly steps?: number;
  /** The person to impersonate: a name or class index (default: the last person). */
  readonly target?: string | number;
  /** Test faces attacked (spread over the people; default 48). */
  readonly limit?: number;
  /** Faces in the same-faces grid and the slider (default 4: each costs ~250 KB in the saved notebook). */
  readonly faces?: number;
  readonly seed?: number;
}

export interface BeyondFgsm {
  readonly model: NotebookModel;
  readonly study: AttackStudyResults;
  readonly target: number;
  readonly targetName: string;
  /** The same faces under PGD (dodging) and PGD toward the target (impersonation), at every epsilon. */
  readonly dodgingExamples: AttackExamples;
  readonly impersonationExamples: AttackExamples;
  readonly warnings: readonly string[];
}

const DODGING = ['fgsm', 'bim', 'pgd', 'noise'];

const { t, n } = notebookText;

export async function runBeyondFgsm(model: NotebookModel, dataset: FaceDataset, options: BeyondOptions = {}): Promise<BeyondFgsm> {
  const { epsilons, notes } = notebookEpsilons(options.epsilons ?? BEYOND_EPSILONS);
  const steps = options.steps ?? 5;
  const seed = options.seed ?? 0;
  const classNames = model.classNames;
  const target = resolveTarget(String(options.target ?? classNames.length - 1), classNames, model.spec.numClasses);
  const attacks: Attack[] = [
    fgsmAttack({ name: 'fgsm' }),
    bimAttack({ steps, name: 'bim' }),
    pgdAttack({ steps, name: 'pgd' }),
    randomSignNoise({ name: 'noise' }),
    fgsmAttack({ target, name: 'fgsm-impersonate' }),
    pgdAttack({ steps, target, name: 'pgd-impersonate' }),
  ];
  const entries = spreadLimit(model.testEntries, options.limit ?? 48);
  const progress = notebookProgress(t.notebook.progress.attacksLabel(model.label), entries.length);
  const stream = dataset.batches(entries, { batchSize: defaultSweepBatchSize(model.spec.inputSize), inputSize: model.spec.inputSize });
  const study = await runAttackStudy(model.classifier, stream, {
    attacks,
    epsilons,
    quantise: true,
    seed,
    onBatch: (done) => progress.update(done, t.notebook.progress.attacksNote(attacks.length, epsilons.length)),
  });
  progress.finish(t.notebook.progress.attacksNote(attacks.length, epsilons.length));

  const faces = spreadLimit(model.testEntries, options.faces ?? 4);
  let batch: LabelledBatch | undefined;
  for await (const b of dataset.batches(faces, { batchSize: faces.length, inputSize: model.spec.inputSize })) batch = b;
  if (!batch) throw new Error('No test face could be read for the examples.');
  const byName = (name: string) => attacks.find((a) => a.name === name)!.with({ seed });
  const dodgingExamples = await attackExamples(model.classifier, batch.batch, batch.labels, byName('pgd'), epsilons);
  const impersonationExamples = await attackExamples(model.classifier, batch.batch, batch.labels, byName('pgd-impersonate'), epsilons);
  return {
    model,
    study: { ...study, model: model.label },
    target,
    targetName: classNames[target] ?? t.unknownClass(target),
    dodgingExamples,
    impersonationExamples,
    // The study's own warnings are English; the epsilons were tidied above, so only these remain to say.
    warnings: [...notes, ...quantisationWarnings(epsilons, NOTEBOOK_LOCALE), ...study.sanity.filter((c) => !c.ok).map((c) => t.warning.sanityFailed(c.name, c.detail))],
  };
}

function only(study: AttackStudyResults, names: readonly string[]): AttackStudyResults {
  return { ...study, attacks: study.attacks.filter((a) => names.includes(a.name)) };
}

function attack(beyond: BeyondFgsm, name: string): AttackSummary {
  const found = beyond.study.attacks.find((a) => a.name === name);
  if (!found) throw new Error(`The study has no attack named ${name}.`);
  return found;
}

/** Index of the epsilon closest to 8/255, the usual benchmark budget. */
function budgetIndex(epsilons: readonly number[]): number {
  let best = 0;
  epsilons.forEach((eps, e) => {
    if (Math.abs(eps - 8 / 255) < Math.abs(epsilons[best]! - 8 / 255)) best = e;
  });
  return best;
}

/** FGSM, BIM, PGD and random noise: robust accuracy with 95 % Wilson bands. */
export function beyondCurvesChart(beyond: BeyondFgsm): PlotlyFigure {
  const title = t.notebook.charts.dodgingTitle(beyond.model.label);
  return asPlotlyFigure(robustnessCurvesFigure(only(beyond.study, DODGING), { logX: true, title, locale: NOTEBOOK_LOCALE }));
}

/** Who becomes whom under PGD at the epsilon closest to 8/255. */
export function beyondConfusionChart(beyond: BeyondFgsm): PlotlyFigure {
  const e = budgetIndex(beyond.study.epsilons);
  const title = t.notebook.charts.confusionTitle(n.epsilonLabel(beyond.study.epsilons[e]!));
  return asPlotlyFigure(confusionFigure(attack(beyond, 'pgd').results[e]!, beyond.model.classNames, { title, locale: NOTEBOOK_LOCALE }));
}

/** The same faces stepped through the epsilons of the impersonation attack, with a slider. */
export async function beyondSliderChart(beyond: BeyondFgsm): Promise<PlotlyFigure> {
  const examples = beyond.impersonationExamples;
  const figure = asPlotlyFigure(epsilonSliderFigure(examples, await exampleSources(examples), beyond.model.classNames, { locale: NOTEBOOK_LOCALE }));
  // Only the first view gets the hint; each slider step then shows its own ε in the title.
  return { ...figure, layout: { ...figure.layout, title: { ...figure.layout.title, text: t.notebook.charts.sliderTitle(beyond.targetName) } } };
}

/** The same faces under the impersonation attack at every epsilon, as one PNG. */
export async function showImpersonationGrid(beyond: BeyondFgsm): Promise<void> {
  // Native size (no enlarging): the PNG is saved in the notebook and its HTML export.
  const png = await sameFacesGridPng(beyond.impersonationExamples, beyond.model.classNames, { imageSize: Math.max(64, beyond.impersonationExamples.width), locale: NOTEBOOK_LOCALE });
  showPng(png, t.notebook.faces.impersonationAlt(beyond.targetName));
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
  const at = (name: string) => attack(beyond, name).results[e]!;
  const clean = beyond.study.clean.accuracy;
  const fgsm = at('fgsm').robustAccuracy;
  const pgd = at('pgd').robustAccuracy;
  const noise = at('noise').robustAccuracy;
  const impersonation = at('pgd-impersonate').targetedSuccessRate;
  const fgsmImpersonation = at('fgsm-impersonate').targetedSuccessRate;
  const pgdStronger = pgd.rate !== null && fgsm.rate !== null && pgd.rate < fgsm.rate;
  const lines = [
    say.intro(n.epsilonLabel(eps[e]!), Math.round(eps[e]! * 255), beyond.study.total),
    '',
    say.noise(pctCi(noise), pctCi(clean), pctCi(fgsm)),
    say.steps(String(attack(beyond, 'pgd').options.steps ?? ''), pctCi(pgd), pgdStronger ? say.pgdStronger(fgsm.rate! - pgd.rate!) : say.pgdSame),
  ];
  if (impersonation && fgsmImpersonation) {
    lines.push(say.impersonation(beyond.targetName, impersonation.rate ?? Number.NaN, fgsmImpersonation.rate ?? Number.NaN));
  }
  const tiny = eps.filter((x) => x > 0 && x < 1 / 255);
  if (tiny.length > 0) {
    const r = attack(beyond, 'fgsm').results[eps.indexOf(tiny[0]!)]!;
    lines.push(say.tinyEpsilon(tiny[0]!, r.robustAccuracy.rate ?? Number.NaN, r.quantised?.robustAccuracy.rate ?? Number.NaN));
  }
  const flagged = beyond.study.attacks.filter((a) => !a.curve.monotone && !a.targeted).map((a) => a.name);
  if (flagged.length > 0) lines.push(say.nonMonotone(flagged));
  const failed = beyond.study.sanity.filter((c) => !c.ok);
  lines.push('', failed.length === 0 ? say.sanityPassed : say.sanityFailed(failed.map((c) => c.name)));
  return lines.join('\n');
}
