/**
 * The CLI end to end, as a user runs it: `train` a tiny resnet18 on tiny drawn faces, then `study`
 * it, and check the files AND what they say; then every expected failure: one error line, a
 * non-zero exit code, and no results file.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { loadClassifier } from '../../src/engines/index.js';
import { examplesGridGeometryFor, findChromium } from '../../src/figures/index.js';
import { buildModelSpec, initParams } from '../../src/models/index.js';
import { ACCURACY_PNG_SIZE, EPSILON_COLUMNS, RESULTS_CSV_COLUMNS, TRAINING_PNG_SIZE, comparisonPngSize, type ResultsDocument } from '../../src/outputs/index.js';
import { writePthFile } from '../../src/weights/index.js';
import type { SweepOutput } from '../../src/eval/index.js';
import { drawTinyFaces, errorLines, expectRefused as expectRefusedIn, runCli, type CliRun } from './helpers.js';
import { onnxAvailable } from '../../src/engines/onnx/index.js';

const chromium = (() => {
  try {
    return findChromium();
  } catch {
    return undefined;
  }
})();
const NO_CHROMIUM = chromium ? undefined : 'no Chromium found (apt-get install chromium or set FGSM_CHROMIUM): PNG figures are not made';

let dir: string;
let data: string;
let weights: string;
let train: CliRun;
let names: string[];

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fgsm-cli-'));
  data = join(dir, 'data');
  names = await drawTinyFaces(data, { people: 3, perPerson: 6, size: 32 });
  weights = join(dir, 'models', 'tiny.json');
  train = await runCli(['train', '--model', 'resnet18', '--data', data, '--input-size', '32', '--epochs', '2', '--batch-size', '8', '--out', join(dir, 'models', 'tiny')]);
});
after(() => rmSync(dir, { recursive: true, force: true }));

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

async function pngSize(path: string): Promise<{ width?: number; height?: number; format?: string }> {
  const { width, height, format } = await sharp(path).metadata();
  return { width, height, format };
}

function assertOfflinePlotlyPage(path: string): void {
  const html = readFileSync(path, 'utf8');
  assert.match(html, /<script type="application\/json" id="fgsm-figure-data">\[\{"data":\[/, `${path}: no Plotly figure data`);
  assert.match(html, /Plotly/, `${path}: plotly.js is not inlined`);
  assert.doesNotMatch(html, /<script[^>]*\bsrc=["']?(?!data:)/i, `${path}: loads an external script`);
  assert.doesNotMatch(html, /<link[^>]*\bhref=["']?https?:/i, `${path}: loads an external resource`);
}

test('train: saves the best checkpoint with its metadata, the split, the history and the curve', async () => {
  assert.equal(train.code, 0, train.stderr);
  const manifest = readJson<{ fgsmFaces: { architecture: string; classNames: string[]; inputSize: number; normalization: unknown; extra: Record<string, unknown> } }>(weights);
  const meta = manifest.fgsmFaces;
  assert.equal(meta.architecture, 'resnet18');
  assert.deepEqual(meta.classNames, [...names].sort());
  assert.equal(meta.inputSize, 32);
  assert.ok(meta.normalization);
  assert.equal(meta.extra.splitFile, 'tiny.split.json', 'relative to the weights');
  assert.equal(meta.extra.seed, 0);
  assert.ok([1, 2].includes(meta.extra.epoch as number));
  assert.equal(typeof meta.extra.valAccuracy, 'number');
  assert.match(meta.extra.command as string, /src\/cli\/main\.ts train --model resnet18 --data .* --epochs 2 /);
  assert.equal(meta.extra.datasetRoot, data);
  assert.ok(existsSync(join(dir, 'models', 'tiny.bin')));
  const split = readJson<{ train: string[]; test: string[] }>(join(dir, 'models', 'tiny.split.json'));
  assert.equal(split.test.length, 3, 'stratified 80/20: one test image per person of 6');
  const history = readJson<{ history: { epoch: number; valAccuracy: number }[]; interrupted: boolean; finished: boolean }>(join(dir, 'models', 'tiny.history.json'));
  assert.deepEqual(history.history.map((h) => h.epoch), [1, 2]);
  assert.deepEqual([history.interrupted, history.finished], [false, true]);
  assertOfflinePlotlyPage(join(dir, 'models', 'tiny.training.html'));
  assert.equal(errorLines(train.stderr).length, 0);
});

test('train: the training-curve PNG', { skip: NO_CHROMIUM }, async () => {
  assert.deepEqual(await pngSize(join(dir, 'models', 'tiny.training.png')), { ...TRAINING_PNG_SIZE, format: 'png' });
});

test('study: results JSON, CSV and figures agree with each other and with the test split', async () => {
  const out = join(dir, 'results');
  const run = await runCli(['study', '--weights', weights, '--data', data, '--out', out]);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(errorLines(run.stderr).length, 0);
  const expected = ['accuracies_resnet18.html', 'examples_resnet18.png', 'results_resnet18.csv', 'results_resnet18.json', 'results_subplots.html'];
  if (chromium) expected.push('accuracies_resnet18.png', 'results_subplots.png');
  assert.deepEqual(readdirSync(out).sort(), expected.sort(), 'exactly the promised files, no temporary ones');
  if (!chromium) assert.equal(run.stderr.split('\n').filter((l) => l.includes('PNG figures skipped')).length, 1, 'said once');

  const document = readJson<ResultsDocument>(join(out, 'results_resnet18.json'));
  const split = readJson<{ test: string[] }>(join(dir, 'models', 'tiny.split.json'));
  assert.equal(document.testSet.source, 'weights-split');
  assert.deepEqual([...document.testSet.files].sort(), [...split.test].sort(), 'the images the model was not trained on');
  assert.deepEqual(document.classNames, [...names].sort());
  assert.deepEqual(document.config.epsilons, [0, 0.0001, 0.001, 0.005, 0.007, 0.01, 0.1, 0.3, 0.5, 1]);
  assert.equal(document.model.architecture, 'resnet18');
  // The default engine: ONNX Runtime when it loads, else tfjs.
  if ((await onnxAvailable()) === true) assert.equal(document.engine.engine, 'onnxruntime');
  else assert.equal(document.engine.engine.startsWith('tfjs/'), true);
  assert.ok(document.timings.studySeconds > 0 && document.timings.totalSeconds >= document.timings.studySeconds);
  assert.equal(document.summary.total, 3);
  assert.deepEqual(document.attacks.map((a) => [a.name, a.role]), [['fgsm', 'dodging']], 'the original study: one FGSM section');
  const table = document.attacks[0]!.epsilons;
  for (const row of table) {
    assert.equal(row.total, document.summary.total);
    assert.equal(row.accuracy, row.correct / row.total);
    assert.ok(row.correct <= document.summary.initiallyCorrect);
    for (const x of row.examples) {
      assert.equal(x.file, document.testSet.files[x.sampleIndex]);
      assert.equal(x.trueName, document.classNames[x.trueLabel]);
      assert.equal(x.finalName, document.classNames[x.finalPrediction]);
      assert.equal(x.file.includes(x.trueName), true, `${x.file} is a photo of ${x.trueName}`);
    }
  }
  assert.equal(table[0]!.accuracy, document.summary.cleanAccuracy);

  // The one CSV schema: a row per attack x epsilon, the original's columns among them.
  const [header, ...rows] = readFileSync(join(out, 'results_resnet18.csv'), 'utf8').trim().split('\n');
  assert.equal(header, RESULTS_CSV_COLUMNS.join(','));
  assert.equal(rows.length, table.length);
  const at = (column: string) => RESULTS_CSV_COLUMNS.indexOf(column as (typeof RESULTS_CSV_COLUMNS)[number]);
  rows.forEach((line, i) => {
    const cells = line.split(',');
    assert.equal(cells[at('attack')], 'fgsm');
    assert.deepEqual(EPSILON_COLUMNS.map((c) => Number(cells[at(c)])), EPSILON_COLUMNS.map((c) => table[i]![c]));
  });

  assertOfflinePlotlyPage(join(out, 'accuracies_resnet18.html'));
  assertOfflinePlotlyPage(join(out, 'results_subplots.html'));
  // The examples grid's size follows from its rows (epsilons) and columns (the fullest row).
  const shape = { results: { epsilons: table }, exampleImages: [] } as unknown as SweepOutput;
  const geometry = examplesGridGeometryFor(shape);
  assert.deepEqual(await pngSize(join(out, 'examples_resnet18.png')), { width: geometry.width, height: geometry.height, format: 'png' });
  if (chromium) {
    assert.deepEqual(await pngSize(join(out, 'accuracies_resnet18.png')), { ...ACCURACY_PNG_SIZE, format: 'png' });
    assert.deepEqual(await pngSize(join(out, 'results_subplots.png')), { ...comparisonPngSize(1), format: 'png' });
  }
  assert.match(run.stdout, /resnet18 .*3 test images, clean accuracy/);
});

test('study --json: the results on stdout, progress on stderr; bundled models found in --models-dir; --limit, --epsilons', async () => {
  const out = join(dir, 'results-json');
  const run = await runCli(['--models-dir', join(dir, 'models'), '--data', data, '--out', out, '--json', '--no-png', '--epsilons', '0,0.05', '--limit', '2', '--batch-size', '1']);
  assert.equal(run.code, 0, run.stderr);
  const documents = JSON.parse(run.stdout) as ResultsDocument[];
  assert.equal(documents.length, 1);
  const [document] = documents;
  assert.equal(document!.model.label, 'resnet18');
  assert.deepEqual(document!.attacks[0]!.epsilons.map((r) => r.epsilon), [0, 0.05]);
  assert.equal(document!.summary.total, 2);
  assert.equal(document!.config.batchSize, 1);
  assert.deepEqual(readJson(join(out, 'results_resnet18.json')), document);
  assert.match(run.stderr, /attacking resnet18/);
  assert.deepEqual(readdirSync(out).filter((f) => f.endsWith('.png')), ['examples_resnet18.png']);
});

test('study --epsilons unsorted with a duplicate and k/255: sorted, de-duplicated, and said', async () => {
  const out = join(dir, 'tidy-eps');
  const run = await runCli(['--weights', weights, '--data', data, '--limit', '2', '--epsilons', '0.05,0,2/255,0.05', '--out', out, '--no-png']);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /0\.05 given more than once/);
  assert.match(run.stderr, /epsilons sorted ascending/);
  const document = readJson<ResultsDocument>(join(out, 'results_resnet18.json'));
  assert.deepEqual(document.attacks[0]!.epsilons.map((r) => r.epsilon), [0, 2 / 255, 0.05]);
});

const expectRefused = (args: readonly string[], message: RegExp) => expectRefusedIn(dir, args, message);

test('refused: unknown model name', () => expectRefused(['--model', 'resnet50', '--weights', weights, '--data', data], /unknown model "resnet50"\. Choose one of: resnet18, resnet101, custom_resnet/));

test('refused: our weights for another architecture', () => expectRefused(['--model', 'resnet101', '--weights', weights, '--data', data], /holds resnet18 weights, not resnet101/));

test('refused: a .pth for another architecture (found when loading)', async () => {
  const pth = join(dir, 'r18.pth');
  await writePthFile(pth, initParams(buildModelSpec('resnet18', { numClasses: 3, inputSize: 32 }), 1));
  await expectRefused(['--model', 'custom_resnet', '--weights', pth, '--data', data, '--split', 'all'], /r18\.pth: .*resnet18/);
});

test('refused: a .pth that records no split, without --split', async () => {
  const pth = join(dir, 'r18b.pth');
  await writePthFile(pth, initParams(buildModelSpec('resnet18', { numClasses: 3, inputSize: 32 }), 1));
  await expectRefused(['--weights', pth, '--data', data], /does not record which images it was trained on .* --split all/);
});

test('refused: missing data folder', () => expectRefused(['--weights', weights, '--data', join(dir, 'no-such-data')], /Dataset folder .*no-such-data does not exist/));

test('refused: data with other people than the model knows', async () => {
  const other = join(dir, 'other-data');
  await drawTinyFaces(other, { people: 3, perPerson: 2, size: 32, names: ['Ada Lovelace', 'Alan Turing', 'Marie Curie'] });
  await expectRefused(['--weights', weights, '--data', other, '--split', 'all'], /do not match the classes of .*"Marie Curie"/);
});

test('refused: a negative epsilon', () => expectRefused(['--weights', weights, '--data', data, '--epsilons', '0,0.1,-0.5'], /Invalid epsilon "-0\.5"/));

test('refused: an epsilon that is not a number', () => expectRefused(['--weights', weights, '--data', data, '--epsilons', '0,small'], /Invalid epsilon "small": write a number/));

test('refused: an output folder that cannot be written (a regular file in the way)', async () => {
  const blocker = join(dir, 'blocker');
  writeFileSync(blocker, 'a file, not a folder');
  const run = await runCli(['--weights', weights, '--data', data, '--out', join(blocker, 'results')]);
  assert.notEqual(run.code, 0);
  assert.deepEqual(errorLines(run.stderr), [`fgsm-faces: error: cannot write to ${join(blocker, 'results')}: a file is in the way (the path or one of its parents is a regular file). Fix: choose another --out folder.`]);
  assert.doesNotMatch(run.stderr, /attacking/, 'refused before any work');
  assert.equal(readFileSync(blocker, 'utf8'), 'a file, not a folder');
});

test('refused: a bad flag', async () => {
  const run = await runCli(['--weigths', weights]);
  assert.equal(run.code, 2);
  assert.deepEqual(errorLines(run.stderr), ["fgsm-faces: error: unknown option '--weigths' (Did you mean --weights?) (see --help)"]);
});

test('train refused: weights of another architecture to fine-tune, nothing written', async () => {
  const out = join(dir, 'refused-train');
  const run = await runCli(['train', '--model', 'resnet101', '--weights', weights, '--data', data, '--out', join(out, 'm')]);
  assert.equal(run.code, 1);
  assert.deepEqual(errorLines(run.stderr).length, 1);
  assert.match(run.stderr, /holds resnet18 weights, not resnet101/);
  assert.equal(existsSync(out), false, 'not even the split file');
});

test('the trained checkpoint loads as a classifier with its class names', async () => {
  const loaded = await loadClassifier({ weights });
  try {
    assert.deepEqual(loaded.metadata?.classNames, [...names].sort());
    assert.equal(loaded.spec.inputSize, 32);
  } finally {
    loaded.classifier.dispose();
  }
});
