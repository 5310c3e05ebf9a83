/**
 * Results never lie: studies into one results folder are stopped with SIGINT (Ctrl-C) and SIGKILL
 * at seeded random moments, from start-up to the last file write. After each stop every file in
 * the folder must be complete and parse, and the set must be the previous complete run's; the
 * next run must clean up whatever a killed run left and succeed.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import seedrandom from 'seedrandom';
import { RESULTS_CSV_COLUMNS, RESULTS_KIND } from '../../src/outputs/index.js';
import { drawTinyFaces, runCli, type CliRun } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'fgsm-kill-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Every visible file complete and parseable; returns the names and each results JSON's createdAt. */
function checkFolder(out: string): { names: string[]; created: string[] } {
  const names = readdirSync(out).filter((n) => !n.startsWith('.')).sort();
  const created: string[] = [];
  for (const name of names) {
    const path = join(out, name);
    const bytes = readFileSync(path);
    if (name.endsWith('.json')) {
      const document = JSON.parse(bytes.toString('utf8')) as { kind: string; createdAt: string; files: string[]; epsilons: unknown[]; manifest: { weightsSha256: string } };
      assert.equal(document.kind, RESULTS_KIND, name);
      assert.match(document.manifest.weightsSha256, /^[0-9a-f]{64}$/, `${name}: manifest`);
      for (const file of document.files) assert.ok(names.includes(file), `${name} names ${file}, which is missing`);
      created.push(document.createdAt);
    } else if (name.endsWith('.csv')) {
      const lines = bytes.toString('utf8').trim().split('\n');
      assert.equal(lines[0], RESULTS_CSV_COLUMNS.join(','), `${name}: header`);
      assert.equal(lines.length, 1 + 3, `${name}: one row per epsilon`);
      for (const line of lines.slice(1)) assert.equal(line.split(',').length, RESULTS_CSV_COLUMNS.length, `${name}: ${line}`);
    } else if (name.endsWith('.html')) {
      assert.match(bytes.toString('utf8').trimEnd(), /<\/html>$/i, `${name} is cut short`);
    } else if (name.endsWith('.png')) {
      assert.ok(bytes.subarray(0, 8).equals(PNG_SIGNATURE) && bytes.includes(Buffer.from('IEND')), `${name} is not a whole PNG`);
    } else {
      assert.fail(`unexpected file ${name} in the results folder`);
    }
  }
  return { names, created };
}

test('SIGINT and SIGKILL at random moments never leave a partial or mixed results folder', { timeout: 600_000 }, async () => {
  const data = join(dir, 'data');
  await drawTinyFaces(data, { people: 3, perPerson: 6, size: 32 });
  const weights = join(dir, 'm');
  const trained = await runCli(['train', '--data', data, '--input-size', '32', '--epochs', '1', '--batch-size', '8', '--out', weights, '--no-png']);
  assert.equal(trained.code, 0, trained.stderr);
  const out = join(dir, 'results');
  const study = ['study', '--weights', `${weights}.json`, '--data', data, '--epsilons', '0,0.01,0.1', '--out', out, '--no-png'];

  // Timed from the run's first line: start-up (module loading) ends there, and Ctrl-C before it
  // just kills the process, which writes nothing anyway.
  let firstLine = 0;
  const first = await runCli(study, { onStart: (child) => child.stderr!.once('data', () => (firstLine = performance.now())) });
  const seconds = (performance.now() - firstLine) / 1000;
  assert.equal(first.code, 0, first.stderr);
  let previous = checkFolder(out);
  assert.ok(previous.names.includes('results_resnet18.json'), previous.names.join(', '));

  const random = seedrandom('fgsm-kill-test');
  const outcomes: string[] = [];
  const sigintStops: (number | null)[] = [];
  for (let round = 0; round < 10; round++) {
    const signal = round % 2 === 0 ? 'SIGINT' : 'SIGKILL';
    const delay = random() * seconds * 900;
    const run: CliRun = await runCli(study, {
      onStart: (child) => child.stderr!.once('data', () => void sleep(delay).then(() => child.kill(signal))),
    });
    const now = checkFolder(out);
    assert.deepEqual(now.names, previous.names, `round ${round} (${signal} after ${delay.toFixed(0)} ms): the file set changed`);
    if (run.code === 0) {
      outcomes.push(`${signal}@${delay.toFixed(0)}ms: finished first`);
      assert.notDeepEqual(now.created, previous.created, 'a finished run replaced the results');
    } else {
      outcomes.push(`${signal}@${delay.toFixed(0)}ms: ${run.code ?? run.signal}`);
      if (signal === 'SIGINT') sigintStops.push(run.code);
      // Stopped before its results were moved into place, or (rarely) just after: never in between,
      // which checkFolder's cross-checks (the JSON names existing files) would catch.
      const committed = now.created.some((c) => !previous.created.includes(c));
      if (committed) outcomes[outcomes.length - 1] += ' (after its results were in place)';
      if (signal === 'SIGINT' && !committed) {
        assert.equal(run.code, 130, `Ctrl-C after start-up must end the run cleanly: ${run.stderr}`);
        assert.match(run.stderr, /interrupted .*the folder keeps its previous results/);
      }
    }
    previous = now;
  }

  const last = await runCli(study);
  assert.equal(last.code, 0, `a run after the kills must succeed: ${last.stderr}`);
  checkFolder(out);
  assert.deepEqual(readdirSync(out).filter((n) => n.startsWith('.')), [], 'no lock, staging folder or temporary file is left');
  console.log(`kill rounds: ${outcomes.join('; ')}`);
});
