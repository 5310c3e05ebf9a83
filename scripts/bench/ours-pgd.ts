/**
 * One engine's PGD for `npm run bench`, in its own process (its own peak RSS): the library's
 * pgdAttack, 10 steps from the clean image (no random start, so that PyTorch, with its own random
 * numbers, attacks exactly the same problem), on the images the bench prepared; prints one JSON
 * line with the faces still recognised afterwards.
 * usage: node --import tsx scripts/bench/ours-pgd.ts ENGINE WEIGHTS IMAGES LABELS COUNT SIZE EPSILON STEPS STEP BATCH
 */
import { pgdAttack } from '../../src/attacks/index.js';
import { loadClassifier, type EngineChoice } from '../../src/engines/index.js';
import { argmaxRow } from '../../src/eval/index.js';
import { batchesOf, readFloats, readInts } from './prepared.js';

const [engine, weights, imagesPath, labelsPath, countText, sizeText, epsilonText, stepsText, stepText, batchText] = process.argv.slice(2);
if (!batchText) throw new Error('usage: ours-pgd.ts ENGINE WEIGHTS IMAGES LABELS COUNT SIZE EPSILON STEPS STEP BATCH');
const count = Number(countText);
const size = Number(sizeText);
const batchSize = Number(batchText);

const setupStart = performance.now();
const loaded = await loadClassifier({ weights: weights!, inputSize: size, backend: engine as EngineChoice });
const pixels = readFloats(imagesPath!, count * size * size * 3);
const labels = readInts(labelsPath!, count);
const attack = pgdAttack({ epsilon: Number(epsilonText), steps: Number(stepsText), stepSize: Number(stepText), randomStart: false });
const classes = loaded.classifier.spec.numClasses;
const setupSeconds = (performance.now() - setupStart) / 1000;

const start = performance.now();
let correct = 0;
for (const { batch, labels: truth } of batchesOf(pixels, labels, size, batchSize)) {
  const result = await attack.run(loaded.classifier, batch, truth);
  const logits = result.logits ?? (await loaded.classifier.logits(result.adversarial));
  for (let i = 0; i < batch.count; i++) if (argmaxRow(logits, i, classes) === truth[i]) correct++;
}
const seconds = (performance.now() - start) / 1000;
loaded.classifier.dispose();

process.stdout.write(`${JSON.stringify({ engine: loaded.classifier.engine, seconds, setupSeconds, correct: [correct], peakRssMB: process.resourceUsage().maxRSS / 1024 })}\n`);
