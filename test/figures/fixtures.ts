/** Hand-made sweep results and outputs for the figure tests: small, realistic numbers. */
import type { AdversarialExample, EpsilonResult, SweepOutput, SweepResults } from '../../src/eval/index.js';
import type { EpochRecord } from '../../src/train/index.js';

export const EPSILONS = [0, 0.001, 0.01, 0.1, 0.3] as const;

/**
 * Results of `total` images where `correct[i]` stay right at EPSILONS[i]; correct[0] is the
 * clean count, so attack success = (clean - correct) / clean.
 */
export function sweepResults(model: string, correct: readonly number[], options: { total?: number; epsilons?: readonly number[]; engine?: string } = {}): SweepResults {
  const total = options.total ?? 40;
  const epsilons = options.epsilons ?? EPSILONS;
  if (correct.length !== epsilons.length) throw new Error('fixture: one correct count per epsilon');
  const clean = correct[0]!;
  const points: EpsilonResult[] = epsilons.map((epsilon, i) => ({
    epsilon,
    correct: correct[i]!,
    total,
    accuracy: correct[i]! / total,
    attackSuccessRate: clean > 0 ? (clean - correct[i]!) / clean : 0,
    meanLinf: epsilon,
    meanL2: epsilon * 20,
    meanTrueClassConfidence: correct[i]! / total,
    examples: [],
  }));
  return { attack: 'fgsm', model, engine: options.engine ?? 'cpu', inputSize: 16, total, initiallyCorrect: clean, cleanAccuracy: clean / total, epsilons: points, seconds: 1.5 };
}

/** A colourful deterministic test image: a gradient with a square, so upscaling is visible. */
export function testImage(size: number, seed: number): Float32Array {
  const pixels = new Float32Array(size * size * 3);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const inSquare = x > size / 4 && x < (3 * size) / 4 && y > size / 4 && y < (3 * size) / 4;
      const i = (y * size + x) * 3;
      pixels[i] = x / size;
      pixels[i + 1] = inSquare ? 0.9 : (seed % 5) / 5;
      pixels[i + 2] = y / size;
    }
  }
  return pixels;
}

/**
 * A SweepOutput whose row e has examplesPerRow[e] examples (each with its image). At epsilon 0 the
 * examples are correct, elsewhere misclassified as the next class, as runFgsmSweep keeps them.
 */
export function sweepOutput(examplesPerRow: readonly number[], classCount = 4, inputSize = 16): SweepOutput {
  const epsilons = EPSILONS.slice(0, examplesPerRow.length);
  const base = sweepResults('resnet18', epsilons.map((_, i) => 36 - i * 8), { epsilons });
  const exampleImages: Float32Array[][] = [];
  const rows: EpsilonResult[] = base.epsilons.map((row, e) => {
    const examples: AdversarialExample[] = [];
    const images: Float32Array[] = [];
    for (let k = 0; k < examplesPerRow[e]!; k++) {
      const trueLabel = k % classCount;
      const finalPrediction = row.epsilon === 0 ? trueLabel : (trueLabel + 1) % classCount;
      examples.push({ sampleIndex: k, trueLabel, initialPrediction: trueLabel, finalPrediction, finalConfidence: 0.87 });
      images.push(testImage(inputSize, e * 10 + k));
    }
    exampleImages.push(images);
    return { ...row, examples };
  });
  return { results: { ...base, inputSize, epsilons: rows }, exampleImages, epsilonNotes: [] };
}

export function trainingHistory(): EpochRecord[] {
  const valAccuracy = [0.42, 0.61, 0.74, 0.72];
  return valAccuracy.map((val, i) => ({
    epoch: i + 1,
    learningRate: 1e-3 / 2 ** i,
    trainLoss: 2.1 / (i + 1),
    trainAccuracy: 0.5 + i * 0.12,
    valLoss: 2.3 / (i + 1) + 0.05,
    valAccuracy: val,
    seconds: 12,
  }));
}
