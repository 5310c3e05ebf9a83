/**
 * One epsilon rule everywhere: the CLI study, the CLI robustness command and the library turn the
 * same messy list into the same epsilons with the same notes, and refuse the same bad value with
 * the same one-line message.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fgsmAttack } from '../../src/attacks/index.js';
import { runAttackStudy, runFgsmSweep } from '../../src/eval/index.js';
import { buildModelSpec, initParams } from '../../src/models/index.js';
import type { ResultsDocument } from '../../src/outputs/index.js';
import { writePthFile } from '../../src/weights/index.js';
import { batchesOf, linearSetup } from '../attacks/helpers.js';
import { drawTinyFaces, errorLines, runCli } from './helpers.js';

const MESSY = ['8/255', '0', '0.1', '8/255'];
const TIDY = [0, 8 / 255, 0.1];
const NOTES = [`epsilon ${8 / 255} given more than once: each is attacked once.`, `epsilons sorted ascending: 0, ${8 / 255}, 0.1 (given as ${8 / 255}, 0, 0.1, ${8 / 255}).`];
const ABOVE_ONE = 'Invalid epsilon "1.5": above 1. Pixels are in [0, 1], so epsilon 1 already moves every pixel to 0 or 1; use values between 0 and 1.';

let dir: string;
let common: string[];
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fgsm-eps-policy-'));
  const data = join(dir, 'data');
  await drawTinyFaces(data, { people: 3, perPerson: 1, size: 32 });
  const pth = join(dir, 'r18.pth');
  await writePthFile(pth, initParams(buildModelSpec('resnet18', { numClasses: 3, inputSize: 32 }), 1));
  common = ['--weights', pth, '--data', data, '--split', 'all', '--input-size', '32', '--backend', 'onnx', '--no-png', '--json'];
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** The `fgsm-faces: warning: ...` lines the CLI printed, without the prefix. */
const WARNING = 'fgsm-faces: warning: ';
const warnings = (stderr: string) => stderr.split('\n').flatMap((line) => (line.startsWith(WARNING) ? [line.slice(WARNING.length)] : []));

test('a messy list: the same epsilons and notes from the CLI study, the CLI robustness command and the library', { timeout: 240_000 }, async () => {
  const study = await runCli(['study', ...common, '--out', join(dir, 'study'), '--epsilons', MESSY.join(',')]);
  assert.equal(study.code, 0, study.stderr);
  const [studyDocument] = JSON.parse(study.stdout) as ResultsDocument[];
  assert.deepEqual(studyDocument!.attacks[0]!.epsilons.map((r) => r.epsilon), TIDY);
  assert.deepEqual(warnings(study.stderr).slice(0, 2), NOTES);

  const robustness = await runCli(['robustness', ...common, '--out', join(dir, 'robustness'), '--attacks', 'fgsm,noise', '--examples', '0', '--epsilons', MESSY.join(',')]);
  assert.equal(robustness.code, 0, robustness.stderr);
  const [robustnessDocument] = JSON.parse(robustness.stdout) as ResultsDocument[];
  assert.deepEqual(robustnessDocument!.config.epsilons, TIDY);
  assert.deepEqual(robustnessDocument!.config.epsilonsText, ['0', '8/255', '0.1'], 'each kept epsilon as the user wrote it');
  assert.deepEqual(robustnessDocument!.attacks[0]!.epsilons.map((r) => r.epsilon), TIDY);
  assert.deepEqual(warnings(robustness.stderr).slice(0, 2), NOTES);

  const { model, images, labels } = await linearSetup(4);
  const sweep = await runFgsmSweep(model, batchesOf(images, labels, 2), { epsilons: MESSY });
  assert.deepEqual(sweep.results.epsilons.map((r) => r.epsilon), TIDY);
  assert.deepEqual(sweep.epsilonNotes, NOTES);
  const attackStudy = await runAttackStudy(model, batchesOf(images, labels, 2), { attacks: [fgsmAttack()], epsilons: MESSY, ssim: false });
  assert.deepEqual(attackStudy.epsilons, TIDY);
  assert.deepEqual(attackStudy.attacks[0]!.results.map((r) => r.epsilon), TIDY);
  assert.deepEqual(attackStudy.warnings.slice(0, 2), NOTES);
});

test('an epsilon above 1: the same one-line error from the CLI study, the CLI robustness command and the library', { timeout: 120_000 }, async () => {
  for (const command of ['study', 'robustness']) {
    const run = await runCli([command, ...common, '--out', join(dir, `refused-${command}`), '--epsilons', '0,1.5']);
    assert.equal(run.code, 2, run.stderr);
    assert.deepEqual(errorLines(run.stderr), [`fgsm-faces: error: option '--epsilons <list>' argument '0,1.5' is invalid. ${ABOVE_ONE} (see --help)`], command);
    assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
  }
  const { model, images, labels } = await linearSetup(2);
  await assert.rejects(runFgsmSweep(model, batchesOf(images, labels, 2), { epsilons: ['0', '1.5'] }), { message: ABOVE_ONE });
  await assert.rejects(runAttackStudy(model, batchesOf(images, labels, 2), { attacks: [fgsmAttack()], epsilons: ['0', '1.5'] }), { message: ABOVE_ONE });
});
