/**
 * The API reference builds (`npm run docs:api`, TypeDoc over the two entry points) with no error
 * and no warning: every type a public signature names is exported, every doc comment parses.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

test('the API reference builds without warnings and documents both entry points', (t) => {
  const out = mkdtempSync(join(tmpdir(), 'fgsm-api-'));
  t.after(() => rmSync(out, { recursive: true, force: true }));
  // typedoc.json sets treatWarningsAsErrors, so a type left unexported fails here.
  const result = spawnSync(process.execPath, ['node_modules/typedoc/bin/typedoc', '--out', out], { encoding: 'utf8', timeout: 300_000 });
  assert.equal(result.status, 0, `typedoc failed:\n${result.stdout}\n${result.stderr}`);
  assert.ok(existsSync(join(out, 'index.html')));
  const modules = readdirSync(join(out, 'modules')).sort();
  assert.deepEqual(modules, ['index.html', 'notebook.html']);
  const functions = new Set(readdirSync(join(out, 'functions')));
  for (const page of ['index.study.html', 'index.loadClassifier.html', 'index.fgsmAttack.html', 'notebook.showFigure.html']) {
    assert.ok(functions.has(page), `the reference has ${page}`);
  }
});
