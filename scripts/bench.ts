/**
 * `npm run bench`: the FGSM sweep of fgsm-faces against PyTorch, in one run on one machine, with
 * the same trained resnet18 weights, the same preprocessed test images and the original epsilons.
 *   ours        runFgsmSweep on each available engine (batched, one gradient per batch)
 *   study       the whole study as `npm start` runs it (the one driver: plan, load, decode,
 *               evaluate; no files), on the default engine: its sweep, and the rest as setup
 *   seed        the original notebook's algorithm in PyTorch (batch 1, gradient per epsilon)
 *   torch-best  PyTorch at its best with our algorithm (batched, frozen, inference_mode)
 * and PGD (10 steps of 0.5/255 from the clean image, eps 2/255), ours and torch-best, on the same
 * images: every step pays one gradient, so it measures the gradient alone.
 * Per size it also reports the default engine's gradient cost (forward + gradient time over forward
 * time, same batch) and how close the sweep runs to the forward (sweep image-eps/s over forward img/s).
 * Each runs in its own process (its own peak RSS) with every core. Prints a table, checks that the
 * accuracy counts agree, and writes results/bench.json. A benchmark, not a test: other load on the
 * machine skews the figures, so compare rows of one run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Option } from 'commander';
import { decodeImage, loadFaceDataset, loadImageSet, toUnitFloat } from '../src/data/index.js';
import { ENGINE_CHOICES, loadFaceRecognizer, type EngineChoice } from '../src/engines/index.js';
import { faceApiRecognizer } from '../src/models/index.js';
import { onnxAvailable, onnxCudaAvailable } from '../src/engines/onnx/index.js';
import { initBackend } from '../src/engines/tfjs/index.js';
import { ORIGINAL_EPSILONS } from '../src/eval/index.js';
import { writeJsonAtomically } from '../src/core/index.js';
import { chooseModels, chooseTestSet, defaultSweepBatchSize } from '../src/study/index.js';
import { loadFaceApiParams, loadModelWeights, writePthFile } from '../src/weights/index.js';
import { PYTHON, pytorchMissingReason } from './pytorch-reference.js';
import { integerAtLeast, scriptCommand } from './script-command.js';

const HERE = dirname(fileURLToPath(import.meta.url));

/** The trained weights per input size: accurate at that size (the 64 px model is not at 224). */
const WEIGHTS_BY_SIZE: Record<number, string> = {
  64: 'models/resnet18_sample_faces.json',
  128: 'models/bench/resnet18_sample_faces_128.json',
  224: 'models/bench/resnet18_sample_faces_224.json',
};

/** The PGD row: Madry et al.'s step (2.5 eps / steps), no random start; eps 2/255, small enough that some faces survive (at 8/255 none does), so the counts check something. */
const PGD = { epsilon: 2 / 255, steps: 10, step: 0.5 / 255 } as const;

const PROFILES = {
  full: { sizes: [64, 128, 224], images: undefined as number | undefined, pairs: 40 },
  short: { sizes: [64], images: 24 as number | undefined, pairs: 8 },
};

/**
 * The recognizer row: dodging PGD on face-api's net (150 px), ORL pairs (photo 1 of each person
 * against the embedding of their photo 2), eps 1/255 in 10 steps of 0.25/255 from the clean face.
 */
const DODGE = { epsilon: 1 / 255, steps: 10, step: 0.25 / 255, batch: 16, data: 'data/orl_faces' } as const;

interface RunFigures {
  readonly name: string;
  readonly engine: string;
  readonly seconds: number;
  readonly setupSeconds: number;
  readonly imagesTimesEpsilonsPerSecond: number;
  readonly peakRssMB: number;
  readonly correct: readonly number[];
  readonly initiallyCorrect: number;
  readonly tensorsLeaked?: number;
  /** The default engine's sweep only: one forward, and one forward + input gradient, in images per second. */
  readonly forwardImagesPerSecond?: number;
  readonly gradientImagesPerSecond?: number;
}

/** One attack's speed-ups of the default engine (null when PyTorch did not run, or has no such run). */
interface AttackRatios {
  readonly ours_over_seed: number | null;
  readonly ours_over_torch_best: number | null;
  readonly maxCountDifference: number;
}

interface SizeReport {
  readonly size: number;
  readonly weights: string;
  readonly images: number;
  readonly batchSize: number;
  readonly cleanAccuracy: number;
  readonly runs: RunFigures[];
  readonly defaultEngine: string;
  /** The FGSM sweep's ratios (as attacks.fgsm_sweep; kept at the top for older readers). */
  readonly ours_over_seed: number | null;
  readonly ours_over_torch_best: number | null;
  readonly attacks: { readonly fgsm_sweep: AttackRatios; readonly pgd10: AttackRatios };
  /** Forward + input gradient time over forward time, same batch, default engine. */
  readonly gradient_cost_in_forwards: number | null;
  /** FGSM sweep images x epsilons per second over forward images per second (the ideal is about 1 with a free gradient). */
  readonly sweep_over_forward: number | null;
  /** Over every run and attack. */
  readonly maxCountDifference: number;
  readonly countsAgree: boolean;
  readonly pytorch: string;
}

// Bad values are usage errors (one line, exit 2), not crashes.
const wholeNumber = integerAtLeast(1);

const program = scriptCommand({
  name: 'bench',
  description: 'Time the FGSM sweep: fgsm-faces engines vs the original PyTorch algorithm vs PyTorch at its best.',
  examples: ['npm run bench', 'npm run bench -- --profile short --no-torch --out /tmp/bench.json'],
})
  .addOption(new Option('--profile <name>', 'full: 64, 128 and 224 px on every test image; short: 64 px on 24 images (CI)').choices(['full', 'short']).default('full'))
  .option('--sizes <list>', 'input sizes, comma-separated (default: the profile\'s)', (text: string) => text.split(',').map(wholeNumber))
  .option('--images <n>', 'test images per size (default: the profile\'s; full = all)', wholeNumber)
  .option('--pairs <n>', 'face pairs for the recognizer\'s dodging PGD (default: the profile\'s; 0 skips it)', integerAtLeast(0))
  .option('--engines <list>', 'our engines to time, comma-separated: onnx, onnx-cuda, tensorflow, wasm, cpu (default: every available one but cpu and onnx-cuda)')
  .option('--weights <file>', 'weights for every size (default: the bundled model trained at each size)')
  .option('--data <dir>', 'dataset folder', 'data/sample_faces')
  .option('--no-torch', 'skip PyTorch (seed and torch-best)')
  .option('--out <file>', 'results file', 'results/bench.json');
program.parse();
const flags = program.opts<{ profile: 'full' | 'short'; sizes?: number[]; images?: number; pairs?: number; engines?: string; weights?: string; data: string; torch: boolean; out: string }>();

const profile = PROFILES[flags.profile];
const sizes = flags.sizes ?? profile.sizes;
const imageLimit = flags.images ?? profile.images;
const epsilons = ORIGINAL_EPSILONS;
const threads = availableParallelism();

/** Every named engine of the study (not `auto`: the bench times engines one by one). */
const BENCH_ENGINES: readonly string[] = ENGINE_CHOICES.filter((engine) => engine !== 'auto');

async function availableEngines(): Promise<{ engines: string[]; defaultEngine: string }> {
  const onnx = (await onnxAvailable()) === true;
  const tfjs = await initBackend({ prefer: 'auto', log: () => undefined });
  const native = tfjs.name === 'tensorflow';
  // The study's own rule (engines/load.ts): native TensorFlow first only on a GPU TensorFlow lists.
  const defaultEngine = native && tfjs.gpu ? 'tensorflow' : onnx ? 'onnx' : native ? 'tensorflow' : 'wasm';
  const wanted = flags.engines ? flags.engines.split(',').map((e) => e.trim()) : [native && 'tensorflow', onnx && 'onnx', 'wasm'].filter((e): e is string => Boolean(e));
  for (const engine of wanted) {
    if (!BENCH_ENGINES.includes(engine)) throw new Error(`--engines: unknown engine "${engine}"; use ${BENCH_ENGINES.join(', ')}`);
    const cuda = engine === 'onnx-cuda' ? await onnxCudaAvailable() : true;
    if (cuda !== true) throw new Error(`--engines onnx-cuda: ${cuda}`);
    if (engine === 'onnx' && !onnx) throw new Error('--engines onnx: ONNX Runtime does not load here (npm ci installs onnxruntime-node)');
  }
  return { engines: wanted, defaultEngine: wanted.includes(defaultEngine) ? defaultEngine : wanted[0]! };
}

/** Why PyTorch is not timed, or undefined when it is (the same lookup as the parity tests). */
function pytorchMissing(): string | undefined {
  if (!flags.torch) return 'PyTorch skipped (--no-torch)';
  return pytorchMissingReason();
}

/** Runs a child that prints one JSON line; throws with its stderr when it fails. */
function runChild(command: string, args: string[], what: string): Omit<RunFigures, 'name' | 'imagesTimesEpsilonsPerSecond'> {
  const run = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (run.status !== 0) {
    // The tail says why; a minified dependency in a stack trace can print megabytes before it.
    const tail = run.stderr.trim().split('\n').slice(-12).map((line) => (line.length > 300 ? `${line.slice(0, 300)}...` : line));
    throw new Error(`${what} failed (exit ${run.status}):\n${tail.join('\n')}`);
  }
  const line = run.stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(line) as Omit<RunFigures, 'name' | 'imagesTimesEpsilonsPerSecond'>;
}

/** Images x epsilons per second for a sweep; for PGD (one epsilon), images per second. */
function withRate(name: string, figures: Omit<RunFigures, 'name' | 'imagesTimesEpsilonsPerSecond'>, images: number): RunFigures {
  return { name, ...figures, imagesTimesEpsilonsPerSecond: (images * figures.correct.length) / figures.seconds };
}

/** The default engine's ratios for one attack, and how far its counts are from every run of that attack. */
function ratiosOf(runs: readonly RunFigures[], ours: RunFigures, seed: RunFigures | undefined, best: RunFigures | undefined): AttackRatios {
  return {
    ours_over_seed: seed ? ours.imagesTimesEpsilonsPerSecond / seed.imagesTimesEpsilonsPerSecond : null,
    ours_over_torch_best: best ? ours.imagesTimesEpsilonsPerSecond / best.imagesTimesEpsilonsPerSecond : null,
    maxCountDifference: Math.max(...runs.flatMap((r) => r.correct.map((c, i) => Math.abs(c - ours.correct[i]!)))),
  };
}

async function benchSize(size: number, engines: string[], defaultEngine: string, torchMissing: string | undefined, work: string): Promise<SizeReport> {
  const weights = flags.weights ?? WEIGHTS_BY_SIZE[size];
  if (!weights || !existsSync(weights)) throw new Error(`no trained weights for ${size} px${weights ? ` (${weights} is missing)` : ''}: pass --weights <file> or use sizes ${Object.keys(WEIGHTS_BY_SIZE).join(', ')}`);
  const dataset = await loadFaceDataset(flags.data);
  const [model] = await chooseModels([{ weights }], 'models');
  const testSet = await chooseTestSet({ dataset, model: model!, limit: imageLimit, warn: (m) => console.error(m) });
  // Preprocessed once, shared by every run: decode + resize is not what is being timed.
  const set = await loadImageSet(testSet.entries, { inputSize: size });
  if (set.skipped.length > 0) throw new Error(`${set.skipped.length} test images could not be read: ${set.skipped.map((s) => s.file).join(', ')}`);
  const count = set.count;
  const imagesFile = join(work, `images_${size}.f32`);
  const labelsFile = join(work, `labels_${size}.i32`);
  const pthFile = join(work, `weights_${size}.pth`);
  const pixels = toUnitFloat(set.pixels);
  writeFileSync(imagesFile, new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.byteLength));
  writeFileSync(labelsFile, new Uint8Array(set.labels.buffer, set.labels.byteOffset, set.labels.byteLength));
  const loaded = await loadModelWeights(weights);
  const normalization = loaded.metadata?.normalization;
  const numClasses = loaded.params.get('fc.weight')?.shape[0];
  if (!normalization || !numClasses) throw new Error(`${weights}: the bench needs fgsm-faces weights (.json) that record their normalisation`);
  await writePthFile(pthFile, loaded.params);
  const batchSize = defaultSweepBatchSize(size);
  const epsilonList = epsilons.join(',');
  console.error(`bench ${size} px: ${count} images (${testSet.description}), weights ${weights}, batch ${batchSize}, ${threads} threads`);

  const runs: RunFigures[] = [];
  for (const engine of engines) {
    console.error(`  ours (${engine}) ...`);
    const rates = engine === defaultEngine ? ['rates'] : [];
    const figures = runChild(process.execPath, ['--import', 'tsx', join(HERE, 'bench', 'ours-sweep.ts'), engine, weights, imagesFile, labelsFile, String(count), String(size), epsilonList, String(batchSize), ...rates], `ours (${engine})`);
    runs.push(withRate(`ours/${engine}`, figures, count));
  }
  console.error(`  study (driver, ${defaultEngine}) ...`);
  const whole = runChild(process.execPath, ['--import', 'tsx', join(HERE, 'bench', 'ours-study.ts'), defaultEngine, weights, flags.data, String(size), epsilonList, imageLimit === undefined ? 'all' : String(imageLimit)], 'study (driver)');
  runs.push(withRate('study (driver)', whole, count));
  if (!torchMissing) {
    for (const mode of ['seed', 'best'] as const) {
      const name = mode === 'seed' ? 'seed (PyTorch, original algorithm)' : 'torch-best (PyTorch, batched)';
      console.error(`  ${name} ...`);
      const args = [join(HERE, 'bench', 'torch_sweep.py'), mode, pthFile, imagesFile, labelsFile, String(count), String(size), String(numClasses), normalization.mean.join(','), normalization.std.join(','), epsilonList, String(threads), String(batchSize)];
      runs.push(withRate(mode === 'seed' ? 'seed' : 'torch-best', runChild(PYTHON, args, name), count));
    }
  }
  const pgdRuns: RunFigures[] = [];
  const pgdArgs = [String(PGD.epsilon), String(PGD.steps), String(PGD.step)];
  console.error(`  PGD-10 ours (${defaultEngine}) ...`);
  pgdRuns.push(withRate(`pgd10 ours/${defaultEngine}`, runChild(process.execPath, ['--import', 'tsx', join(HERE, 'bench', 'ours-pgd.ts'), defaultEngine, weights, imagesFile, labelsFile, String(count), String(size), ...pgdArgs, String(batchSize)], 'PGD-10 ours'), count));
  if (!torchMissing) {
    console.error('  PGD-10 torch-best ...');
    const args = [join(HERE, 'bench', 'torch_sweep.py'), 'pgd', pthFile, imagesFile, labelsFile, String(count), String(size), String(numClasses), normalization.mean.join(','), normalization.std.join(','), pgdArgs[0]!, String(threads), String(batchSize), pgdArgs[1]!, pgdArgs[2]!];
    pgdRuns.push(withRate('pgd10 torch-best', runChild(PYTHON, args, 'PGD-10 torch-best'), count));
  }

  const ours = runs.find((r) => r.name === `ours/${defaultEngine}`)!;
  const fgsm = ratiosOf(runs, ours, runs.find((r) => r.name === 'seed'), runs.find((r) => r.name === 'torch-best'));
  const pgd10 = ratiosOf(pgdRuns, pgdRuns[0]!, undefined, pgdRuns.find((r) => r.name === 'pgd10 torch-best'));
  const maxCountDifference = Math.max(fgsm.maxCountDifference, pgd10.maxCountDifference);
  const forward = ours.forwardImagesPerSecond;
  const gradient = ours.gradientImagesPerSecond;
  return {
    size,
    weights,
    images: count,
    batchSize,
    cleanAccuracy: ours.initiallyCorrect / count,
    runs: [...runs, ...pgdRuns],
    defaultEngine,
    ours_over_seed: fgsm.ours_over_seed,
    ours_over_torch_best: fgsm.ours_over_torch_best,
    attacks: { fgsm_sweep: fgsm, pgd10 },
    gradient_cost_in_forwards: forward && gradient ? forward / gradient : null,
    sweep_over_forward: forward ? ours.imagesTimesEpsilonsPerSecond / forward : null,
    maxCountDifference,
    countsAgree: maxCountDifference <= 1,
    pytorch: torchMissing ?? (runs.find((r) => r.name === 'seed')?.engine ?? ''),
  };
}

interface RecognizerReport {
  readonly pairs: number;
  readonly epsilon: number;
  readonly steps: number;
  readonly stepSize: number;
  readonly threshold: number;
  readonly runs: RunFigures[];
  readonly attacks: { readonly dodging_pgd10: AttackRatios };
  readonly countsAgree: boolean;
  readonly pytorch: string;
}

/** Dodging PGD on face-api's recognizer, ours vs PyTorch running the same description and weights (torch_graph.py). */
async function benchRecognizer(pairs: number, engine: string, torchMissing: string | undefined, work: string): Promise<RecognizerReport> {
  const spec = faceApiRecognizer();
  const size = spec.inputSize;
  const frame = size * size * 3;
  const faces = new Float32Array(pairs * frame);
  const referenceFaces = new Float32Array(pairs * frame);
  const people = readdirSync(join(DODGE.data, 'Faces')).filter((name) => name.endsWith('_1.jpg')).sort().slice(0, pairs);
  if (people.length < pairs) throw new Error(`--pairs ${pairs}: ${DODGE.data} has ${people.length} people`);
  for (const [i, first] of people.entries()) {
    faces.set(await decodeImage(join(DODGE.data, 'Faces', first), size), i * frame);
    referenceFaces.set(await decodeImage(join(DODGE.data, 'Faces', first.replace(/_1\.jpg$/, '_2.jpg')), size), i * frame);
  }
  // The claimed identities' templates, computed once for both sides.
  const { embedder } = await loadFaceRecognizer({ backend: engine as EngineChoice });
  const references = await embedder.embed({ pixels: referenceFaces, count: pairs, height: size, width: size });
  embedder.dispose();
  const files = { spec: join(work, 'recognizer.json'), weights: join(work, 'recognizer.pth'), images: join(work, 'faces.f32'), references: join(work, 'references.f32') };
  writeFileSync(files.spec, JSON.stringify(spec));
  await writePthFile(files.weights, await loadFaceApiParams(spec));
  writeFileSync(files.images, new Uint8Array(faces.buffer));
  writeFileSync(files.references, new Uint8Array(references.buffer, references.byteOffset, references.byteLength));
  const threshold = spec.matchThreshold;
  const attackArgs = [String(pairs), String(DODGE.epsilon), String(DODGE.steps), String(DODGE.step), String(threshold)];
  console.error(`bench recognizer: ${pairs} ORL pairs at ${size} px, dodging PGD-10, batch ${DODGE.batch}, ${threads} threads`);

  const runs: RunFigures[] = [];
  console.error(`  dodging PGD-10 ours (${engine}) ...`);
  runs.push(withRate(`dodge pgd10 ours/${engine}`, runChild(process.execPath, ['--import', 'tsx', join(HERE, 'bench', 'ours-dodge.ts'), engine, files.images, files.references, ...attackArgs, String(DODGE.batch)], 'dodging PGD ours'), pairs));
  if (!torchMissing) {
    console.error('  dodging PGD-10 torch-best ...');
    const args = [join(HERE, 'bench', 'torch_dodge.py'), files.spec, files.weights, files.images, files.references, ...attackArgs, String(threads), String(DODGE.batch)];
    runs.push(withRate('dodge pgd10 torch-best', runChild(PYTHON, args, 'dodging PGD torch-best'), pairs));
  }
  const dodging = ratiosOf(runs, runs[0]!, undefined, runs[1]);
  return { pairs, epsilon: DODGE.epsilon, steps: DODGE.steps, stepSize: DODGE.step, threshold, runs, attacks: { dodging_pgd10: dodging }, countsAgree: dodging.maxCountDifference <= 1, pytorch: torchMissing ?? runs[1]!.engine };
}

function printTable(reports: readonly SizeReport[], recognizer: RecognizerReport | undefined): void {
  const rows = [['size', 'run', 'engine', 'rate / s', 'attack s', 'setup s', 'peak RSS MB', 'still correct per eps']];
  for (const r of reports) {
    for (const run of r.runs) {
      rows.push([`${r.size} px`, run.name, run.engine, run.imagesTimesEpsilonsPerSecond.toFixed(1), run.seconds.toFixed(2), run.setupSeconds.toFixed(2), run.peakRssMB.toFixed(0), run.correct.join(' ')]);
    }
  }
  for (const run of recognizer?.runs ?? []) {
    rows.push(['150 px', run.name, run.engine, run.imagesTimesEpsilonsPerSecond.toFixed(1), run.seconds.toFixed(2), run.setupSeconds.toFixed(2), run.peakRssMB.toFixed(0), `${run.correct[0]} of ${run.initiallyCorrect} pairs still accepted`]);
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
  for (const row of rows) console.log(row.map((cell, c) => cell.padEnd(widths[c]!)).join('  '));
  console.log('rate: images x epsilons per second for the FGSM sweeps, images (pairs) per second for PGD-10.');
  console.log('');
  if (recognizer) {
    const best = recognizer.attacks.dodging_pgd10.ours_over_torch_best;
    console.log(`face-api recognizer, ${recognizer.pairs} pairs: dodging PGD-10 ours over torch-best ${best === null ? `n/a (${recognizer.pytorch})` : `${best.toFixed(2)}x`}; counts ${recognizer.countsAgree ? 'agree' : 'DISAGREE'} (difference ${recognizer.attacks.dodging_pgd10.maxCountDifference})`);
  }
  for (const r of reports) {
    const ratio = (x: number | null) => (x === null ? `n/a (${r.pytorch})` : `${x.toFixed(2)}x`);
    const plain = (x: number | null) => (x === null ? 'n/a' : x.toFixed(2));
    console.log(`${r.size} px, ${r.images} images, clean accuracy ${(100 * r.cleanAccuracy).toFixed(1)}%${r.cleanAccuracy < 0.9 ? ' (below 90%: the comparison attacks few samples)' : ''}: FGSM sweep, ours (${r.defaultEngine}) over seed ${ratio(r.attacks.fgsm_sweep.ours_over_seed)}, over torch-best ${ratio(r.attacks.fgsm_sweep.ours_over_torch_best)}; PGD-10 over torch-best ${ratio(r.attacks.pgd10.ours_over_torch_best)}; gradient cost ${plain(r.gradient_cost_in_forwards)} forwards, sweep/forward ${plain(r.sweep_over_forward)}; counts ${r.countsAgree ? 'agree' : 'DISAGREE'} (max difference ${r.maxCountDifference} per epsilon)`);
  }
}

const work = mkdtempSync(join(tmpdir(), 'fgsm-bench-'));
try {
  await main();
} catch (error) {
  console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}

async function main(): Promise<void> {
  const { engines, defaultEngine } = await availableEngines();
  const torchMissing = pytorchMissing();
  if (torchMissing) console.error(`${torchMissing}: timing ours alone.`);
  const reports: SizeReport[] = [];
  for (const size of sizes) reports.push(await benchSize(size, engines, defaultEngine, torchMissing, work));
  const pairs = flags.pairs ?? profile.pairs;
  const recognizer = pairs > 0 ? await benchRecognizer(pairs, defaultEngine, torchMissing, work) : undefined;
  printTable(reports, recognizer);
  await writeJsonAtomically(flags.out, {
    date: new Date().toISOString(),
    machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: availableParallelism(), memoryGB: Math.round(totalmem() / 2 ** 30), node: process.version, platform: `${process.platform}-${process.arch}` },
    profile: flags.profile,
    threads,
    epsilons,
    sizes: Object.fromEntries(reports.map((r) => [String(r.size), r])),
    recognizer: recognizer ?? null,
  });
  console.log(`\nwrote ${flags.out}`);
  if (reports.some((r) => !r.countsAgree) || (recognizer && !recognizer.countsAgree)) {
    console.error('bench: the accuracy counts of the runs disagree by more than 1 sample at some epsilon (see the table).');
    process.exitCode = 1;
  }
}
