/**
 * `npm run verify` from the command line: a short run with the eyeglass attack; --json prints the
 * document written to disk, print sizes included; a bad flag is one clear line, no results.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { errorLines, runCli } from '../cli/helpers.js';

test('verify --json: the document on stdout is the file written, with the eyeglass rows and the print size', { timeout: 10 * 60_000 }, async () => {
  const out = mkdtempSync(join(tmpdir(), 'fgsm-faces-verify-cli-'));
  try {
    const run = await runCli(['verify', '--attacks', 'noise', '--epsilons', '0', '--l2-epsilons', 'none', '--matrix', '0', '--attacked', '1', '--regions', 'glasses', '--region-steps', '2', '--transfer', 'none', '--backend', 'onnx', '--no-png', '--json', '--out', out]);
    assert.equal(run.code, 0, run.stderr);
    const file = join(out, 'verification_orl_faces.json');
    assert.equal(run.stdout, readFileSync(file, 'utf8'));
    const document = JSON.parse(run.stdout);
    assert.deepEqual(document.results.regions.map((r: { threat: string; method: string }) => `${r.threat}/${r.method}`), ['dodging/optimised', 'dodging/random', 'impersonation/optimised', 'impersonation/random']);
    assert.equal(document.prints[0].file, 'glasses_print.png');
    assert.ok(existsSync(join(out, 'verification_orl_faces_regions', 'glasses_print.png')));
    assert.match(run.stderr, /dodging glasses \(6\.\d% of the face image\): \d+\/36/);

    const refused = await runCli(['verify', '--regions', 'glasses,hat', '--out', join(out, 'refused')]);
    assert.notEqual(refused.code, 0);
    assert.deepEqual(errorLines(refused.stderr).length, 1, refused.stderr);
    assert.match(refused.stderr, /--regions: unknown region "hat"; choose from glasses, forehead, cheek, or none\./);
    assert.equal(existsSync(join(out, 'refused', 'verification_orl_faces.json')), false);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
