/**
 * `npm run bench` in its short profile (64 px, a few images): it must run end to end, write
 * results/bench.json-shaped output, and its built-in correctness check (equal accuracy counts
 * across our engines and PyTorch) must hold. Speed is the bench's job, not this test's.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pytorchMissingReason } from '../../scripts/pytorch-reference.js';

interface BenchRun {
  name: string;
  imagesTimesEpsilonsPerSecond: number;
  peakRssMB: number;
  correct: number[];
  tensorsLeaked?: number;
}
interface BenchSize {
  images: number;
  cleanAccuracy: number;
  runs: BenchRun[];
  ours_over_seed: number | null;
  ours_over_torch_best: number | null;
  attacks: Record<'fgsm_sweep' | 'pgd10', { ours_over_seed: number | null; ours_over_torch_best: number | null; maxCountDifference: number }>;
  gradient_cost_in_forwards: number | null;
  sweep_over_forward: number | null;
  countsAgree: boolean;
  maxCountDifference: number;
}

test('npm run bench -- --profile short: every engine and PyTorch agree on the counts, ratios reported', { timeout: 600_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'fgsm-bench-test-'));
  try {
    const out = join(dir, 'bench.json');
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/bench.ts', '--profile', 'short', '--images', '12', '--out', out], { encoding: 'utf8' });
    assert.equal(run.status, 0, `bench failed:\n${run.stderr}\n${run.stdout}`);
    assert.match(run.stdout, /rate \/ s/);
    const report = JSON.parse(readFileSync(out, 'utf8')) as { sizes: Record<string, BenchSize>; epsilons: number[]; recognizer: { pairs: number; runs: BenchRun[]; countsAgree: boolean; attacks: { dodging_pgd10: { ours_over_torch_best: number | null } } } | null };
    const size = report.sizes['64'];
    assert.ok(size, 'the short profile benchmarks 64 px');
    assert.equal(size.images, 12);
    assert.ok(size.cleanAccuracy >= 0.9, `the bundled 64 px model should be accurate on the bench images, got ${size.cleanAccuracy}`);
    const names = size.runs.map((r) => r.name);
    assert.ok(names.includes('ours/wasm') && names.includes('study (driver)') && names.some((name) => name.startsWith('pgd10 ours/')), `runs: ${names.join(', ')}`);
    // The gradient's price in forwards and the sweep's distance to the forward are measured, not targets here.
    for (const figure of [size.gradient_cost_in_forwards, size.sweep_over_forward]) assert.ok(figure !== null && Number.isFinite(figure) && figure > 0, `ratio missing: ${figure}`);
    assert.equal(size.attacks.fgsm_sweep.ours_over_torch_best, size.ours_over_torch_best);
    for (const r of size.runs) {
      assert.equal(r.correct.length, r.name.startsWith('pgd10') ? 1 : report.epsilons.length);
      assert.ok(r.imagesTimesEpsilonsPerSecond > 0 && r.peakRssMB > 0, `${r.name}: figures missing`);
      if (r.tensorsLeaked !== undefined) assert.equal(r.tensorsLeaked, 0, `${r.name} leaked tfjs tensors`);
    }
    assert.ok(size.countsAgree, `counts differ by ${size.maxCountDifference}`);
    // The recognizer's dodging PGD on ORL pairs: ours always, PyTorch (the same description, torch_graph.py) when present.
    const recognizer = report.recognizer;
    assert.ok(recognizer && recognizer.pairs === 8 && recognizer.countsAgree, `recognizer row: ${JSON.stringify(recognizer)}`);
    assert.ok(recognizer.runs[0]!.name.startsWith('dodge pgd10 ours/') && recognizer.runs[0]!.imagesTimesEpsilonsPerSecond > 0);
    const torchMissing = pytorchMissingReason();
    if (torchMissing) {
      assert.equal(size.ours_over_seed, null);
      assert.match(run.stderr, /PyTorch .*timing ours alone/);
    } else {
      assert.ok(names.includes('seed') && names.includes('torch-best') && names.includes('pgd10 torch-best'), `runs: ${names.join(', ')}`);
      assert.ok(size.attacks.pgd10.ours_over_torch_best! > 0 && size.attacks.pgd10.ours_over_seed === null);
      assert.ok(recognizer.runs.some((r) => r.name === 'dodge pgd10 torch-best') && recognizer.attacks.dodging_pgd10.ours_over_torch_best! > 0);
      // PGD from the clean image is deterministic on both sides: the same faces must survive.
      assert.ok(size.attacks.pgd10.maxCountDifference <= 1, `PGD-10 counts differ by ${size.attacks.pgd10.maxCountDifference}`);
      assert.ok(size.ours_over_seed! > 1, `ours should beat the original algorithm, ratio ${size.ours_over_seed}`);
      assert.ok(size.ours_over_torch_best! > 0);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
