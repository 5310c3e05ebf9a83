/**
 * `robustness` (= `study --attacks fgsm,bim,pgd,noise`) end to end on tiny drawn faces and a random
 * tiny resnet18 (.pth, --split all): the files, what they say (sanity first, manifest, Wilson
 * bounds, CSV = attacks x epsilons, impersonation named as such), and the refusals: one error
 * line, nothing written.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { buildModelSpec, initParams } from '../../src/models/index.js';
import { writePthFile } from '../../src/weights/index.js';
import { findChromium, sameFacesGeometry } from '../../src/figures/index.js';
import { CURVES_PNG_SIZE, RESULTS_CSV_COLUMNS, type ResultsDocument } from '../../src/outputs/index.js';
import { drawTinyFaces, errorLines, expectRefused as expectRefusedIn, runCli } from '../cli/helpers.js';

const chromium = (() => {
  try {
    return findChromium();
  } catch {
    return undefined;
  }
})();

let dir: string;
let data: string;
let pth: string;
let names: string[];
const EPSILONS = '0,1/255,8/255,0.1';

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fgsm-robust-'));
  data = join(dir, 'data');
  names = await drawTinyFaces(data, { people: 3, perPerson: 4, size: 32 });
  pth = join(dir, 'r18.pth');
  await writePthFile(pth, initParams(buildModelSpec('resnet18', { numClasses: 3, inputSize: 32 }), 1));
});
after(() => rmSync(dir, { recursive: true, force: true }));

const base = () => ['robustness', '--weights', pth, '--data', data, '--split', 'all', '--input-size', '32', '--steps', '2', '--backend', 'onnx'];

test('robustness: files, sanity at the top, manifest, Wilson bounds, CSV rows = attacks x epsilons, impersonation named', { timeout: 240_000 }, async () => {
  const out = join(dir, 'out');
  const run = await runCli([...base(), '--out', out, '--epsilons', EPSILONS, '--target', 'grace hopper', '--examples', '3']);
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(errorLines(run.stderr), []);
  const expected = ['robustness_r18.json', 'robustness_r18.csv', 'robustness_r18.html', 'robustness_examples_r18.png'];
  if (chromium) expected.push('robustness_r18.png', 'robustness_identity_r18.png', 'robustness_confusion_r18.png', 'robustness_min_epsilon_r18.png');
  assert.deepEqual(readdirSync(out).sort(), expected.sort(), 'exactly the promised files, no staging left');

  const document = JSON.parse(readFileSync(join(out, 'robustness_r18.json'), 'utf8')) as ResultsDocument;
  assert.deepEqual(Object.keys(document).slice(0, 4), ['kind', 'version', 'sanity', 'warnings'], 'sanity checks and warnings before any number');
  assert.equal(document.kind, 'fgsm-faces-results');
  assert.equal(document.config.scope, 'all', 'every face attacked (RobustBench)');
  const checks = new Set(document.sanity.checks.map((c) => c.name));
  for (const name of ['inputs-in-range', 'outputs-are-logits', 'epsilon-zero-is-clean', 'pgd-at-least-fgsm'] as const) assert.ok(checks.has(name), name);
  assert.equal(document.sanity.ok, document.sanity.checks.every((c) => c.ok));
  assert.match(document.manifest.weightsSha256, /^[0-9a-f]{64}$/);
  assert.match(document.manifest.dataSha256, /^[0-9a-f]{64}$/);
  assert.equal(document.manifest.images, 12);
  assert.deepEqual(document.config.epsilonsText, ['0', '1/255', '8/255', '0.1']);
  assert.deepEqual(document.config.epsilons, [0, 1 / 255, 8 / 255, 0.1]);
  assert.equal(document.config.quantise, true);
  assert.deepEqual(document.classNames, [...names].sort());

  // Dodging vs impersonation, named as such.
  assert.deepEqual(document.framing.target, { label: 2, name: 'Grace Hopper' });
  const roles = Object.fromEntries(document.framing.attacks.map((a) => [a.name, a.role]));
  assert.deepEqual(roles, { fgsm: 'dodging', bim: 'dodging', pgd: 'dodging', noise: 'baseline', 'fgsm-impersonate': 'impersonation', 'pgd-impersonate': 'impersonation' });
  assert.match(document.framing.attacks.find((a) => a.name === 'pgd-impersonate')!.meaning, /recognised as Grace Hopper/);
  assert.match(run.stdout, /impersonation target: Grace Hopper/);
  assert.match(run.stdout, /fgsm-impersonate\s+impersonation/);
  assert.match(run.stdout, /pgd\s+dodging/);
  assert.match(run.stdout, /^sanity checks: /m);

  for (const attack of document.attacks) {
    assert.equal(attack.epsilons.length, 4);
    for (const { metrics: r } of attack.epsilons) {
      for (const rate of [r.robustAccuracy, r.robustAccuracyOriginalRule, r.attackSuccessRate, ...(r.targetedSuccessRate ? [r.targetedSuccessRate] : [])]) {
        if (rate.rate === null) continue;
        assert.ok(rate.lower <= rate.rate && rate.rate <= rate.upper, `${attack.name} at ${r.epsilon}: Wilson bounds bracket the rate`);
      }
      assert.equal(r.targetedSuccessRate !== null, attack.name.endsWith('impersonate'));
      assert.ok(r.quantised, 'quantised scores on by default');
    }
  }
  // Examples: the same faces at every epsilon, top-3 each.
  assert.equal(document.sameFaces?.files.length, 3);
  assert.equal(document.sameFaces?.perEpsilon.length, 4);
  for (const row of document.sameFaces!.perEpsilon) for (const face of row.faces) assert.equal(face.top3.length, 3);

  const [header, ...rows] = readFileSync(join(out, 'robustness_r18.csv'), 'utf8').trim().split('\n');
  assert.equal(header, RESULTS_CSV_COLUMNS.join(','));
  assert.equal(rows.length, document.attacks.length * 4, 'one row per attack x epsilon');
  const column = (name: (typeof RESULTS_CSV_COLUMNS)[number]) => RESULTS_CSV_COLUMNS.indexOf(name);
  rows.forEach((line, i) => {
    const cells = line.split(',');
    const attack = document.attacks[Math.floor(i / 4)]!;
    const r = attack.epsilons[i % 4]!.metrics;
    assert.equal(cells[column('attack')], attack.name);
    assert.equal(Number(cells[column('robustAccuracy')]), r.robustAccuracy.rate);
    assert.ok(Number(cells[column('robustAccuracyLower')]) <= Number(cells[column('robustAccuracy')]));
    assert.ok(Number(cells[column('robustAccuracyUpper')]) >= Number(cells[column('robustAccuracy')]));
    assert.equal(cells[column('targetedSuccessRate')] === '', !attack.targeted);
  });

  const html = readFileSync(join(out, 'robustness_r18.html'), 'utf8');
  assert.match(html, /"sliders":\[/);
  assert.doesNotMatch(html, /<script[^>]*\bsrc=["']?(?!data:)/i, 'no external script');
  const grid = await sharp(join(out, 'robustness_examples_r18.png')).metadata();
  const geometry = sameFacesGeometry(4, 3);
  assert.deepEqual([grid.width, grid.height], [geometry.width, geometry.height]);
  if (chromium) {
    const curves = await sharp(join(out, 'robustness_r18.png')).metadata();
    assert.deepEqual([curves.width, curves.height], [CURVES_PNG_SIZE.width, CURVES_PNG_SIZE.height]);
  }
});

test('robustness --json: documents on stdout; --attacks, --no-quantise, --labels predicted, --examples 0', { timeout: 180_000 }, async () => {
  const out = join(dir, 'out-json');
  const run = await runCli([...base(), '--out', out, '--json', '--no-png', '--attacks', 'fgsm,noise', '--epsilons', '0,2/255', '--no-quantise', '--labels', 'predicted', '--examples', '0', '--limit', '6']);
  assert.equal(run.code, 0, run.stderr);
  const [document] = JSON.parse(run.stdout) as ResultsDocument[];
  assert.deepEqual(document!.attacks.map((a) => a.name), ['fgsm', 'noise']);
  assert.equal(document!.summary.total, 6);
  assert.equal(document!.sameFaces, null);
  assert.equal(document!.attacks[0]!.labels, 'predicted');
  assert.equal(document!.attacks[0]!.epsilons[0]!.metrics.quantised, null);
  assert.deepEqual(readdirSync(out).sort(), ['robustness_r18.csv', 'robustness_r18.html', 'robustness_r18.json']);
});

test('robustness is study --attacks fgsm,bim,pgd,noise: the same files, the same document', { timeout: 240_000 }, async () => {
  const args = ['--weights', pth, '--data', data, '--split', 'all', '--input-size', '32', '--steps', '2', '--backend', 'onnx', '--json', '--no-png', '--epsilons', '0,2/255', '--limit', '6', '--examples', '2'];
  const alias = await runCli(['robustness', ...args, '--out', join(dir, 'alias')]);
  const study = await runCli(['study', ...args, '--attacks', 'fgsm,bim,pgd,noise', '--out', join(dir, 'study')]);
  assert.equal(alias.code, 0, alias.stderr);
  assert.equal(study.code, 0, study.stderr);
  assert.deepEqual(readdirSync(join(dir, 'study')).sort(), readdirSync(join(dir, 'alias')).sort());
  const comparable = (stdout: string) =>
    (JSON.parse(stdout) as ResultsDocument[]).map(({ createdAt: _c, timings: _t, manifest: { command: _m, ...manifest }, ...rest }) => ({ ...rest, manifest }));
  assert.deepEqual(comparable(study.stdout), comparable(alias.stdout));
});

const expectRefused = (args: readonly string[], message: RegExp) => expectRefusedIn(dir, args, message);

test('refused: an unknown target lists the people', () => expectRefused([...base(), '--target', 'Marie Curie'], /unknown target person "Marie Curie": choose one of "Ada Lovelace", "Alan Turing", "Grace Hopper"/));
test('refused: a target index outside the classes', () => expectRefused([...base(), '--target', '7'], /--target 7 is not a class of this 3-class model/));
test('refused: impersonate without a target', () => expectRefused([...base(), '--attacks', 'fgsm,impersonate'], /impersonate attack needs --target/));
test('refused: an unknown attack', () => expectRefused([...base(), '--attacks', 'fgsm,cw'], /unknown attack "cw": choose from fgsm, bim, pgd, noise, impersonate/));
test('refused: a bad epsilon', () => expectRefused([...base(), '--epsilons', '0,8/256'], /Invalid epsilon "8\/256"/));
test('refused: an epsilon above 1', () => expectRefused([...base(), '--epsilons', '0,1.5'], /Invalid epsilon "1\.5": above 1/));
test('refused: a bad --labels', () => expectRefused([...base(), '--labels', 'guessed'], /argument 'guessed' is invalid\. Allowed choices are true, predicted/));
test('refused: --steps 0', () => expectRefused([...base(), '--steps', '0'], /--steps must be a whole number >= 1, got 0/));
