/** The one atomic writer: whole file or nothing, its folder made on request, failures named. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileWriteError, syncToDisk, temporaryPathFor, writeFileAtomically, writeJsonAtomically } from '../../src/core/index.js';

test('writes whole files, replaces old ones, makes the folder only when asked, and names the file on failure', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fgsm-core-atomic-'));
  try {
    const target = join(dir, 'a', 'b.json');
    await assert.rejects(writeJsonAtomically(target, { x: 1 }), (e: unknown) => e instanceof FileWriteError && e.path === target && e.message.startsWith(`cannot write ${target}: `) && /Fix: /.test(e.message));
    await writeJsonAtomically(target, { x: 1 }, { makeFolder: true });
    await writeFileAtomically(target, 'second');
    assert.equal(readFileSync(target, 'utf8'), 'second');
    assert.deepEqual(readdirSync(join(dir, 'a')), ['b.json'], 'no temporary file left');
    writeFileSync(join(dir, 'file'), '');
    await assert.rejects(writeFileAtomically(join(dir, 'file', 'c.png'), 'x', { makeFolder: true }), FileWriteError);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('temporary names are hidden, keep the extension and name the process (a later run clears them)', () => {
  const name = temporaryPathFor(join('out', 'results_resnet18.png'));
  assert.match(name, new RegExp(`^out[/\\\\]\\.results_resnet18\\.png\\.${process.pid}-[0-9a-f]{8}\\.tmp\\.png$`));
});

test('syncToDisk flushes files and folders', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fgsm-core-sync-'));
  try {
    writeFileSync(join(dir, 'f'), 'data');
    await syncToDisk(join(dir, 'f'));
    await syncToDisk(dir);
    await assert.rejects(syncToDisk(join(dir, 'missing')), /ENOENT/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
