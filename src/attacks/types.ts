/**
 * One interface for every attack: options fixed at construction, `run` on a batch in [0,1] NHWC
 * pixel space. Attacks see the model only through the Classifier interface (host arrays in and
 * out), so they cannot leak engine tensors.
 */
import type { Classifier, ImageBatch } from '../engines/types.js';
import type { EpsilonInput } from './epsilon.js';
import type { Norm } from './l2.js';
import type { CleanGradients } from './clean-gradients.js';

/** Which labels an attack pushes away from: the dataset's, or the model's clean predictions. */
export type LabelSource = 'true' | 'predicted';

/**
 * The target class of a targeted attack: a fixed class, 'next' ((label + 1) mod K, never the label
 * itself), or a function of the reference label and the sample's global index.
 */
export type TargetChoice = number | 'next' | ((label: number, sampleIndex: number) => number);

export type AttackKind = 'fgsm' | 'bim' | 'pgd' | 'mifgsm' | 'noise' | 'region';

export interface BaseAttackOptions {
  /** The budget: L-inf (default), a number or "k/255", default 8/255; or with norm 'l2', the perturbation's Euclidean length. */
  readonly epsilon?: EpsilonInput;
  /** Which length the budget bounds: 'linf' (default: every pixel moves at most eps) or 'l2'. */
  readonly norm?: Norm;
  /** Default 'true'. With 'predicted' the attack uses the model's clean predictions (no label leaking). */
  readonly labels?: LabelSource;
  /** Seed of every random choice (random starts, noise). Default 0. */
  readonly seed?: number | string;
  /** Name in result tables, to tell apart two attacks of the same kind. */
  readonly name?: string;
}

export interface AttackContext {
  /** Clean gradients of this batch, shared across epsilons and attacks (computed once per label set). */
  readonly gradients?: CleanGradients;
  /** Clean logits of this batch, if already known (saves a forward pass for predicted labels). */
  readonly cleanLogits?: Float32Array;
  /**
   * Global index of the batch's first sample. Random streams are drawn per sample from
   * (seed, attack, sample index), so results do not depend on how the data is batched.
   */
  readonly sampleOffset?: number;
  /**
   * Global index of each sample when the batch is a selection of the evaluated sequence (the
   * original's rule attacks only the clean-correct samples); takes precedence over sampleOffset.
   */
  readonly sampleIndices?: ArrayLike<number>;
  /** Region attacks: per image of the batch, the pixels (width * height, 1 = inside) the perturbation may touch. */
  readonly regions?: readonly Uint8Array[];
}

export interface AttackResult {
  readonly adversarial: ImageBatch;
  /** Which labels the attack used as reference (the loss labels of an untargeted attack). */
  readonly labelSource: LabelSource;
  readonly referenceLabels: Int32Array;
  /** Targets of a targeted attack (the loss it descends), else undefined. */
  readonly targets?: Int32Array;
  /** Logits of `adversarial`, when the attack computed them anyway (saves a forward pass). */
  readonly logits?: Float32Array;
  /** PGD: which restart was kept per sample. */
  readonly restartKept?: Int32Array;
}

export interface Attack<O extends BaseAttackOptions = BaseAttackOptions> {
  /** Short unique-ish name for tables: 'fgsm', 'fgsm-targeted', 'pgd-10x2', 'noise'. */
  readonly name: string;
  readonly kind: AttackKind;
  readonly targeted: boolean;
  /** Parsed epsilon. */
  readonly epsilon: number;
  readonly options: Readonly<O>;
  /** A copy with some options replaced (e.g. another epsilon, seed or label source). */
  with(overrides: Partial<O>): Attack<O>;
  run(model: Classifier, images: ImageBatch, labels: Int32Array, context?: AttackContext): Promise<AttackResult>;
}

/** Global index of the batch's n-th sample, for per-sample random streams and target functions. */
export function globalSampleIndex(context: AttackContext, n: number): number {
  return context.sampleIndices ? context.sampleIndices[n]! : (context.sampleOffset ?? 0) + n;
}
