/**
 * The epsilon sweep of the original notebook: FGSM at every epsilon with the original's counting
 * rule (only the samples the model classifies correctly are attacked, all stay in the
 * denominator). It is the one evaluation loop (study.ts) with scope 'clean-correct', so the input
 * gradient is computed ONCE per batch (with the clean logits) and reused for every epsilon; this
 * module only gives its results the sweep's shape.
 */
import { tidyEpsilonList, type EpsilonInput } from '../attacks/epsilon.js';
import { fgsmAttack } from '../attacks/fgsm-attack.js';
import type { Classifier, LabelledImages } from '../engines/types.js';
import type { AttackEpsilonMetrics } from './attack-metrics.js';
import { runAttackStudy, type AdversarialExample, type AttackStudyResults } from './study.js';

export type { AdversarialExample } from './study.js';

/** The epsilons of the original study. */
export const ORIGINAL_EPSILONS: readonly number[] = [0, 0.0001, 0.001, 0.005, 0.007, 0.01, 0.1, 0.3, 0.5, 1];

export interface SweepOptions {
  /** Numbers or "k/255"; sorted and de-duplicated (saying so in `epsilonNotes`). Default: the original's. */
  epsilons?: readonly EpsilonInput[];
  /** Examples kept per epsilon (the original kept 5). */
  maxExamples?: number;
  /** Called after each batch with the number of samples done so far. */
  onBatch?: (samplesDone: number) => void;
}

export interface EpsilonResult {
  readonly epsilon: number;
  /** Samples correct before AND after the attack (the original's `correct`). */
  readonly correct: number;
  readonly total: number;
  /** correct / total over ALL samples: initially-wrong samples count as failures (the original's rule). */
  readonly accuracy: number;
  /** Among initially-correct samples, the fraction the attack made wrong. */
  readonly attackSuccessRate: number;
  /** Mean L-inf / L2 of the actual (clamped) perturbation over the attacked samples. */
  readonly meanLinf: number;
  readonly meanL2: number;
  /** Mean softmax probability of the true class after the attack, over the attacked samples. */
  readonly meanTrueClassConfidence: number;
  /** First misclassified examples (at epsilon 0: first correct ones), as the original. */
  readonly examples: readonly AdversarialExample[];
}

export interface SweepResults {
  readonly attack: 'fgsm';
  readonly model: string;
  readonly engine: string;
  readonly inputSize: number;
  readonly total: number;
  readonly initiallyCorrect: number;
  readonly cleanAccuracy: number;
  readonly epsilons: readonly EpsilonResult[];
  readonly seconds: number;
}

export interface SweepOutput {
  /** JSON-serialisable results. */
  readonly results: SweepResults;
  /** Adversarial pixels (HWC, [0,1]) of each kept example, parallel to results.epsilons[i].examples. */
  readonly exampleImages: Float32Array[][];
  /** What tidying the epsilon list changed (sorted, duplicates dropped); empty when nothing. */
  readonly epsilonNotes: string[];
}

export async function runFgsmSweep(model: Classifier, batches: AsyncIterable<LabelledImages> | Iterable<LabelledImages>, options: SweepOptions = {}): Promise<SweepOutput> {
  const { epsilons, notes: epsilonNotes } = tidyEpsilonList(options.epsilons ?? ORIGINAL_EPSILONS);
  const study = await runAttackStudy(model, batches, {
    attacks: [fgsmAttack()],
    epsilons,
    scope: 'clean-correct',
    ssim: false,
    examples: options.maxExamples ?? 5,
    onBatch: options.onBatch,
  });
  return { ...sweepOf(study), epsilonNotes };
}

/**
 * One epsilon in the original's columns. `accuracy` is the original rule (correct before AND after,
 * over all faces), whatever the scope; the means are over the attacked faces.
 */
export function originalRuleRow(metrics: AttackEpsilonMetrics, initiallyCorrect: number): Omit<EpsilonResult, 'examples'> {
  return {
    epsilon: metrics.epsilon,
    correct: metrics.robustAccuracyOriginalRule.count,
    total: metrics.total,
    accuracy: metrics.robustAccuracyOriginalRule.count / metrics.total,
    attackSuccessRate: initiallyCorrect > 0 ? metrics.attackSuccessRate.count / initiallyCorrect : 0,
    meanLinf: metrics.perturbation.linfMean ?? 0,
    meanL2: metrics.perturbation.l2Mean ?? 0,
    meanTrueClassConfidence: metrics.trueClassConfidence.after ?? 0,
  };
}

/** The sweep's shape of one attack of a study (the first: FGSM in the original study), with its kept examples. */
export function sweepOf(study: AttackStudyResults, attackIndex = 0): Omit<SweepOutput, 'epsilonNotes'> {
  const attack = study.attacks[attackIndex];
  if (!attack) throw new RangeError(`sweepOf: the study has no attack ${attackIndex} (it ran ${study.attacks.length}).`);
  const initiallyCorrect = study.clean.accuracy.count;
  const kept = study.examples?.[attackIndex];
  const results: SweepResults = {
    attack: 'fgsm',
    model: study.model,
    engine: study.engine,
    inputSize: study.inputSize,
    total: study.total,
    initiallyCorrect,
    cleanAccuracy: initiallyCorrect / study.total,
    epsilons: attack.results.map((r, e) => ({ ...originalRuleRow(r, initiallyCorrect), examples: kept?.[e]?.records ?? [] })),
    seconds: study.seconds,
  };
  return { results, exampleImages: kept?.map((k) => k.images) ?? study.epsilons.map(() => []) };
}
