/**
 * A ~1 KB .pth that declares a 40 GB tensor must be refused with bounded memory: measured as the
 * peak RSS of a fresh child process that only loads it (the test runner's own RSS would blur it).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { float32Bytes, pushTensor, stateDictPickle, torchZip } from '../../scripts/fuzz/pth-build.js';

const LIMIT = 200 * 1024 * 1024;

const loader = `
import { readPthFile } from './src/weights/pth.ts';
let outcome;
try { await readPthFile(process.argv[1]); outcome = 'accepted'; } catch (error) { outcome = error.name + ': ' + error.message; }
console.log(JSON.stringify({ outcome, maxRss: process.resourceUsage().maxRSS * 1024 }));
`;

test('a 1 KB file declaring a 40 GB tensor: clear error, peak RSS under 200 MB', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'fgsm-rss-'));
  try {
    const variants: [string, Uint8Array][] = [
      // The storage itself claims 10^10 float32 (40 GB).
      ['storage', torchZip(stateDictPickle([['fc.weight', (w) => pushTensor(w, { key: '0', numel: 1e10 }, 0, [100000, 100000], [100000, 1])]]), { '0': float32Bytes([1, 2, 3, 4]) })],
      // A 4-element storage with a 40 GB stride-0 view over it.
      ['view', torchZip(stateDictPickle([['fc.weight', (w) => pushTensor(w, { key: '0', numel: 4 }, 0, [100000, 100000], [0, 0])]]), { '0': float32Bytes([1, 2, 3, 4]) })],
    ];
    for (const [label, bytes] of variants) {
      assert.ok(bytes.length < 1200, `${label}: ${bytes.length} bytes`);
      const file = join(dir, `${label}.pth`);
      writeFileSync(file, bytes);
      const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', loader, file], { encoding: 'utf8', timeout: 60_000 });
      assert.equal(child.status, 0, child.stderr);
      const { outcome, maxRss } = JSON.parse(child.stdout.trim().split('\n').pop()!) as { outcome: string; maxRss: number };
      t.diagnostic(`${label}: ${bytes.length}-byte file, peak RSS ${(maxRss / 1024 / 1024).toFixed(1)} MB: ${outcome}`);
      assert.match(outcome, /^WeightsError: .*\.pth: /);
      assert.match(outcome, label === 'storage' ? /declares 10000000000 float32 elements \(37\.3 GiB\)/ : /it has 10000000000 elements/);
      assert.ok(maxRss < LIMIT, `peak RSS ${maxRss} bytes`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
