/** Verification metrics on hand-checked distances: accept below the threshold, FAR-chosen thresholds, ROC, EER, AUC. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { acceptRate, equalErrorRate, rocArea, rocCurve, thresholdAtFar } from '../../src/eval/index.js';

const GENUINE = [0.2, 0.3, 0.35, 0.5, 0.7];
const IMPOSTOR = [0.4, 0.6, 0.65, 0.8, 0.9, 1.0, 1.1, 1.2, 1.3, 1.4];

test('a pair is accepted only strictly below the threshold (face-api: distance < 0.6 is a match)', () => {
  assert.equal(acceptRate(GENUINE, 0.5).count, 3);
  assert.equal(acceptRate(GENUINE, 0.5000001).count, 4);
  const far = acceptRate(IMPOSTOR, 0.6);
  assert.deepEqual([far.count, far.total, far.rate], [1, 10, 0.1]);
  assert.ok(far.lower > 0 && far.upper < 0.5, 'with its Wilson interval');
});

test('the threshold at a target FAR is the largest whose FAR does not exceed it', () => {
  const at10 = thresholdAtFar(IMPOSTOR, 0.1);
  assert.equal(at10.threshold, 0.6);
  assert.equal(at10.achievedFar, 0.1);
  assert.equal(at10.measurable, true);
  const at25 = thresholdAtFar(IMPOSTOR, 0.25);
  assert.equal(at25.threshold, 0.65);
  assert.equal(at25.achievedFar, 0.2);
  const at0 = thresholdAtFar(IMPOSTOR, 0);
  assert.equal(at0.threshold, 0.4);
  assert.equal(at0.achievedFar, 0);
  assert.equal(thresholdAtFar(IMPOSTOR, 1).threshold, Infinity);
  // 10 impostor pairs cannot measure a FAR of 1e-3: the threshold accepts none of them, and says so.
  const tiny = thresholdAtFar(IMPOSTOR, 1e-3);
  assert.deepEqual([tiny.threshold, tiny.achievedFar, tiny.measurable], [0.4, 0, false]);
  // Ties: never more accepted than allowed.
  const tied = thresholdAtFar([0.5, 0.5, 0.5, 0.9], 0.5);
  assert.equal(tied.achievedFar, 0);
  assert.throws(() => thresholdAtFar(IMPOSTOR, 2), /target false accept rate must be in \[0, 1\], got 2/);
  assert.throws(() => thresholdAtFar([], 0.1), /no impostor pairs/);
  assert.throws(() => thresholdAtFar([NaN], 0.1), /NaN/);
});

test('ROC points, EER and AUC', () => {
  const roc = rocCurve(GENUINE, IMPOSTOR);
  assert.deepEqual(roc[0], { threshold: 0.2, far: 0, tar: 0, frr: 1 });
  assert.deepEqual(roc.at(-1), { threshold: Infinity, far: 1, tar: 1, frr: 0 });
  for (let k = 1; k < roc.length; k++) assert.ok(roc[k]!.far >= roc[k - 1]!.far && roc[k]!.tar >= roc[k - 1]!.tar, 'monotone');
  const at06 = roc.find((p) => p.threshold === 0.6)!;
  assert.deepEqual([at06.far, at06.tar], [0.1, 0.8]);
  // At 0.65: FAR 2/10, FRR 1/5 -> equal.
  const eer = equalErrorRate(GENUINE, IMPOSTOR);
  assert.deepEqual([eer.threshold, eer.far, eer.frr, eer.eer], [0.65, 0.2, 0.2, 0.2]);
  // AUC = P(genuine < impostor): of 50 pairs, 0.5 beats 0.4? no; 0.7 loses to 0.4, 0.6, 0.65 -> 46/50.
  assert.ok(Math.abs(rocArea(roc) - 46 / 50) < 1e-12, `AUC ${rocArea(roc)}`);
  assert.equal(rocArea(rocCurve([0.1], [0.9])), 1);
  assert.throws(() => rocCurve([], IMPOSTOR), /needs genuine and impostor pairs/);
});
