/**
 * One engine's FGSM sweep for `npm run bench`, in its own process so that its peak RSS is its own.
 * Runs the library's runFgsmSweep on the images the bench prepared and prints one JSON line.
 * With RATES = rates it also times the engine's forward and forward + gradient passes on one full
 * batch (median of 3 after a warm-up), for the gradient's cost in forwards.
 * usage: node --import tsx scripts/bench/ours-sweep.ts ENGINE WEIGHTS IMAGES LABELS COUNT SIZE EPSILONS BATCH [rates]
 */
import { memory } from '@tensorflow/tfjs-core';
import { loadClassifier, type EngineChoice, type LabelledImages } from '../../src/engines/index.js';
import { currentBackend } from '../../src/engines/tfjs/index.js';
import { runFgsmSweep } from '../../src/eval/index.js';
import { batchesOf, readFloats, readInts } from './prepared.js';

const [engine, weights, imagesPath, labelsPath, countText, sizeText, epsilonsText, batchText, ratesFlag] = process.argv.slice(2);
if (!batchText) throw new Error('usage: ours-sweep.ts ENGINE WEIGHTS IMAGES LABELS COUNT SIZE EPSILONS BATCH');
const count = Number(countText);
const size = Number(sizeText);
const batchSize = Number(batchText);
const epsilons = epsilonsText!.split(',').map(Number);

const setupStart = performance.now();
const loaded = await loadClassifier({ weights: weights!, inputSize: size, backend: engine as EngineChoice });
const pixels = readFloats(imagesPath!, count * size * size * 3);
const labels = readInts(labelsPath!, count);
const setupSeconds = (performance.now() - setupStart) / 1000;

const batches = () => batchesOf(pixels, labels, size, batchSize);

/** Live tfjs tensors; none when the engine is ONNX Runtime and tfjs never started. */
const liveTensors = () => (currentBackend() ? memory().numTensors : 0);
const tensorsBefore = liveTensors();
const start = performance.now();
const { results } = await runFgsmSweep(loaded.classifier, batches(), { epsilons, maxExamples: 0 });
const seconds = (performance.now() - start) / 1000;
// Counted before the timing below and dispose(): the weights' own tensors are not a leak of the sweep.
const tensorsAfter = liveTensors();
const rates = ratesFlag === 'rates' ? await passRates() : {};
loaded.classifier.dispose();

/** Images per second of one forward and of one forward + input gradient, on the first full batch. */
async function passRates(): Promise<{ forwardImagesPerSecond: number; gradientImagesPerSecond: number }> {
  const first = batches().next().value as LabelledImages;
  const median = async (pass: () => Promise<unknown>) => {
    await pass();
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      await pass();
      times.push((performance.now() - started) / 1000);
    }
    return times.sort((a, b) => a - b)[1]!;
  };
  const forward = await median(() => loaded.classifier.logits(first.batch));
  const gradient = await median(() => loaded.classifier.lossGradient(first.batch, first.labels));
  return { forwardImagesPerSecond: first.batch.count / forward, gradientImagesPerSecond: first.batch.count / gradient };
}

process.stdout.write(
  `${JSON.stringify({
    engine: loaded.classifier.engine,
    seconds,
    setupSeconds,
    correct: results.epsilons.map((e) => e.correct),
    initiallyCorrect: results.initiallyCorrect,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    tensorsLeaked: tensorsAfter - tensorsBefore,
    ...rates,
  })}\n`,
);
