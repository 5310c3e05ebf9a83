import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, openRunFolder } from '../../src/study/index.js';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'fgsm-run-folder-'));
}

/** The id of a process that has exited: what a killed run leaves in its lock. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

test('commit moves the staged files into place and drops the stage and the lock', async () => {
  const out = tempDir();
  try {
    writeFileSync(join(out, 'results_old.json'), '{"old":true}');
    const run = await openRunFolder(out);
    assert.ok(existsSync(join(out, '.fgsm-faces.lock')));
    writeFileSync(join(run.stage, 'results_a.csv'), 'epsilon\n0\n');
    writeFileSync(join(run.stage, 'results_a.json'), '{}');
    const files = await run.commit();
    assert.deepEqual(files, [join(out, 'results_a.csv'), join(out, 'results_a.json')], 'JSON last: it names the others');
    assert.deepEqual(readdirSync(out).sort(), ['results_a.csv', 'results_a.json', 'results_old.json']);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('discard leaves the previous results exactly as they were', async () => {
  const out = tempDir();
  try {
    writeFileSync(join(out, 'results_a.json'), '{"previous":true}');
    const run = await openRunFolder(out);
    writeFileSync(join(run.stage, 'results_a.json'), '{"half":');
    await run.discard();
    assert.deepEqual(readdirSync(out), ['results_a.json']);
    assert.equal(readFileSync(join(out, 'results_a.json'), 'utf8'), '{"previous":true}');
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('a second run into a folder in use is refused with the holder named; a dead holder is taken over', async () => {
  const out = tempDir();
  const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
  try {
    writeFileSync(join(out, '.fgsm-faces.lock'), JSON.stringify({ pid: sleeper.pid, startedAt: '2026-11-25T00:00:00Z' }));
    await assert.rejects(openRunFolder(out), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.match(error.message, new RegExp(`another fgsm-faces run \\(process ${sleeper.pid}`));
      assert.match(error.message, /choose another --out/);
      return true;
    });
    writeFileSync(join(out, '.fgsm-faces.lock'), JSON.stringify({ pid: deadPid(), startedAt: '2026-11-25T00:00:00Z' }));
    const run = await openRunFolder(out);
    assert.equal(JSON.parse(readFileSync(join(out, '.fgsm-faces.lock'), 'utf8')).pid, process.pid);
    await run.discard();
  } finally {
    sleeper.kill();
    rmSync(out, { recursive: true, force: true });
  }
});

test('what a killed run left (staging folder, temporary files) is removed, and said', async () => {
  const out = tempDir();
  try {
    const pid = deadPid();
    mkdirSync(join(out, `.fgsm-run-${pid}-0badc0de`));
    writeFileSync(join(out, `.fgsm-run-${pid}-0badc0de`, 'results_a.json'), '{"half":');
    writeFileSync(join(out, `.results_a.json.${pid}-0badc0de.tmp.json`), '{"half":');
    writeFileSync(join(out, 'results_a.json'), '{}');
    const warnings: string[] = [];
    const run = await openRunFolder(out, { warn: (m) => warnings.push(m) });
    await run.discard();
    assert.deepEqual(readdirSync(out), ['results_a.json']);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /interrupted earlier run/);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
