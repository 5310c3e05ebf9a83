/**
 * The one evaluation loop: several attacks x several epsilons over a stream of batches, with the
 * clean pass done once per batch (its gradient reused by FGSM at every epsilon and by the first
 * BIM step), and only per-sample numbers kept (flags, confidences, norms), plus at most a few
 * example images when asked. The original notebook's FGSM sweep is this loop with
 * `scope: 'clean-correct'` and FGSM alone (see sweep.ts).
 */
import { CleanGradients } from '../attacks/clean-gradients.js';
import { tidyEpsilonList, type EpsilonInput } from '../attacks/epsilon.js';
import { globalSampleIndex, type Attack, type AttackContext, type AttackKind, type LabelSource } from '../attacks/types.js';
import type { Classifier, ImageBatch, LabelledImages, LossGradient } from '../engines/types.js';
import { en } from '../i18n/en.js';
import { AttackEpsilonAccumulator, type AttackEpsilonMetrics } from './attack-metrics.js';
import { argmaxRow, checkFiniteLogits, perturbationNorms, softmaxAt } from './metrics.js';
import { epsilonCurve, type EpsilonCurve } from './min-epsilon.js';
import { PerClassCounter, type PerClassResults } from './per-class.js';
import { quantisationWarnings, quantise8Bit } from './quantise.js';
import { inputsInRangeCheck, logitsCheck, pixelRange, rowLooksLikeProbabilities, type SanityCheck } from './sanity.js';
import { ssimSample } from './ssim.js';
import { mean } from './summary-stats.js';
import { wilsonInterval, type Rate } from './wilson.js';

export interface AttackStudyOptions {
  /** Attacks to run; each runs at every epsilon (their own epsilon option is ignored). */
  readonly attacks: readonly Attack[];
  /** Numbers or "k/255" strings; sorted and de-duplicated, saying so in `warnings`. */
  readonly epsilons: readonly EpsilonInput[];
  /** Overrides every attack's label source when given (default: each attack's own, 'true'). */
  readonly labels?: LabelSource;
  /** Also score the adversarial images rounded to 8 bits. Default false. */
  readonly quantise?: boolean;
  /** Overrides every attack's seed when given. */
  readonly seed?: number | string;
  /** Compute SSIM per sample (the costliest metric). Default true. */
  readonly ssim?: boolean;
  /**
   * Which samples are attacked: 'all' (RobustBench; default) or 'clean-correct' (the original
   * notebook: samples the model already gets wrong are not attacked and count as failures; their
   * perturbation and confidences are left out of the means).
   */
  readonly scope?: AttackScope;
  /**
   * Adversarial images kept per attack and epsilon (default 0): at epsilon 0 the first faces still
   * recognised, otherwise the first that the attack fooled (among the clean-correct ones), as the
   * original showed them.
   */
  readonly examples?: number;
  /** Called after each batch with the number of samples done so far. */
  readonly onBatch?: (samplesDone: number) => void;
}

export type AttackScope = 'all' | 'clean-correct';

export interface AdversarialExample {
  /** Position of the sample in the evaluated sequence (0-based, in batch order). */
  readonly sampleIndex: number;
  readonly trueLabel: number;
  readonly initialPrediction: number;
  readonly finalPrediction: number;
  /** Softmax probability of the final prediction on the adversarial image. */
  readonly finalConfidence: number;
}

/** The examples kept for one attack at one epsilon: records and their HWC [0,1] images. */
export interface KeptExamples {
  readonly records: AdversarialExample[];
  readonly images: Float32Array[];
}

export interface AttackSummary {
  readonly name: string;
  readonly kind: AttackKind;
  readonly targeted: boolean;
  readonly labels: LabelSource;
  /** The attack's options, JSON-safe (functions shown as "function"), without epsilon. */
  readonly options: Record<string, unknown>;
  /** One entry per epsilon, ascending (as AttackStudyResults.epsilons). */
  readonly results: AttackEpsilonMetrics[];
  /** Per-sample minimal epsilon and the monotone worst-case curve (epsilons ascending). */
  readonly curve: EpsilonCurve;
  /** The monotone robust accuracy of `curve`, with Wilson intervals, epsilons ascending. */
  readonly monotoneRobustAccuracy: Rate[];
  readonly seconds: number;
}

export interface AttackStudyResults {
  readonly model: string;
  readonly engine: string;
  readonly inputSize: number;
  readonly numClasses: number;
  readonly total: number;
  readonly epsilons: number[];
  readonly quantise: boolean;
  readonly clean: {
    readonly accuracy: Rate;
    readonly meanTrueClassConfidence: number | null;
    readonly perClass: PerClassResults;
  };
  readonly attacks: AttackSummary[];
  /** Checks as data; `ok: false` entries deserve a look before trusting the numbers. */
  readonly sanity: SanityCheck[];
  /** What tidying the epsilon list changed first, then the 8-bit and failed-sanity warnings. */
  readonly warnings: string[];
  /** Which samples were attacked. */
  readonly scope: AttackScope;
  /** Per attack, per epsilon: the kept examples; only when `examples` > 0 (it holds images, not JSON). */
  readonly examples?: KeptExamples[][];
  /** Clean-gradient passes actually computed (one per batch and label set). */
  readonly gradientPasses: number;
  readonly seconds: number;
}

export type Batches = AsyncIterable<LabelledImages> | Iterable<LabelledImages> | LabelledImages;

function isSingle(batches: Batches): batches is LabelledImages {
  return 'batch' in batches && 'labels' in batches;
}

/** How far (absolute) a perturbation may exceed eps: float32 rounding of x +- eps. */
const LINF_TOLERANCE = 1e-6;

export async function runAttackStudy(model: Classifier, batches: Batches, options: AttackStudyOptions): Promise<AttackStudyResults> {
  const started = performance.now();
  const { epsilons, notes: epsilonNotes } = tidyEpsilonList(options.epsilons);
  if (options.attacks.length === 0) throw new Error('No attacks given: pass e.g. attacks: [fgsmAttack(), pgdAttack()].');
  const base = options.attacks.map((a) => a.with({ ...(options.labels ? { labels: options.labels } : {}), ...(options.seed !== undefined ? { seed: options.seed } : {}) }));
  const names = base.map((a) => a.name);
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate) throw new Error(`Two attacks are named "${duplicate}": give one a name option, e.g. pgdAttack({ steps: 40, name: 'pgd-40' }).`);
  const grid = base.map((a) => epsilons.map((epsilon) => a.with({ epsilon })));
  const k = model.spec.numClasses;
  const quantise = options.quantise ?? false;
  const withSsim = options.ssim ?? true;
  const acc = grid.map((row) => row.map((a) => new AttackEpsilonAccumulator(a.name, a.epsilon, a.targeted, a.options.labels ?? 'true', k)));
  const scope = options.scope ?? 'all';
  if (scope !== 'all' && scope !== 'clean-correct') throw new Error(`Invalid scope ${JSON.stringify(scope)}: choose 'all' (attack every sample) or 'clean-correct' (the original's rule).`);
  const keepExamples = options.examples ?? 0;
  if (!Number.isInteger(keepExamples) || keepExamples < 0) throw new Error(`Invalid examples ${String(options.examples)}: give a whole number >= 0 of images to keep per attack and epsilon.`);
  const examples: KeptExamples[][] = grid.map((row) => row.map(() => ({ records: [], images: [] })));
  const attackSeconds = base.map(() => 0);
  const cleanWrong: number[] = [];
  const cleanConfidence: number[] = [];
  const cleanPerClass = new PerClassCounter(k);
  const range = { min: Infinity, max: -Infinity };
  let probabilityRows = 0;
  let linfExcess = 0;
  let linfExcessWhere = '';
  let gradientPasses = 0;
  let total = 0;

  for await (const { batch, labels } of isSingle(batches) ? [batches] : batches) {
    const size = batch.height * batch.width * 3;
    pixelRange(batch.pixels, range);
    const clean = await model.lossGradient(batch, labels);
    gradientPasses++;
    checkFiniteLogits(clean.logits, `on clean images (batch starting at sample ${total})`);
    const cleanPrediction: number[] = [];
    const confidenceBefore: number[] = [];
    for (let n = 0; n < batch.count; n++) {
      const prediction = argmaxRow(clean.logits, n, k);
      cleanPrediction.push(prediction);
      cleanWrong.push(prediction === labels[n] ? 0 : 1);
      confidenceBefore.push(softmaxAt(clean.logits, n, k, labels[n]!));
      cleanPerClass.add(labels[n]!, prediction);
      if (rowLooksLikeProbabilities(clean.logits, n, k)) probabilityRows++;
    }
    cleanConfidence.push(...confidenceBefore);
    const attacked = Array.from({ length: batch.count }, (_, n) => n).filter((n) => scope === 'all' || cleanPrediction[n] === labels[n]);
    const target = attacked.length === batch.count ? { batch, labels, clean } : selectSamples(batch, labels, clean, attacked, k);
    const gradients = new CleanGradients(model, target.batch);
    gradients.seed(target.labels, target.clean);
    const context = { gradients, cleanLogits: target.clean.logits, sampleOffset: total, sampleIndices: attacked.length === batch.count ? undefined : attacked.map((n) => total + n) };

    for (let a = 0; a < grid.length; a++) {
      const t0 = performance.now();
      for (let e = 0; e < epsilons.length; e++) {
        const attack = grid[a]![e]!;
        const accumulator = acc[a]![e]!;
        const attackedRecords = attacked.length > 0 ? await attackSamples(attack, target, context) : undefined;
        let m = 0;
        for (let n = 0; n < batch.count; n++) {
          const base = { trueLabel: labels[n]!, cleanCorrect: cleanPrediction[n] === labels[n], confidenceBefore: confidenceBefore[n]! };
          if (attacked[m] !== n) {
            // Not attacked (the original's rule): it keeps its wrong clean prediction.
            accumulator.add({ ...base, attacked: false, prediction: cleanPrediction[n]!, confidenceAfter: confidenceBefore[n]!, linf: 0, l2: 0, quantisedPrediction: quantise ? cleanPrediction[n]! : undefined });
            continue;
          }
          const { adversarial, logits, quantised, quantisedLogits, targets } = attackedRecords!;
          const norms = perturbationNorms(target.batch.pixels, adversarial, m, size);
          const excess = norms.linf - attack.epsilon;
          if (excess > linfExcess) {
            linfExcess = excess;
            linfExcessWhere = `${attack.name} at epsilon ${attack.epsilon}, sample ${total + n}`;
          }
          const prediction = argmaxRow(logits, m, k);
          accumulator.add({
            ...base,
            prediction,
            target: targets?.[m],
            confidenceAfter: softmaxAt(logits, m, k, labels[n]!),
            linf: norms.linf,
            l2: norms.l2,
            ssim: withSsim ? ssimSample(target.batch.pixels, adversarial, m, batch.height, batch.width) : undefined,
            quantisedPrediction: quantisedLogits ? argmaxRow(quantisedLogits, m, k) : undefined,
            quantisedLinf: quantised ? perturbationNorms(target.batch.pixels, quantised, m, size).linf : undefined,
          });
          const kept = examples[a]![e]!;
          const fooled = prediction !== labels[n];
          if (kept.records.length < keepExamples && base.cleanCorrect && (attack.epsilon === 0 ? !fooled : fooled)) {
            kept.records.push({ sampleIndex: total + n, trueLabel: labels[n]!, initialPrediction: cleanPrediction[n]!, finalPrediction: prediction, finalConfidence: softmaxAt(logits, m, k, prediction) });
            kept.images.push(adversarial.slice(m * size, (m + 1) * size));
          }
          m++;
        }
      }
      attackSeconds[a]! += (performance.now() - t0) / 1000;
    }
    gradientPasses += gradients.computed;
    total += batch.count;
    options.onBatch?.(total);
  }

  /** Runs one attack on the attacked samples and scores the result (and its 8-bit rounding). */
  async function attackSamples(attack: Attack, target: Selection, context: AttackContext) {
    const result = await attack.run(model, target.batch, target.labels, context);
    const adversarial = result.adversarial.pixels;
    const outside = firstOutsideUnitInterval(adversarial);
    if (outside >= 0) {
      const sample = globalSampleIndex(context, Math.floor(outside / (adversarial.length / target.batch.count)));
      throw new Error(`${attack.name} produced pixel ${adversarial[outside]} outside [0,1] (sample ${sample}).`);
    }
    // An untouched batch (epsilon 0) has the clean pass's logits already.
    const logits = result.logits ?? (samePixels(adversarial, target.batch.pixels) ? target.clean.logits : await model.logits(result.adversarial));
    checkFiniteLogits(logits, `after ${attack.name} at epsilon ${attack.epsilon}`);
    const quantised = quantise ? quantise8Bit(adversarial) : undefined;
    const quantisedLogits = quantised ? await model.logits({ ...target.batch, pixels: quantised }) : undefined;
    return { adversarial, logits, quantised, quantisedLogits, targets: result.targets };
  }
  if (total === 0) throw new Error('The attack study got no images: check the data folder and the split.');

  const attacks: AttackSummary[] = base.map((attack, a) => {
    const results = acc[a]!.map((x) => x.result());
    const curve = epsilonCurve(epsilons, acc[a]!.map((x) => x.broken), cleanWrong);
    return {
      name: attack.name,
      kind: attack.kind,
      targeted: attack.targeted,
      labels: attack.options.labels ?? 'true',
      options: jsonOptions(attack.options),
      results,
      curve,
      monotoneRobustAccuracy: curve.monotoneRobust.map((c) => wilsonInterval(c, total)),
      seconds: attackSeconds[a]!,
    };
  });
  const cleanCorrectCount = cleanWrong.filter((w) => w === 0).length;
  const sanity: SanityCheck[] = [
    inputsInRangeCheck(range),
    logitsCheck(probabilityRows, total),
    ...epsilonZeroChecks(attacks, cleanCorrectCount),
    {
      name: 'perturbation-within-epsilon',
      ok: linfExcess <= LINF_TOLERANCE,
      detail: linfExcess <= LINF_TOLERANCE ? `every ||x_adv - x||_inf <= eps (+${LINF_TOLERANCE})` : `perturbation exceeds eps by ${linfExcess} (${linfExcessWhere})`,
    },
    ...pgdGapChecks(attacks),
  ];
  return {
    model: model.spec.architecture,
    engine: model.engine,
    inputSize: model.spec.inputSize,
    numClasses: k,
    total,
    epsilons,
    quantise,
    clean: { accuracy: wilsonInterval(cleanCorrectCount, total), meanTrueClassConfidence: mean(cleanConfidence), perClass: cleanPerClass.results() },
    attacks,
    sanity,
    warnings: [...epsilonNotes, ...quantisationWarnings(epsilons), ...sanity.filter((c) => !c.ok).map((c) => en.warning.sanityFailed(c.name, c.detail))],
    scope,
    ...(keepExamples > 0 ? { examples } : {}),
    gradientPasses,
    seconds: (performance.now() - started) / 1000,
  };
}

interface Selection {
  readonly batch: ImageBatch;
  readonly labels: Int32Array;
  readonly clean: LossGradient;
}

/** The listed samples of a batch, with their labels, clean logits and clean gradient. */
function selectSamples(batch: ImageBatch, labels: Int32Array, clean: LossGradient, samples: readonly number[], numClasses: number): Selection {
  const size = batch.height * batch.width * 3;
  const pixels = new Float32Array(samples.length * size);
  const gradient = new Float32Array(samples.length * size);
  const logits = new Float32Array(samples.length * numClasses);
  samples.forEach((s, i) => {
    pixels.set(batch.pixels.subarray(s * size, (s + 1) * size), i * size);
    gradient.set(clean.gradient.subarray(s * size, (s + 1) * size), i * size);
    logits.set(clean.logits.subarray(s * numClasses, (s + 1) * numClasses), i * numClasses);
  });
  return { batch: { pixels, count: samples.length, height: batch.height, width: batch.width }, labels: Int32Array.from(samples, (s) => labels[s]!), clean: { logits, gradient } };
}

/** Index of the first pixel outside [0,1] (or NaN), else -1: one tight pass over the whole batch. */
function firstOutsideUnitInterval(pixels: Float32Array): number {
  for (let i = 0; i < pixels.length; i++) {
    const v = pixels[i]!;
    if (!(v >= 0 && v <= 1)) return i;
  }
  return -1;
}

function samePixels(a: Float32Array, b: Float32Array): boolean {
  if (a === b) return true;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function jsonOptions(options: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    if (key === 'epsilon' || value === undefined) continue;
    out[key] = typeof value === 'function' ? 'function' : value;
  }
  return out;
}

/** At epsilon 0 every attack must leave the images, hence the accuracy, unchanged. */
function epsilonZeroChecks(attacks: AttackSummary[], cleanCorrect: number): SanityCheck[] {
  return attacks.flatMap((a) =>
    a.results
      .filter((r) => r.epsilon === 0)
      .slice(0, 1)
      .map((r) => {
        const ok = r.robustAccuracy.count === cleanCorrect;
        return { name: 'epsilon-zero-is-clean' as const, ok, detail: `${a.name} at epsilon 0: ${r.robustAccuracy.count} correct vs ${cleanCorrect} clean${ok ? '' : ': logits() and lossGradient() disagree, or the attack moves pixels at eps 0'}` };
      }),
  );
}

/** PGD/BIM search the ball FGSM only samples one corner of: their robust accuracy should not exceed FGSM's. */
function pgdGapChecks(attacks: AttackSummary[]): SanityCheck[] {
  const fgsm = attacks.find((a) => a.kind === 'fgsm' && !a.targeted);
  if (!fgsm) return [];
  return attacks
    .filter((a) => (a.kind === 'pgd' || a.kind === 'bim') && !a.targeted && a.labels === fgsm.labels)
    .map((a) => {
      const worse = a.results.filter((r, e) => r.robustAccuracy.count > fgsm.results[e]!.robustAccuracy.count).map((r) => r.epsilon);
      return {
        name: 'pgd-at-least-fgsm' as const,
        ok: worse.length === 0,
        detail: worse.length === 0 ? `${a.name} robust accuracy <= ${fgsm.name}'s at every epsilon` : `${a.name} leaves MORE samples correct than ${fgsm.name} at epsilon ${worse.join(', ')}: too few steps, too small a step size, or a gradient problem`,
      };
    });
}
