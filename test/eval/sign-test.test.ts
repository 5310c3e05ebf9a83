import { test } from 'node:test';
import assert from 'node:assert/strict';
import { signTest } from '../../src/eval/index.js';

test('the exact sign test: two-sided binomial tail at one half', () => {
  // 9 against 1: 2 * (1 + 10) / 2^10.
  const close = (actual: number, expected: number) => assert.ok(Math.abs(actual - expected) <= 1e-12 * Math.max(1, expected), `${actual} != ${expected}`);
  close(signTest(9, 1).pValue, 22 / 1024);
  close(signTest(1, 9).pValue, 22 / 1024);
  assert.equal(signTest(5, 5).pValue, 1);
  assert.equal(signTest(0, 0).pValue, 1);
  assert.equal(signTest(2, 0).pValue, 0.5);
  // Large counts stay finite in log space (exact values from Python's integer binomials).
  assert.ok(Math.abs(signTest(300, 200).pValue / 8.940066542253267e-6 - 1) < 1e-9);
  assert.ok(Math.abs(signTest(260, 240).pValue / 0.3955107714348578 - 1) < 1e-9);
  assert.throws(() => signTest(-1, 2), /whole counts/);
});
