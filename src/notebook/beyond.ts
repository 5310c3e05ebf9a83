/**
 * The notebook's "Más allá de FGSM" section: dodging (FGSM, BIM, PGD) and impersonation (targeted
 * FGSM and PGD toward one person) against a random-noise baseline of the same size, in one attack
 * study (clean pass once per batch), plus the same faces attacked at every epsilon for the grid
 * and the slider. Figures come from src/figures, dressed in Spanish here; the analysis text is
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
import { inSpanishFigure, type Glossary } from './charts.js';
import { showPng } from './display.js';
import { notebookEpsilons } from './epsilon-cells.js';
import { num, pct, points } from './format-es.js';
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
  const progress = notebookProgress(`Ataques · ${model.label}`, entries.length);
  const stream = dataset.batches(entries, { batchSize: defaultSweepBatchSize(model.spec.inputSize), inputSize: model.spec.inputSize });
  const study = await runAttackStudy(model.classifier, stream, {
    attacks,
    epsilons,
    quantise: true,
    seed,
    onBatch: (done) => progress.update(done, `${attacks.length} ataques × ${epsilons.length} valores de ε`),
  });
  progress.finish(`${attacks.length} ataques × ${epsilons.length} valores de ε`);

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
    targetName: classNames[target] ?? `clase ${target}`,
    dodgingExamples,
    impersonationExamples,
    warnings: [...notes, ...quantisationWarnings(epsilons), ...study.warnings],
  };
}

/** Spanish for the robustness figures' wording (src/figures speaks English). */
const BEYOND_SPANISH: Glossary = [
  ['baseline (random-sign noise, same L-inf size, no gradient)', 'referencia (ruido de signo aleatorio, mismo tamaño L∞, sin gradiente)'],
  ['dodging (untargeted: escape your own identity)', 'evasión (no dirigido: escapar de la propia identidad)'],
  ['impersonation (targeted: be recognised as the target)', 'suplantación (dirigido: ser reconocido como el objetivo)'],
  ['Predicted person after the attack', 'Persona predicha tras el ataque'],
  ['Accuracy (original rule)', 'Exactitud (regla del original)'],
  ['Robust accuracy', 'Exactitud robusta'],
  ['robust accuracy', 'exactitud robusta'],
  ['True person', 'Persona verdadera'],
  ['target reached', 'objetivo alcanzado'],
  ['attack success', 'éxito del ataque'],
  ['95% Wilson CI', 'IC 95 % de Wilson'],
  ['95% CI', 'IC 95 %'],
  ['worst case', 'peor caso'],
  ['clean (ε = 0)', 'sin ataque (ε = 0)'],
  ['0 (clean)', '0 (sin ataque)'],
  ['(dodging)', '(evasión)'],
  ['(impersonation)', '(suplantación)'],
  ['(baseline)', '(referencia)'],
  ['Epsilon (ε)', 'Épsilon (ε)'],
  ['Faces', 'Caras'],
  ['confidence', 'confianza'],
  ['predicted', 'predicho'],
];

function spanish(figure: PlotlyFigure, title: string): PlotlyFigure {
  const translated = inSpanishFigure(figure, BEYOND_SPANISH);
  return { ...translated, layout: { ...translated.layout, title: { ...translated.layout.title, text: title } } };
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

/** "8/255" when the epsilon is a whole number of grey levels, else the decimal. */
export function epsilonEs(eps: number): string {
  const levels = eps * 255;
  return eps > 0 && Math.abs(levels - Math.round(levels)) < 1e-9 ? `${Math.round(levels)}/255` : num(eps);
}

/** FGSM, BIM, PGD and random noise: robust accuracy with 95 % Wilson bands. */
export function beyondCurvesChart(beyond: BeyondFgsm): PlotlyFigure {
  const figure = asPlotlyFigure(robustnessCurvesFigure(only(beyond.study, DODGING), { logX: true }));
  return spanish(figure, `Evasión: FGSM, BIM y PGD frente a ruido aleatorio · ${beyond.model.label}`);
}

/** Who becomes whom under PGD at the epsilon closest to 8/255. */
export function beyondConfusionChart(beyond: BeyondFgsm): PlotlyFigure {
  const e = budgetIndex(beyond.study.epsilons);
  const figure = asPlotlyFigure(confusionFigure(attack(beyond, 'pgd').results[e]!, beyond.model.classNames));
  return spanish(figure, `¿Quién se convierte en quién? PGD con ε = ${epsilonEs(beyond.study.epsilons[e]!)}`);
}

/** The same faces stepped through the epsilons of the impersonation attack, with a slider. */
export async function beyondSliderChart(beyond: BeyondFgsm): Promise<PlotlyFigure> {
  const examples = beyond.impersonationExamples;
  const figure = asPlotlyFigure(epsilonSliderFigure(examples, await exampleSources(examples), beyond.model.classNames));
  return spanish(figure, `Suplantación de ${beyond.targetName} (PGD): mueva el deslizador de ε`);
}

/** The same faces under the impersonation attack at every epsilon, as one PNG. */
export async function showImpersonationGrid(beyond: BeyondFgsm): Promise<void> {
  // Native size (no enlarging): the PNG is saved in the notebook and its HTML export.
  showPng(await sameFacesGridPng(beyond.impersonationExamples, beyond.model.classNames, { imageSize: Math.max(64, beyond.impersonationExamples.width) }), `Las mismas caras atacadas para parecer ${beyond.targetName}`);
}

function pctCi(rate: Rate): string {
  return `${pct(rate.rate ?? Number.NaN)} [${pct(rate.lower)}; ${pct(rate.upper)}]`;
}

/** Per attack and epsilon: robust accuracy with its Wilson interval, and after saving in 8 bits. */
export function beyondFrame(beyond: BeyondFgsm): dfd.DataFrame {
  const rows = beyond.study.attacks.flatMap((a) =>
    a.results.map((r) => [
      a.name,
      epsilonEs(r.epsilon),
      a.targeted ? 'suplantación' : a.kind === 'noise' ? 'referencia' : 'evasión',
      pctCi(r.robustAccuracy),
      r.quantised ? pct(r.quantised.robustAccuracy.rate ?? Number.NaN) : '',
      r.targetedSuccessRate ? pctCi(r.targetedSuccessRate) : pctCi(r.attackSuccessRate),
    ]),
  );
  return new dfd.DataFrame(rows, { columns: ['ataque', 'ε', 'tipo', 'exactitud robusta [IC 95 %]', 'guardada en 8 bits', 'éxito (objetivo alcanzado) [IC 95 %]'] });
}

/** The section's reading of the numbers, in Spanish, generated from this run. */
export function beyondAnalysis(beyond: BeyondFgsm): string {
  const eps = beyond.study.epsilons;
  const e = budgetIndex(eps);
  const at = (name: string) => attack(beyond, name).results[e]!;
  const clean = beyond.study.clean.accuracy;
  const fgsm = at('fgsm').robustAccuracy;
  const pgd = at('pgd').robustAccuracy;
  const noise = at('noise').robustAccuracy;
  const impersonation = at('pgd-impersonate').targetedSuccessRate;
  const fgsmImpersonation = at('fgsm-impersonate').targetedSuccessRate;
  const epsText = epsilonEs(eps[e]!);
  const lines = [
    `Con ε = ${epsText} (unos ${Math.round(eps[e]! * 255)} niveles de gris de 255) y ${beyond.study.total} caras de prueba:`,
    '',
    `- **¿Gradiente o simple ruido?** Un ruido de signo aleatorio del mismo tamaño deja la exactitud en ${pctCi(noise)} (sin ataque: ${pctCi(clean)}); FGSM, con la misma perturbación pero en la dirección del gradiente, la baja a ${pctCi(fgsm)}. Lo que engaña al modelo es la dirección, no la cantidad de ruido.`,
    `- **Un paso frente a varios.** PGD (${attack(beyond, 'pgd').options.steps ?? ''} pasos) deja ${pctCi(pgd)}: ${pgd.rate !== null && fgsm.rate !== null && pgd.rate < fgsm.rate ? `${points(fgsm.rate - pgd.rate)} menos que FGSM, que por tanto subestima la amenaza` : 'lo mismo que FGSM en esta ejecución'}.`,
  ];
  if (impersonation && fgsmImpersonation) {
    lines.push(`- **Suplantación.** Con PGD dirigido hacia ${beyond.targetName}, el ${pct(impersonation.rate ?? Number.NaN)} de las caras de otras personas pasa a reconocerse como ${beyond.targetName} (FGSM dirigido: ${pct(fgsmImpersonation.rate ?? Number.NaN)}). Evadir la propia identidad es más fácil que hacerse pasar por otra persona concreta.`);
  }
  const tiny = eps.filter((x) => x > 0 && x < 1 / 255);
  if (tiny.length > 0) {
    const r = attack(beyond, 'fgsm').results[eps.indexOf(tiny[0]!)]!;
    lines.push(`- **Guardar la imagen borra los ε diminutos.** Con ε = ${num(tiny[0]!)} (menos de un nivel de gris) FGSM deja ${pct(r.robustAccuracy.rate ?? Number.NaN)} en coma flotante, pero ${pct(r.quantised?.robustAccuracy.rate ?? Number.NaN)} tras redondear a 8 bits como al guardar un PNG o JPEG: la perturbación desaparece. Los ε = 0,0001 y 0,001 del estudio original no sobreviven a guardar la imagen.`);
  }
  const flagged = beyond.study.attacks.filter((a) => !a.curve.monotone && !a.targeted).map((a) => a.name);
  if (flagged.length > 0) lines.push(`- **Curvas no monótonas** (${flagged.join(', ')}): alguna cara engañada con un ε menor vuelve a acertarse con uno mayor; la curva de peor caso (discontinua) cuenta esas caras como rotas, como haría un atacante que prueba varios ε.`);
  const failed = beyond.study.sanity.filter((c) => !c.ok);
  lines.push('', failed.length === 0 ? 'Todas las comprobaciones de cordura pasaron (ε = 0 reproduce la exactitud limpia, las salidas son logits, las entradas están en [0, 1] y PGD es al menos tan fuerte como FGSM).' : `Comprobaciones de cordura que fallaron: ${failed.map((c) => c.name).join(', ')}: revise los números antes de fiarse de ellos.`);
  return lines.join('\n');
}
