/**
 * Dodging PGD on face-api's recognizer for `npm run bench`, in its own process (its own peak RSS):
 * the verification study's own attackPairs with pgdAttack, STEPS steps of STEP from the clean face
 * (no random start, so PyTorch attacks exactly the same problem); prints one JSON line with the
 * pairs still accepted (distance < THRESHOLD) afterwards.
 * usage: node --import tsx scripts/bench/ours-dodge.ts ENGINE IMAGES REFERENCES COUNT EPSILON STEPS STEP THRESHOLD BATCH
 */
import { pgdAttack } from '../../src/attacks/index.js';
import { loadFaceRecognizer, PairVerifier, type EngineChoice } from '../../src/engines/index.js';
import { attackPairs } from '../../src/verification/index.js';
import { readFloats } from './prepared.js';

const [engine, imagesPath, referencesPath, countText, epsilonText, stepsText, stepText, thresholdText, batchText] = process.argv.slice(2);
if (!batchText) throw new Error('usage: ours-dodge.ts ENGINE IMAGES REFERENCES COUNT EPSILON STEPS STEP THRESHOLD BATCH');
const count = Number(countText);
const threshold = Number(thresholdText);

const setupStart = performance.now();
const { embedder, spec } = await loadFaceRecognizer({ backend: engine as EngineChoice });
const size = spec.inputSize;
const faces = { pixels: readFloats(imagesPath!, count * size * size * 3), count, height: size, width: size };
const references = readFloats(referencesPath!, count * spec.embeddingSize);
const epsilon = Number(epsilonText);
const attack = pgdAttack({ epsilon, steps: Number(stepsText), stepSize: Number(stepText), randomStart: false });
const setupSeconds = (performance.now() - setupStart) / 1000;
const acceptedBefore = (await new PairVerifier(embedder, references, threshold).distances(faces)).filter((distance) => distance < threshold).length;

const start = performance.now();
const outcome = await attackPairs(embedder, { faces, references, indices: Int32Array.from({ length: count }, (_, i) => i) }, 'dodging', attack, epsilon, threshold, Number(batchText));
const seconds = (performance.now() - start) / 1000;
embedder.dispose();
const accepted = outcome.distances.filter((distance) => distance < threshold).length;

process.stdout.write(`${JSON.stringify({ engine: embedder.engine, seconds, setupSeconds, correct: [accepted], initiallyCorrect: acceptedBefore, peakRssMB: process.resourceUsage().maxRSS / 1024 })}\n`);
