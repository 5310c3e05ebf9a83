/**
 * Iterative L-inf attacks: BIM / I-FGSM (Kurakin et al., 2017), PGD (Madry et al., 2018) and
 * MI-FGSM (Dong et al., 2018: each step follows the sign of a momentum-accumulated gradient,
 * g <- mu * g + grad / ||grad||_1 per sample; step eps / steps from the clean image).
 * Each step moves by `stepSize * sign(gradient)` (ascending CE(x, y), or descending CE(x, target)
 * when targeted), then projects onto the eps-ball around the original and onto [0,1].
 * PGD starts from a seeded uniform point of the ball (clamped to [0,1]) and may restart; per sample
 * the restart kept is the one that fools the model (untargeted: prediction != label; targeted:
 * prediction == target), ties broken by the highest loss (targeted: lowest target loss).
 * BIM is the same loop from the clean image, without restarts.
 */
import type { Classifier, ImageBatch } from '../engines/types.js';
import { argmaxRow } from '../eval/metrics.js';
import { gradientsFor } from './clean-gradients.js';
import { parseEpsilon, type EpsilonInput } from './epsilon.js';
import { DEFAULT_EPSILON, DEFAULT_L2_EPSILON } from './fgsm-attack.js';
import { l2RandomStart, l2Step, parseL2Budget } from './l2.js';
import { checkLabelSource, checkTargetChoice, referenceLabels, resolveTargets } from './labels.js';
import { linfStep } from './linf-step.js';
import { crossEntropyAt } from './loss.js';
import { sampleStream } from './seeded.js';
import { globalSampleIndex, type Attack, type AttackContext, type AttackResult, type BaseAttackOptions, type TargetChoice } from './types.js';

export interface IterativeOptions extends BaseAttackOptions {
  /** Number of gradient steps. Default 10. */
  readonly steps?: number;
  /** Step size: number, "k/255", or a function of epsilon. Default 2.5 * eps / steps (Madry et al.); MI-FGSM: eps / steps (Dong et al.). */
  readonly stepSize?: EpsilonInput | ((epsilon: number) => number);
  /** PGD only: start from a uniform random point of the eps-ball. Default true for PGD. */
  readonly randomStart?: boolean;
  /** PGD only: number of random starts; per sample the strongest is kept. Default 1. */
  readonly restarts?: number;
  readonly target?: TargetChoice;
  /** MI-FGSM only: the momentum decay mu. Default 1 (Dong et al.). */
  readonly momentum?: number;
}

export function pgdAttack(options: IterativeOptions = {}): Attack<IterativeOptions> {
  return iterativeAttack('pgd', options);
}

/** BIM / I-FGSM: PGD without random start and without restarts. */
export function bimAttack(options: Omit<IterativeOptions, 'randomStart' | 'restarts'> = {}): Attack<IterativeOptions> {
  return iterativeAttack('bim', { ...options, randomStart: false, restarts: 1 });
}

/** MI-FGSM: BIM's loop on a momentum-accumulated, L1-normalised gradient; step eps / steps by default. */
export function miFgsmAttack(options: Omit<IterativeOptions, 'randomStart' | 'restarts'> = {}): Attack<IterativeOptions> {
  return iterativeAttack('mifgsm', { ...options, randomStart: false, restarts: 1 });
}

function iterativeAttack(kind: 'pgd' | 'bim' | 'mifgsm', options: IterativeOptions): Attack<IterativeOptions> {
  const norm = options.norm ?? 'linf';
  if (norm === 'l2' && kind === 'mifgsm') throw new Error('MI-FGSM is an L-inf attack here: use PGD or BIM with norm l2.');
  const epsilon = norm === 'l2' ? parseL2Budget(options.epsilon ?? DEFAULT_L2_EPSILON) : parseEpsilon(options.epsilon ?? DEFAULT_EPSILON);
  const steps = options.steps ?? 10;
  if (!Number.isInteger(steps) || steps < 1) throw new Error(`Invalid steps ${String(steps)}: give an integer >= 1.`);
  const restarts = options.restarts ?? 1;
  if (!Number.isInteger(restarts) || restarts < 1) throw new Error(`Invalid restarts ${String(restarts)}: give an integer >= 1.`);
  const randomStart = options.randomStart ?? kind === 'pgd';
  if (!randomStart && restarts > 1) throw new Error(`restarts = ${restarts} needs randomStart: without it every restart is the same.`);
  const stepSize = typeof options.stepSize === 'function' ? options.stepSize(epsilon) : options.stepSize === undefined ? (kind === 'mifgsm' ? epsilon / steps : (2.5 * epsilon) / steps) : norm === 'l2' ? parseL2Budget(options.stepSize, 'L2 step size') : parseEpsilon(options.stepSize, 'step size');
  if (!Number.isFinite(stepSize) || stepSize < 0) throw new Error(`Invalid step size ${stepSize}: it must be a finite number >= 0.`);
  const labelSource = options.labels ?? 'true';
  checkLabelSource(labelSource);
  checkTargetChoice(options.target);
  const targeted = options.target !== undefined;
  const seed = options.seed ?? 0;
  const name = options.name ?? `${kind}${norm === 'l2' ? '-l2' : ''}${targeted ? '-targeted' : ''}`;
  const momentum = kind === 'mifgsm' ? (options.momentum ?? 1) : undefined;
  if (momentum !== undefined && !(Number.isFinite(momentum) && momentum >= 0)) throw new Error(`Invalid momentum ${String(options.momentum)}: give a finite number >= 0.`);

  return {
    name,
    kind,
    targeted,
    epsilon,
    options,
    with: (overrides) => iterativeAttack(kind, { ...options, ...overrides }),
    async run(model: Classifier, images: ImageBatch, labels: Int32Array, context: AttackContext = {}): Promise<AttackResult> {
      const k = model.spec.numClasses;
      const reference = await referenceLabels(model, images, labels, labelSource, context);
      const targets = targeted ? resolveTargets(options.target!, reference, k, context) : undefined;
      const lossLabels = targets ?? reference;
      const direction = targeted ? -1 : 1;
      const origin = images.pixels;
      const size = images.height * images.width * 3;
      if (epsilon === 0) return { adversarial: { ...images, pixels: origin.slice() }, labelSource, referenceLabels: reference, targets };

      const cache = gradientsFor(model, images, context.gradients);
      let best: Float32Array | undefined;
      let bestLogits: Float32Array | undefined;
      const bestFooled = new Uint8Array(images.count);
      const bestScore = new Float64Array(images.count);
      const restartKept = new Int32Array(images.count);
      for (let r = 0; r < restarts; r++) {
        const x = !randomStart ? origin.slice() : norm === 'l2' ? l2RandomStart(origin, epsilon, images.count, size, seed, `${kind}:start${r}`, context) : uniformStart(origin, epsilon, images.count, size, seed, `${kind}:start${r}`, context);
        const accumulated = momentum === undefined ? undefined : new Float32Array(origin.length);
        for (let t = 0; t < steps; t++) {
          // From the clean image the first gradient is the clean one, shared with FGSM.
          const { gradient } = !randomStart && t === 0 ? await cache.get(lossLabels) : await model.lossGradient({ ...images, pixels: x }, lossLabels);
          const steering = accumulated ? accumulateMomentum(accumulated, gradient, momentum!, size) : gradient;
          if (norm === 'l2') l2Step(x, steering, direction * stepSize, origin, epsilon, size, x);
          else linfStep(x, steering, direction * stepSize, origin, epsilon, x);
        }
        const logits = await model.logits({ ...images, pixels: x });
        if (!best || !bestLogits) {
          best = x;
          bestLogits = logits;
          for (let n = 0; n < images.count; n++) [bestFooled[n], bestScore[n]] = score(logits, n);
          continue;
        }
        for (let n = 0; n < images.count; n++) {
          const [fooled, s] = score(logits, n);
          if (fooled > bestFooled[n]! || (fooled === bestFooled[n] && s > bestScore[n]!)) {
            bestFooled[n] = fooled;
            bestScore[n] = s;
            restartKept[n] = r;
            best.set(x.subarray(n * size, (n + 1) * size), n * size);
            bestLogits.set(logits.subarray(n * k, (n + 1) * k), n * k);
          }
        }
      }
      return { adversarial: { ...images, pixels: best! }, labelSource, referenceLabels: reference, targets, logits: bestLogits, restartKept };

      /** [fooled (1/0), loss to maximise] of sample n. */
      function score(logits: Float32Array, n: number): [number, number] {
        const prediction = argmaxRow(logits, n, k);
        const loss = crossEntropyAt(logits, n, k, lossLabels[n]!);
        return targeted ? [prediction === lossLabels[n] ? 1 : 0, -loss] : [prediction !== lossLabels[n] ? 1 : 0, loss];
      }
    },
  };
}

/** g <- mu * g + grad / ||grad||_1, per sample (a zero gradient adds nothing); returns g. */
export function accumulateMomentum(accumulated: Float32Array, gradient: Float32Array, momentum: number, size: number): Float32Array {
  for (let start = 0; start < accumulated.length; start += size) {
    let l1 = 0;
    for (let i = start; i < start + size; i++) l1 += Math.abs(gradient[i]!);
    const scale = l1 > 0 ? 1 / l1 : 0;
    for (let i = start; i < start + size; i++) accumulated[i] = momentum * accumulated[i]! + gradient[i]! * scale;
  }
  return accumulated;
}

/** x0 + U(-eps, eps) per pixel, clamped to [0,1]; seeded per global sample index. */
export function uniformStart(origin: Float32Array, eps: number, count: number, size: number, seed: number | string, purpose: string, context: AttackContext): Float32Array {
  const out = new Float32Array(origin.length);
  const e = Math.fround(eps);
  for (let n = 0; n < count; n++) {
    const random = sampleStream(seed, purpose, globalSampleIndex(context, n));
    for (let i = n * size; i < (n + 1) * size; i++) {
      const v = origin[i]! + (2 * random() - 1) * e;
      out[i] = v < 0 ? 0 : v > 1 ? 1 : v;
    }
  }
  return out;
}
