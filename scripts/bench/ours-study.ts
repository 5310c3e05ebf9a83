/**
 * The whole study for `npm run bench`, as `npm start` runs it (the one study driver: plan, load,
 * decode, evaluate; no files written), in its own process so that its peak RSS is its own. Prints
 * one JSON line: the sweep's seconds, and the rest of the run (plan, load, decode) as setup.
 * usage: node --import tsx scripts/bench/ours-study.ts ENGINE WEIGHTS DATA SIZE EPSILONS LIMIT|all
 */
import { study } from '../../src/study/index.js';
import type { EngineChoice } from '../../src/engines/index.js';

const [engine, weights, data, sizeText, epsilonsText, limitText] = process.argv.slice(2);
if (!limitText) throw new Error('usage: ours-study.ts ENGINE WEIGHTS DATA SIZE EPSILONS LIMIT|all');

const started = performance.now();
const run = await study({
  weights,
  data,
  inputSize: Number(sizeText),
  epsilons: epsilonsText!.split(',').map(Number),
  backend: engine as EngineChoice,
  ...(limitText === 'all' ? {} : { limit: Number(limitText) }),
  hooks: { warn: (message) => console.error(message) },
});
const seconds = (performance.now() - started) / 1000;
const { results } = run.model();

process.stdout.write(
  `${JSON.stringify({
    engine: results.engine,
    seconds: results.seconds,
    setupSeconds: seconds - results.seconds,
    correct: results.epsilons.map((e) => e.correct),
    initiallyCorrect: results.initiallyCorrect,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
  })}\n`,
);
