/**
 * Ctrl-C during `train`: exit code 130, a clear message, and the best checkpoint so far kept and
 * loadable. On this data the first epoch already reaches the best validation accuracy, so no later
 * checkpoint save (file I/O) gives the event loop a turn: the signal must be seen between batches.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadClassifier } from '../../src/engines/index.js';
import { drawTinyFaces, runCli } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'fgsm-sigint-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('SIGINT after the first checkpoint: exit 130, "interrupted", the checkpoint loads', async () => {
  const data = join(dir, 'data');
  await drawTinyFaces(data, { people: 3, perPerson: 6, size: 32 });
  const out = join(dir, 'models', 'm');
  const checkpoint = `${out}.json`;
  let killedForGood = false;
  const run = await runCli(['train', '--data', data, '--input-size', '32', '--epochs', '500', '--batch-size', '8', '--out', out, '--no-png'], {
    onStart: (child) => {
      void (async () => {
        for (let waited = 0; !existsSync(checkpoint) && waited < 120_000; waited += 100) await sleep(100);
        child.kill('SIGINT');
        // Stopping takes one batch (well under a second here). A run that ignores Ctrl-C would train
        // its 500 epochs: stop it and let the assertions say why.
        await sleep(20_000);
        if (child.exitCode === null && child.signalCode === null) {
          killedForGood = true;
          child.kill('SIGKILL');
        }
      })();
    },
  });
  assert.equal(killedForGood, false, `the run did not stop within 20 s of SIGINT; stderr:\n${run.stderr}`);
  assert.equal(run.code, 130, run.stderr);
  assert.match(run.stderr, /fgsm-faces: interrupted after \d+ of 500 epochs: kept the best checkpoint \(epoch \d+, validation accuracy [\d.]+%\) in /);
  const history = JSON.parse(readFileSync(`${out}.history.json`, 'utf8')) as { interrupted: boolean; history: unknown[] };
  assert.equal(history.interrupted, true);
  assert.ok(history.history.length < 500);
  const loaded = await loadClassifier({ weights: checkpoint });
  try {
    assert.equal(loaded.spec.architecture, 'resnet18');
    assert.equal(loaded.metadata?.extra?.splitFile, 'm.split.json');
  } finally {
    loaded.classifier.dispose();
  }
});
