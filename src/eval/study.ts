/**
 * The attack study: several attacks x several epsilons over a stream of batches, with the clean
 * pass done once per batch (its gradient reused by FGSM and by the first BIM step), and only
 * per-sample numbers kept (flags, confidences, norms), never the adversarial images.
 */
import { CleanGradients } from '../attacks/clean-gradients.js';
import { parseEpsilons, type EpsilonInput } from '../attacks/epsilon.js';
import type { Attack, AttackKind, LabelSource } from '../attacks/types.js';
import type { Classifier, LabelledImages } from '../engines/types.js';
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
  /** Numbers or "k/255" strings. */
  readonly epsilons: readonly EpsilonInput[];
  /** Overrides every attack's label source when given (default: each attack's own, 'true'). */
  readonly labels?: LabelSource;
  /** Also score the adversarial images rounded to 8 bits. Default false. */
  readonly quantise?: boolean;
  /** Overrides every attack's seed when given. */
  readonly seed?: number | string;
  /** Compute SSIM per sample (the costliest metric). Default true. */
  readonly ssim?: boolean;
  /** Called after each batch with the number of samples done so far. */
  readonly onBatch?: (samplesDone: number) => void;
}

export interface AttackSummary {
  readonly name: string;
  readonly kind: AttackKind;
  readonly targeted: boolean;
  readonly labels: LabelSource;
  /** The attack's options, JSON-safe (functions shown as "function"), without epsilon. */
  readonly options: Record<string, unknown>;
  /** One entry per epsilon, in the order given. */
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
  readonly warnings: string[];
  /** Clean-gradient passes actually computed (one per batch and label set). */
  readonly gradientPasses: number;
  readonly seconds: number;
}

type Batches = AsyncIterable<LabelledImages> | Iterable<LabelledImages> | LabelledImages;

function isSingle(batches: Batches): batches is LabelledImages {
  return 'batch' in batches && 'labels' in batches;
}

/** How far (absolute) a perturbation may exceed eps: float32 rounding of x +- eps. */
const LINF_TOLERANCE = 1e-6;

export async function runAttackStudy(model: Classifier, batches: Batches, options: AttackStudyOptions): Promise<AttackStudyResults> {
  const started = performance.now();
  const epsilons = parseEpsilons(options.epsilons);
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
    const gradients = new CleanGradients(model, batch);
    gradients.seed(labels, clean);
    const context = { gradients, cleanLogits: clean.logits, sampleOffset: total };
    const cleanCorrect: boolean[] = [];
    const confidenceBefore: number[] = [];
    for (let n = 0; n < batch.count; n++) {
      const prediction = argmaxRow(clean.logits, n, k);
      cleanCorrect.push(prediction === labels[n]);
      cleanWrong.push(prediction === labels[n] ? 0 : 1);
      confidenceBefore.push(softmaxAt(clean.logits, n, k, labels[n]!));
      cleanPerClass.add(labels[n]!, prediction);
      if (rowLooksLikeProbabilities(clean.logits, n, k)) probabilityRows++;
    }
    cleanConfidence.push(...confidenceBefore);

    for (let a = 0; a < grid.length; a++) {
      const t0 = performance.now();
      for (let e = 0; e < epsilons.length; e++) {
        const attack = grid[a]![e]!;
        const result = await attack.run(model, batch, labels, context);
        const adversarial = result.adversarial.pixels;
        const logits = result.logits ?? (await model.logits(result.adversarial));
        checkFiniteLogits(logits, `after ${attack.name} at epsilon ${attack.epsilon}`);
        const quantised = quantise ? quantise8Bit(adversarial) : undefined;
        const quantisedLogits = quantised ? await model.logits({ ...batch, pixels: quantised }) : undefined;
        for (let n = 0; n < batch.count; n++) {
          const norms = perturbationNorms(batch.pixels, adversarial, n, size);
          const excess = norms.linf - attack.epsilon;
          if (excess > linfExcess) {
            linfExcess = excess;
            linfExcessWhere = `${attack.name} at epsilon ${attack.epsilon}, sample ${total + n}`;
          }
          for (let i = n * size; i < (n + 1) * size; i++) {
            if (!(adversarial[i]! >= 0 && adversarial[i]! <= 1)) throw new Error(`${attack.name} produced pixel ${adversarial[i]} outside [0,1] (sample ${total + n}).`);
          }
          acc[a]![e]!.add({
            trueLabel: labels[n]!,
            cleanCorrect: cleanCorrect[n]!,
            prediction: argmaxRow(logits, n, k),
            target: result.targets?.[n],
            confidenceBefore: confidenceBefore[n]!,
            confidenceAfter: softmaxAt(logits, n, k, labels[n]!),
            linf: norms.linf,
            l2: norms.l2,
            ssim: withSsim ? ssimSample(batch.pixels, adversarial, n, batch.height, batch.width) : undefined,
            quantisedPrediction: quantisedLogits ? argmaxRow(quantisedLogits, n, k) : undefined,
            quantisedLinf: quantised ? perturbationNorms(batch.pixels, quantised, n, size).linf : undefined,
          });
        }
      }
      attackSeconds[a]! += (performance.now() - t0) / 1000;
    }
    gradientPasses += gradients.computed;
    total += batch.count;
    options.onBatch?.(total);
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
    warnings: [...quantisationWarnings(epsilons), ...sanity.filter((c) => !c.ok).map((c) => `sanity check ${c.name} failed: ${c.detail}`)],
    gradientPasses,
    seconds: (performance.now() - started) / 1000,
  };
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
