/**
 * The quick fuzz profile (seeded, so the same inputs every run), as part of npm test and CI:
 * 0 crashes, 0 hangs, 0 code executed. And a check that the harness really sees hangs and crashes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatTable, runFuzz } from '../../scripts/fuzz/runner.js';

test('quick fuzz profile: no crash, no hang, no code executed', { timeout: 300_000 }, async (t) => {
  const report = await runFuzz({ profile: 'quick', seed: 1 });
  for (const line of formatTable(report).split('\n')) t.diagnostic(line);
  const failures = report.families.flatMap((f) => f.failures.map((x) => `${f.family} #${x.index} ${x.kind} [${x.label}]: ${x.detail}`));
  assert.deepEqual(failures, []);
  assert.equal(report.codeExecuted, false);
  for (const f of report.families) {
    assert.ok(f.tried > 0, `${f.family} ran`);
    assert.ok(f.clear > 0, `${f.family} produced clear errors`);
  }
});

test('the harness counts a hang, a dead worker and a crash, and carries on after each', { timeout: 120_000 }, async () => {
  const report = await runFuzz({ profile: 'quick', seed: 1, families: ['_selftest'], timeoutMs: 3000 });
  const [f] = report.families;
  assert.deepEqual([f!.tried, f!.accepted, f!.crashes, f!.hangs], [5, 2, 2, 1]);
  assert.deepEqual(f!.failures.map((x) => [x.index, x.kind]), [[1, 'hang'], [2, 'crash'], [3, 'crash']]);
});
