/**
 * The epsilon sweep of the original notebook, batched: the input gradient is computed ONCE per
 * batch (together with the clean logits) and reused for every epsilon; only the samples the model
 * classifies correctly are attacked, as in the original, but all stay in the denominator.
 */
import { fgsmStep, checkEpsilon } from '../attacks/fgsm.js';
import type { Classifier, ImageBatch, LabelledImages } from '../engines/types.js';
import { argmaxRow, checkFiniteLogits, perturbationNorms, softmaxAt } from './metrics.js';

/** The epsilons of the original study. */
export const ORIGINAL_EPSILONS: readonly number[] = [0, 0.0001, 0.001, 0.005, 0.007, 0.01, 0.1, 0.3, 0.5, 1];

export interface SweepOptions {
  epsilons?: readonly number[];
  /** Examples kept per epsilon (the original kept 5). */
  maxExamples?: number;
  /** Called after each batch with the number of samples done so far. */
  onBatch?: (samplesDone: number) => void;
}

export interface AdversarialExample {
  /** Position of the sample in the evaluated sequence (0-based, in batch order). */
  readonly sampleIndex: number;
  readonly trueLabel: number;
  readonly initialPrediction: number;
  readonly finalPrediction: number;
  /** Softmax probability of the final prediction on the adversarial image. */
  readonly finalConfidence: number;
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
}

interface Accumulator {
  correct: number;
  flipped: number;
  linfSum: number;
  l2Sum: number;
  confidenceSum: number;
  examples: AdversarialExample[];
  images: Float32Array[];
}

export function validateEpsilons(epsilons: readonly number[]): void {
  if (epsilons.length === 0) throw new Error('The epsilon list is empty: give at least one value, e.g. [0, 0.01, 0.1].');
  for (const eps of epsilons) checkEpsilon(eps);
}

/** Copies the listed samples of a batch into a new, smaller batch. */
function selectSamples(batch: ImageBatch, samples: readonly number[]): ImageBatch {
  const size = batch.height * batch.width * 3;
  const pixels = new Float32Array(samples.length * size);
  samples.forEach((s, i) => pixels.set(batch.pixels.subarray(s * size, (s + 1) * size), i * size));
  return { pixels, count: samples.length, height: batch.height, width: batch.width };
}

export async function runFgsmSweep(model: Classifier, batches: AsyncIterable<LabelledImages> | Iterable<LabelledImages>, options: SweepOptions = {}): Promise<SweepOutput> {
  const epsilons = options.epsilons ?? ORIGINAL_EPSILONS;
  validateEpsilons(epsilons);
  const maxExamples = options.maxExamples ?? 5;
  const numClasses = model.spec.numClasses;
  const started = performance.now();
  const acc: Accumulator[] = epsilons.map(() => ({ correct: 0, flipped: 0, linfSum: 0, l2Sum: 0, confidenceSum: 0, examples: [], images: [] }));
  let total = 0;
  let initiallyCorrect = 0;

  for await (const { batch, labels } of batches) {
    const size = batch.height * batch.width * 3;
    const { logits: cleanLogits, gradient } = await model.lossGradient(batch, labels);
    checkFiniteLogits(cleanLogits, `on clean images (batch starting at sample ${total})`);
    const attacked: number[] = [];
    for (let i = 0; i < batch.count; i++) {
      if (argmaxRow(cleanLogits, i, numClasses) === labels[i]) attacked.push(i);
    }
    if (attacked.length > 0) {
      const clean = selectSamples(batch, attacked);
      const grad = selectSamples({ ...batch, pixels: gradient }, attacked).pixels;
      const cleanAttackedLogits = new Float32Array(attacked.length * numClasses);
      attacked.forEach((s, i) => cleanAttackedLogits.set(cleanLogits.subarray(s * numClasses, (s + 1) * numClasses), i * numClasses));
      const adversarial = new Float32Array(clean.pixels.length);
      for (let e = 0; e < epsilons.length; e++) {
        fgsmStep(clean.pixels, grad, epsilons[e]!, adversarial);
        // At epsilon 0 the image is unchanged, so the clean logits from the gradient pass are reused.
        const logits = epsilons[e] === 0 ? cleanAttackedLogits : await model.logits({ ...clean, pixels: adversarial });
        checkFiniteLogits(logits, `at epsilon ${epsilons[e]}`);
        const a = acc[e]!;
        attacked.forEach((sample, i) => {
          const label = labels[sample]!;
          const prediction = argmaxRow(logits, i, numClasses);
          const norms = perturbationNorms(clean.pixels, adversarial, i, size);
          a.linfSum += norms.linf;
          a.l2Sum += norms.l2;
          a.confidenceSum += softmaxAt(logits, i, numClasses, label);
          const stillCorrect = prediction === label;
          if (stillCorrect) a.correct++;
          else a.flipped++;
          const keep = epsilons[e] === 0 ? stillCorrect : !stillCorrect;
          if (keep && a.examples.length < maxExamples) {
            a.examples.push({
              sampleIndex: total + sample,
              trueLabel: label,
              initialPrediction: label,
              finalPrediction: prediction,
              finalConfidence: softmaxAt(logits, i, numClasses, prediction),
            });
            a.images.push(adversarial.slice(i * size, (i + 1) * size));
          }
        });
      }
    }
    initiallyCorrect += attacked.length;
    total += batch.count;
    options.onBatch?.(total);
  }

  if (total === 0) throw new Error('The sweep got no images: check the data folder and the split.');
  const mean = (sum: number) => (initiallyCorrect > 0 ? sum / initiallyCorrect : 0);
  const results: SweepResults = {
    attack: 'fgsm',
    model: model.spec.architecture,
    engine: model.engine,
    inputSize: model.spec.inputSize,
    total,
    initiallyCorrect,
    cleanAccuracy: initiallyCorrect / total,
    epsilons: epsilons.map((epsilon, e) => {
      const a = acc[e]!;
      return {
        epsilon,
        correct: a.correct,
        total,
        accuracy: a.correct / total,
        attackSuccessRate: initiallyCorrect > 0 ? a.flipped / initiallyCorrect : 0,
        meanLinf: mean(a.linfSum),
        meanL2: mean(a.l2Sum),
        meanTrueClassConfidence: mean(a.confidenceSum),
        examples: a.examples,
      };
    }),
    seconds: (performance.now() - started) / 1000,
  };
  return { results, exampleImages: acc.map((a) => a.images) };
}
