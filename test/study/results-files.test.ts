import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, ensureWritableDirectory, type RunManifest } from '../../src/study/index.js';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SweepOutput } from '../../src/eval/index.js';
import { buildModelSpec } from '../../src/models/index.js';
import { produceFileAtomically, writeFileAtomically } from '../../src/core/index.js';
import { EPSILON_COLUMNS, buildResultsDocument, epsilonTableCsv } from '../../src/outputs/index.js';

const example = (sampleIndex: number, trueLabel: number, finalPrediction: number) => ({ sampleIndex, trueLabel, initialPrediction: trueLabel, finalPrediction, finalConfidence: 0.75 });
const OUTPUT: SweepOutput = {
  results: {
    attack: 'fgsm',
    model: 'resnet18',
    engine: 'tfjs/cpu',
    inputSize: 32,
    total: 3,
    initiallyCorrect: 2,
    cleanAccuracy: 2 / 3,
    seconds: 1.5,
    epsilons: [
      { epsilon: 0, correct: 2, total: 3, accuracy: 2 / 3, attackSuccessRate: 0, meanLinf: 0, meanL2: 0, meanTrueClassConfidence: 0.9, examples: [example(0, 0, 0)] },
      { epsilon: 1e-4, correct: 1, total: 3, accuracy: 1 / 3, attackSuccessRate: 0.5, meanLinf: 1.0000000000000001e-4, meanL2: 0.0123, meanTrueClassConfidence: 0.4, examples: [example(2, 1, 0)] },
    ],
  },
  exampleImages: [[], []],
  epsilonNotes: [],
};

test('the CSV is the per-epsilon table with the JSON column names and exact numbers', () => {
  const lines = epsilonTableCsv(OUTPUT.results).trim().split('\n');
  assert.equal(lines[0], EPSILON_COLUMNS.join(','));
  lines.slice(1).forEach((line, i) => {
    const row = OUTPUT.results.epsilons[i]!;
    assert.deepEqual(line.split(',').map(Number), EPSILON_COLUMNS.map((c) => row[c]));
  });
});

const MANIFEST: RunManifest = {
  weightsSha256: 'a'.repeat(64),
  dataSha256: 'b'.repeat(64),
  images: 3,
  splitFile: null,
  splitSha256: null,
  seed: null,
  engine: 'tfjs/cpu',
  packages: { node: 'v20' },
  machine: { cpu: 'test', cores: 2, platform: 'linux-x64' },
  command: 'test',
};

test('the results document names files and people of the examples', () => {
  const attacked = ['Faces/A_0.jpg', 'Faces/A_1.jpg', 'Faces/B_0.jpg'].map((file, i) => ({ file, path: '', name: file[6]!, label: i < 2 ? 0 : 1 }));
  const document = buildResultsDocument({
    label: 'resnet18',
    weights: 'models/x.json',
    format: 'fgsm-faces',
    spec: buildModelSpec('resnet18', { numClasses: 2, inputSize: 32 }),
    output: OUTPUT,
    classNames: ['A', 'B'],
    attacked,
    skipped: [{ file: 'Faces/B_9.jpg', reason: 'truncated' }],
    testSet: { entries: attacked, source: 'all', available: 4, description: '' },
    config: { data: 'data/x', epsilons: [0, 1e-4], batchSize: 8, limit: null, maxExamples: 5 },
    backend: 'cpu',
    loadSeconds: 0.5,
    totalSeconds: 2.5,
    notes: [],
    files: ['results_resnet18.csv'],
    manifest: MANIFEST,
  });
  const fooled = document.epsilons[1]!.examples[0]!;
  assert.deepEqual([fooled.file, fooled.trueName, fooled.finalName], ['Faces/B_0.jpg', 'B', 'A']);
  assert.deepEqual(document.testSet.files, attacked.map((e) => e.file));
  assert.equal(document.summary.total, 3);
  assert.deepEqual(document.skipped, [{ file: 'Faces/B_9.jpg', reason: 'truncated' }]);
  assert.equal(document.timings.sweepSeconds, 1.5);
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
