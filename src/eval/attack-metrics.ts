/**
 * Metrics of one (attack, epsilon) pair, accumulated sample by sample so that no adversarial image
 * has to be kept: only per-sample flags, confidences and perturbation sizes.
 *
 * Definitions (N = all evaluated samples; y = true label; "clean-correct" = argmax f(x) = y):
 *   cleanAccuracy            = #{argmax f(x) = y} / N
 *   robustAccuracy           = #{argmax f(x_adv) = y} / N, every sample attacked (RobustBench)
 *   robustAccuracyOriginalRule = #{argmax f(x) = y AND argmax f(x_adv) = y} / N: initially-wrong
 *                              samples are not attacked and count as failures (the notebook's rule)
 *   attackSuccessRate        = #{clean-correct AND argmax f(x_adv) != y} / #{clean-correct}
 *   targetedSuccessRate      = #{argmax f(x_adv) = t} / #{y != t}, t = target (targeted attacks)
 *   perturbation             = delta = x_adv - x AFTER clamping to [0,1], over the attacked samples
 *                              (all N, or the clean-correct ones under the original's rule):
 *                              L-inf (mean, max), L2 over all H*W*3 values (mean, p95 with linear
 *                              interpolation), SSIM(x, x_adv) (mean, min; see ssim.ts)
 *   trueClassConfidence      = mean over the attacked samples of softmax(f(.))_y, before (clean)
 *                              and after the attack
 *   quantised                = the same accuracies/rates for round(255 x_adv)/255, and the L-inf of
 *                              that quantised perturbation (may exceed eps by up to 0.5/255)
 * Every accuracy and rate carries a 95% Wilson score interval (wilson.ts).
 */
import type { LabelSource } from '../attacks/types.js';
import { PerClassCounter, type PerClassResults } from './per-class.js';
import { max, mean, min, quantile } from './summary-stats.js';
import { wilsonInterval, type Rate } from './wilson.js';

export interface PerturbationStats {
  readonly linfMean: number | null;
  readonly linfMax: number | null;
  readonly l2Mean: number | null;
  readonly l2P95: number | null;
  /** null when SSIM was switched off. */
  readonly ssimMean: number | null;
  readonly ssimMin: number | null;
}

export interface QuantisedMetrics {
  readonly robustAccuracy: Rate;
  readonly robustAccuracyOriginalRule: Rate;
  readonly attackSuccessRate: Rate;
  readonly targetedSuccessRate: Rate | null;
  readonly linfMean: number | null;
  readonly linfMax: number | null;
}

export interface AttackEpsilonMetrics {
  readonly attack: string;
  readonly epsilon: number;
  readonly targeted: boolean;
  readonly labels: LabelSource;
  readonly total: number;
  readonly cleanAccuracy: Rate;
  readonly robustAccuracy: Rate;
  readonly robustAccuracyOriginalRule: Rate;
  readonly attackSuccessRate: Rate;
  readonly targetedSuccessRate: Rate | null;
  readonly perturbation: PerturbationStats;
  readonly trueClassConfidence: { readonly before: number | null; readonly after: number | null };
  readonly quantised: QuantisedMetrics | null;
  /** Robust accuracy per true class and the confusion matrix true x adversarial prediction. */
  readonly perClass: PerClassResults;
}

export interface SampleRecord {
  /** False for a sample left unattacked by the original's rule (clean-wrong): it counts in N as a failure, not in the means. */
  readonly attacked?: boolean;
  readonly trueLabel: number;
  readonly cleanCorrect: boolean;
  readonly prediction: number;
  readonly target?: number;
  readonly confidenceBefore: number;
  readonly confidenceAfter: number;
  readonly linf: number;
  readonly l2: number;
  readonly ssim?: number;
  readonly quantisedPrediction?: number;
  readonly quantisedLinf?: number;
}

interface Counts {
  robust: number;
  robustOriginal: number;
  flipped: number;
  targetHit: number;
  targetEligible: number;
}

const zeroCounts = (): Counts => ({ robust: 0, robustOriginal: 0, flipped: 0, targetHit: 0, targetEligible: 0 });

function count(c: Counts, r: SampleRecord, prediction: number): void {
  const correct = prediction === r.trueLabel;
  if (correct) c.robust++;
  if (correct && r.cleanCorrect) c.robustOriginal++;
  if (!correct && r.cleanCorrect) c.flipped++;
  if (r.target !== undefined && r.target !== r.trueLabel) {
    c.targetEligible++;
    if (prediction === r.target) c.targetHit++;
  }
}

export class AttackEpsilonAccumulator {
  /** broken[s] = 1 when sample s is misclassified after the attack (for the epsilon curve). */
  readonly broken: number[] = [];
  private readonly counts = zeroCounts();
  private readonly quantisedCounts = zeroCounts();
  private cleanCorrect = 0;
  private readonly before: number[] = [];
  private readonly after: number[] = [];
  private readonly linf: number[] = [];
  private readonly l2: number[] = [];
  private readonly ssim: number[] = [];
  private readonly quantisedLinf: number[] = [];
  private quantisedSamples = 0;
  private readonly perClass: PerClassCounter;

  constructor(
    readonly attack: string,
    readonly epsilon: number,
    readonly targeted: boolean,
    readonly labels: LabelSource,
    numClasses: number,
  ) {
    this.perClass = new PerClassCounter(numClasses);
  }

  add(r: SampleRecord): void {
    this.broken.push(r.prediction === r.trueLabel ? 0 : 1);
    if (r.cleanCorrect) this.cleanCorrect++;
    count(this.counts, r, r.prediction);
    if (r.quantisedPrediction !== undefined) {
      count(this.quantisedCounts, r, r.quantisedPrediction);
      this.quantisedSamples++;
    }
    this.perClass.add(r.trueLabel, r.prediction);
    if (r.attacked === false) return;
    if (r.quantisedPrediction !== undefined) this.quantisedLinf.push(r.quantisedLinf ?? 0);
    this.before.push(r.confidenceBefore);
    this.after.push(r.confidenceAfter);
    this.linf.push(r.linf);
    this.l2.push(r.l2);
    if (r.ssim !== undefined) this.ssim.push(r.ssim);
  }

  result(): AttackEpsilonMetrics {
    const n = this.broken.length;
    const rates = (c: Counts) => ({
      robustAccuracy: wilsonInterval(c.robust, n),
      robustAccuracyOriginalRule: wilsonInterval(c.robustOriginal, n),
      attackSuccessRate: wilsonInterval(c.flipped, this.cleanCorrect),
      targetedSuccessRate: this.targeted ? wilsonInterval(c.targetHit, c.targetEligible) : null,
    });
    return {
      attack: this.attack,
      epsilon: this.epsilon,
      targeted: this.targeted,
      labels: this.labels,
      total: n,
      cleanAccuracy: wilsonInterval(this.cleanCorrect, n),
      ...rates(this.counts),
      perturbation: {
        linfMean: mean(this.linf),
        linfMax: max(this.linf),
        l2Mean: mean(this.l2),
        l2P95: quantile(this.l2, 0.95),
        ssimMean: mean(this.ssim),
        ssimMin: min(this.ssim),
      },
      trueClassConfidence: { before: mean(this.before), after: mean(this.after) },
      quantised: this.quantisedSamples === n && n > 0 ? { ...rates(this.quantisedCounts), linfMean: mean(this.quantisedLinf), linfMax: max(this.quantisedLinf) } : null,
      perClass: this.perClass.results(),
    };
  }
}
