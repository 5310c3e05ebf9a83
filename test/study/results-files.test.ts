import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, ensureWritableDirectory, type RunManifest } from '../../src/study/index.js';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fgsmAttack, randomSignNoise } from '../../src/attacks/index.js';
import { runAttackStudy } from '../../src/eval/index.js';
import { buildModelSpec } from '../../src/models/index.js';
import { produceFileAtomically, writeFileAtomically } from '../../src/core/index.js';
import { EPSILON_COLUMNS, RESULTS_CSV_COLUMNS, buildResultsDocument, resultsCsv } from '../../src/outputs/index.js';
import { batchesOf, CLASSES, linearSetup } from '../attacks/helpers.js';

/** Eight faces (the 4th of every 4 labelled wrong, so one is wrong when clean), FGSM and noise, examples kept. */
async function smallStudy() {
  const { model, images, labels } = await linearSetup(8);
  return runAttackStudy(model, batchesOf(images, labels, 3), { attacks: [fgsmAttack(), randomSignNoise({ seed: 1 })], epsilons: [0, 0.05, 0.3], ssim: false, examples: 2 });
}

const MANIFEST: RunManifest = {
  weightsSha256: 'a'.repeat(64),
  dataSha256: 'b'.repeat(64),
  images: 8,
  splitFile: null,
  splitSha256: null,
  seed: null,
  engine: 'tfjs/cpu',
  packages: { node: 'v20' },
  machine: { cpu: 'test', cores: 2, platform: 'linux-x64' },
  command: 'test',
};

const NAMES = ['Ana', 'Ben', 'Cai', 'Dee'];

async function smallDocument() {
  const results = await smallStudy();
  const attacked = Array.from({ length: 8 }, (_, i) => ({ file: `Faces/face_${i}.jpg`, path: '', name: NAMES[i % CLASSES]!, label: i % CLASSES }));
  const document = buildResultsDocument({
    label: 'linear',
    weights: 'models/x.json',
    format: 'fgsm-faces',
    spec: buildModelSpec('resnet18', { numClasses: CLASSES, inputSize: 32 }),
    results,
    target: undefined,
    classNames: NAMES,
    attacked,
    skipped: [{ file: 'Faces/B_9.jpg', reason: 'truncated' }],
    testSet: { entries: attacked, source: 'all', available: 9, description: '' },
    config: { data: 'data/x', attacks: ['fgsm', 'noise'], epsilons: [0, 0.05, 0.3], epsilonsText: ['0', '0.05', '0.3'], scope: 'all', steps: 5, stepSize: null, restarts: 1, labels: 'true', quantise: false, ssim: false, seed: 0, limit: null, batchSize: 3, maxExamples: 2, examples: 0 },
    backend: 'cpu',
    loadSeconds: 0.5,
    totalSeconds: 2.5,
    notes: [],
    warnings: ['replaced other results'],
    files: ['results_linear.csv'],
    manifest: MANIFEST,
  });
  return { results, document };
}

test('the CSV: one row per attack x epsilon, the original columns equal to the document table, exact numbers', async () => {
  const { results, document } = await smallDocument();
  const [header, ...lines] = resultsCsv(results).trim().split('\n');
  assert.equal(header, RESULTS_CSV_COLUMNS.join(','));
  assert.equal(lines.length, 2 * 3);
  const at = (column: string) => RESULTS_CSV_COLUMNS.indexOf(column as (typeof RESULTS_CSV_COLUMNS)[number]);
  lines.forEach((line, i) => {
    const cells = line.split(',');
    const section = document.attacks[Math.floor(i / 3)]!;
    const row = section.epsilons[i % 3]!;
    assert.equal(cells[at('attack')], section.name);
    assert.deepEqual(EPSILON_COLUMNS.map((c) => Number(cells[at(c)])), EPSILON_COLUMNS.map((c) => row[c]));
    assert.equal(Number(cells[at('robustAccuracy')]), row.metrics.robustAccuracy.rate);
    assert.equal(cells[at('targetedSuccessRate')], '', 'not applicable: an empty cell');
    assert.equal(cells[at('ssimMean')], '', 'SSIM skipped: an empty cell');
  });
});

test('the results document: sanity first, a section per attack, examples named by file and person', async () => {
  const { results, document } = await smallDocument();
  assert.deepEqual(Object.keys(document).slice(0, 4), ['kind', 'version', 'sanity', 'warnings']);
  assert.ok(document.warnings.includes('replaced other results'));
  assert.deepEqual(document.attacks.map((a) => [a.name, a.role]), [['fgsm', 'dodging'], ['noise', 'baseline']]);
  const fgsm = document.attacks[0]!;
  assert.equal(fgsm.epsilons[0]!.accuracy, document.summary.cleanAccuracy);
  assert.equal(document.summary.initiallyCorrect, results.clean.accuracy.count);
  const fooled = fgsm.epsilons.flatMap((row) => row.examples).find((x) => x.finalPrediction !== x.trueLabel);
  assert.ok(fooled, 'FGSM fooled a face and the example is kept');
  assert.equal(fooled.file, `Faces/face_${fooled.sampleIndex}.jpg`);
  assert.deepEqual([fooled.trueName, fooled.finalName], [NAMES[fooled.trueLabel], NAMES[fooled.finalPrediction]]);
  assert.deepEqual(document.testSet.files, Array.from({ length: 8 }, (_, i) => `Faces/face_${i}.jpg`));
  assert.equal(document.summary.total, 8);
  assert.deepEqual(document.skipped, [{ file: 'Faces/B_9.jpg', reason: 'truncated' }]);
  assert.equal(document.timings.studySeconds, results.seconds);
});

test('atomic writes leave either the whole file or nothing, never a temporary file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fgsm-atomic-'));
  try {
    await writeFileAtomically(join(dir, 'a.json'), '{"ok":true}');
    assert.equal(readFileSync(join(dir, 'a.json'), 'utf8'), '{"ok":true}');
    await assert.rejects(
      produceFileAtomically(join(dir, 'b.png'), async (temporary) => {
        writeFileSync(temporary, 'half');
        throw new Error('renderer crashed');
      }),
      /renderer crashed/,
    );
    assert.deepEqual(readdirSync(dir), ['a.json']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an output folder under a regular file is refused with one clear line', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fgsm-out-'));
  try {
    writeFileSync(join(dir, 'file'), '');
    await assert.rejects(ensureWritableDirectory(join(dir, 'file', 'results'), '--out'), (e: Error) => e instanceof ConfigError && /a file is in the way/.test(e.message) && !e.message.includes('\n'));
    await ensureWritableDirectory(join(dir, 'new', 'results'), '--out');
    assert.deepEqual(readdirSync(join(dir, 'new', 'results')), [], 'the probe file is removed');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
