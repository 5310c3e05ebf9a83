import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fgsmStep } from '../../src/attacks/index.js';
import { PerClassCounter, quantile, quantisationWarnings, quantise8Bit } from '../../src/eval/index.js';

test('8-bit quantisation rounds to the nearest grey level', () => {
  const q = quantise8Bit(Float32Array.from([0, 1, 0.5, 0.001, 0.002, 10 / 255 + 0.3 / 255]));
  assert.deepEqual(Array.from(q), Array.from(Float32Array.from([0, 1, 128 / 255, 0, 1 / 255, 10 / 255])));
});

test('an epsilon below 1/255 gets a warning; 0 and larger ones do not', () => {
  const w = quantisationWarnings([0, 0.0001, 0.001, 1 / 255, 0.01]);
  assert.equal(w.length, 2);
  assert.match(w[0]!, /epsilon 0.0001 is below one 8-bit step/);
  assert.match(w[1]!, /epsilon 0.001 /);
});

test('per-class accuracy and the confusion matrix', () => {
  const c = new PerClassCounter(3);
  for (const [y, p] of [[0, 0], [0, 1], [1, 1], [1, 1], [2, 0]] as const) c.add(y, p);
  const r = c.results();
  assert.deepEqual(r.confusion, [[1, 1, 0], [0, 2, 0], [1, 0, 0]]);
  assert.deepEqual(r.classes.map((x) => [x.label, x.accuracy.count, x.accuracy.total]), [[0, 1, 2], [1, 2, 2], [2, 0, 1]]);
  assert.throws(() => c.add(0, 3), /outside 0..2/);
});

test('quantile interpolates linearly like numpy', () => {
  assert.equal(quantile([1, 2, 3, 4], 0.5), 2.5);
  assert.ok(Math.abs(quantile([5, 1, 4, 2, 3], 0.95)! - 4.8) < 1e-12);
  assert.equal(quantile([], 0.5), null);
});

test('8-bit saving: an FGSM step of k/255 survives exactly; one below 0.5/255 vanishes', () => {
  // Decoded images sit on the 8-bit grid, as every image read from a JPEG/PNG does.
  const clean = Float32Array.from({ length: 3000 }, (_, i) => ((i * 37) % 256) / 255);
  const gradient = Float32Array.from({ length: clean.length }, (_, i) => Math.sin(i * 1.7));
  for (const k of [2, 8]) {
    const adversarial = fgsmStep(clean, gradient, k / 255);
    const saved = quantise8Bit(adversarial);
    let worst = 0;
    for (let i = 0; i < saved.length; i++) worst = Math.max(worst, Math.abs(saved[i]! - adversarial[i]!));
    assert.ok(worst <= 1e-6, `at ${k}/255 rounding moved a pixel by ${worst}: more than float rounding`);
  }
  for (const eps of [0.4 / 255, 0.001, 0.0001]) {
    assert.deepEqual(quantise8Bit(fgsmStep(clean, gradient, eps)), quantise8Bit(clean), `at ${eps} the attack should vanish when saved`);
  }
});
