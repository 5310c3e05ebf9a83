/**
 * `npm start` as the original's figure: every bundled model (the original's three) attacked with the
 * same epsilons on the same test faces, results_subplots with one panel per model, and
 * results_comparison.md reading them together.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT, runCli } from '../cli/helpers.js';

test('the study attacks the three bundled models and compares them side by side', { timeout: 300_000 }, async () => {
  const out = mkdtempSync(join(tmpdir(), 'fgsm-bundled-'));
  try {
    const run = await runCli(['study', '--data', join(PROJECT, 'data', 'sample_faces'), '--limit', '12', '--epsilons', '0,0.01,0.1', '--backend', 'onnx', '--no-png', '--out', out]);
    assert.equal(run.code, 0, run.stderr);
    const files = readdirSync(out);
    for (const model of ['resnet18', 'resnet101', 'custom_resnet']) assert.ok(files.includes(`results_${model}.json`), `results_${model}.json in ${files.join(', ')}`);
    const subplots = readFileSync(join(out, 'results_subplots.html'), 'utf8');
    const panels = [...subplots.matchAll(/\{"text":"\\u003cb>([a-z0-9_]+)\\u003c\/b>"/g)].map((m) => m[1]);
    assert.deepEqual(panels.sort(), ['custom_resnet', 'resnet101', 'resnet18'], 'one panel per model, titled by it');
    const comparison = readFileSync(join(out, 'results_comparison.md'), 'utf8');
    assert.match(comparison, /^### Comparison of models/);
    assert.match(comparison, /`resnet101` \(42\.5 M parameters\)/);
    assert.match(comparison, /`custom_resnet` \(54\.9 M parameters\)/);
    assert.equal((comparison.match(/exact sign test/g) ?? []).length, 3, 'one sign test per pair of models');
    assert.match(comparison, /the biggest model, `custom_resnet`/i);
    assert.match(run.stdout, /results_comparison\.md/);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('--model resnet101 and --model custom_resnet alone attack that bundled model', { timeout: 300_000 }, async () => {
  const out = mkdtempSync(join(tmpdir(), 'fgsm-one-bundled-'));
  try {
    for (const model of ['resnet101', 'custom_resnet']) {
      const dir = join(out, model);
      const run = await runCli(['study', '--model', model, '--data', join(PROJECT, 'data', 'sample_faces'), '--limit', '6', '--epsilons', '0,0.01', '--backend', 'onnx', '--no-png', '--out', dir]);
      assert.equal(run.code, 0, run.stderr);
      assert.deepEqual(readdirSync(dir).filter((f) => f.startsWith('results_') && f.endsWith('.json')), [`results_${model}.json`]);
      const document = JSON.parse(readFileSync(join(dir, `results_${model}.json`), 'utf8')) as { model: { weights: string } };
      assert.equal(document.model.weights, `models/${model}_sample_faces.json`);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
