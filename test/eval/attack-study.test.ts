import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bimAttack, fgsmAttack, pgdAttack, randomSignNoise } from '../../src/attacks/index.js';
import { runAttackStudy, runFgsmSweep, type AttackStudyResults } from '../../src/eval/index.js';
import type { Classifier, ImageBatch, LabelledImages } from '../../src/engines/index.js';
import { batchesOf, linearSetup } from '../attacks/helpers.js';

const EPSILONS = [0, '1/255', 0.005, 0.01, 0.05] as const;
const ATTACKS = () => [fgsmAttack(), fgsmAttack({ target: 'next' }), bimAttack({ steps: 5 }), pgdAttack({ steps: 5, restarts: 2 }), randomSignNoise()];

function byName(results: AttackStudyResults, name: string) {
  const a = results.attacks.find((x) => x.name === name);
  assert.ok(a, `attack ${name} missing`);
  return a;
}

/** Results without timings, for comparisons. */
function timeless(r: AttackStudyResults) {
  return { ...r, seconds: 0, attacks: r.attacks.map((a) => ({ ...a, seconds: 0 })) };
}

test('the study agrees with the FGSM sweep, keeps its invariants, and is JSON data', async () => {
  const { model, images, labels } = await linearSetup(23);
  const study = await runAttackStudy(model, batchesOf(images, labels, 7), { attacks: ATTACKS(), epsilons: EPSILONS, quantise: true, seed: 1 });
  const sweep = await runFgsmSweep(model, batchesOf(images, labels, 7), { epsilons: study.epsilons });
  assert.deepEqual(study.epsilons, [0, 1 / 255, 0.005, 0.01, 0.05]);
  assert.equal(study.total, 23);
  assert.equal(study.clean.accuracy.count, sweep.results.initiallyCorrect);
  const fgsm = byName(study, 'fgsm');
  fgsm.results.forEach((r, e) => {
    // The notebook's rule is exactly the existing sweep's accuracy.
    assert.equal(r.robustAccuracyOriginalRule.count, sweep.results.epsilons[e]!.correct);
    assert.equal(r.attackSuccessRate.rate, sweep.results.epsilons[e]!.attackSuccessRate);
  });
  for (const a of study.attacks) {
    a.results.forEach((r) => {
      assert.equal(r.total, 23);
      assert.equal(r.cleanAccuracy.count, study.clean.accuracy.count);
      assert.ok(r.robustAccuracyOriginalRule.count <= r.robustAccuracy.count);
      assert.equal(r.robustAccuracyOriginalRule.count + r.attackSuccessRate.count, r.attackSuccessRate.total);
      assert.ok(r.perturbation.linfMax! <= r.epsilon + 1e-6, `${a.name} at ${r.epsilon}`);
      assert.ok(r.quantised !== null);
      assert.equal(r.perClass.classes.reduce((s, c) => s + c.accuracy.total, 0), 23);
      assert.equal(r.perClass.classes.reduce((s, c) => s + c.accuracy.count, 0), r.robustAccuracy.count);
      assert.equal(r.perClass.confusion.flat().reduce((s, c) => s + c, 0), 23);
      assert.equal(r.targetedSuccessRate === null, !a.targeted);
    });
    const zero = a.results[0]!;
    assert.equal(zero.robustAccuracy.count, study.clean.accuracy.count, `${a.name} at eps 0`);
    assert.equal(zero.perturbation.linfMax, 0);
    assert.ok(Math.abs(zero.perturbation.ssimMean! - 1) < 1e-12);
    assert.equal(zero.trueClassConfidence.after, zero.trueClassConfidence.before);
    assert.equal(a.curve.minimalEpsilon.length, 23);
    a.curve.monotoneRobust.forEach((m, i) => assert.ok(m <= a.curve.rawRobust[i]!));
    assert.equal(a.curve.monotoneRobust[0], study.clean.accuracy.count);
    assert.equal(a.monotoneRobustAccuracy[0]!.count, study.clean.accuracy.count);
  }
  // Stronger attacks leave fewer samples correct; noise the most; targeted success grows.
  const pgd = byName(study, 'pgd');
  const bim = byName(study, 'bim');
  const noise = byName(study, 'noise');
  fgsm.results.forEach((r, e) => {
    assert.ok(pgd.results[e]!.robustAccuracy.count <= r.robustAccuracy.count);
    assert.ok(bim.results[e]!.robustAccuracy.count <= r.robustAccuracy.count);
    assert.ok(noise.results[e]!.robustAccuracy.count >= r.robustAccuracy.count);
  });
  assert.ok(fgsm.results.at(-1)!.trueClassConfidence.after! < fgsm.results[0]!.trueClassConfidence.after!);
  const targeted = byName(study, 'fgsm-targeted').results.map((r) => r.targetedSuccessRate!.count);
  for (let i = 1; i < targeted.length; i++) assert.ok(targeted[i]! >= targeted[i - 1]!, String(targeted));
  assert.ok(targeted.at(-1)! >= 20);
  assert.ok(study.sanity.every((c) => c.ok), JSON.stringify(study.sanity));
  assert.deepEqual(study.sanity.map((c) => c.name), ['inputs-in-range', 'outputs-are-logits', ...study.attacks.map(() => 'epsilon-zero-is-clean'), 'perturbation-within-epsilon', 'pgd-at-least-fgsm', 'pgd-at-least-fgsm']);
  // One clean gradient per batch, plus one per batch for the targeted FGSM's targets.
  assert.equal(study.gradientPasses, 4 + 4);
  assert.deepEqual(byName(study, 'fgsm-targeted').options, { target: 'next', seed: 1 });
  assert.deepEqual(JSON.parse(JSON.stringify(study)), study);
});

test('the study does not depend on the batch size and is seeded', async () => {
  const { model, images, labels } = await linearSetup(12);
  const options = { attacks: [pgdAttack({ steps: 2, restarts: 2 }), randomSignNoise()], epsilons: [0.01, 0.03], seed: 'a' };
  const small = await runAttackStudy(model, batchesOf(images, labels, 5), options);
  const whole = await runAttackStudy(model, { batch: images, labels }, options);
  assert.deepEqual(timeless(small).attacks, timeless(whole).attacks);
  const other = await runAttackStudy(model, { batch: images, labels }, { ...options, seed: 'b' });
  assert.notDeepEqual(other.attacks[1]!.results[1]!.perturbation.l2Mean, whole.attacks[1]!.results[1]!.perturbation.l2Mean);
});

test('predicted labels are used and reported when asked', async () => {
  const { model, images, labels } = await linearSetup(8);
  const study = await runAttackStudy(model, [{ batch: images, labels }], { attacks: [fgsmAttack()], epsilons: [0.01], labels: 'predicted', ssim: false });
  assert.equal(study.attacks[0]!.labels, 'predicted');
  assert.equal(study.attacks[0]!.results[0]!.labels, 'predicted');
  assert.equal(study.attacks[0]!.results[0]!.perturbation.ssimMean, null);
  // Two samples have a wrong label, so the predicted labels need their own gradient.
  assert.equal(study.gradientPasses, 2);
});

test('sub-1/255 epsilons and failed sanity checks become warnings', async () => {
  const { model, images, labels } = await linearSetup(8);
  const study = await runAttackStudy(model, [{ batch: images, labels }], { attacks: [fgsmAttack()], epsilons: [0, 0.001], quantise: true });
  assert.equal(study.warnings.length, 1);
  assert.match(study.warnings[0]!, /epsilon 0.001 is below one 8-bit step/);

  // A model ending in softmax, whose logits() also disagrees with lossGradient(), and inputs out of range.
  const softmaxModel: Classifier = {
    spec: model.spec,
    engine: 'test/softmax',
    async logits(batch: ImageBatch) {
      return softmaxRows(await model.logits(batch), model.numClasses);
    },
    async lossGradient(batch, y) {
      const g = await model.lossGradient(batch, y);
      return { ...g, logits: softmaxRows(g.logits, model.numClasses).map((v, i) => (i % model.numClasses === 0 ? v + 2 : v)) };
    },
    dispose() {},
  };
  const scaled = { ...images, pixels: images.pixels.map((v) => v * 1.5) };
  const bad = await runAttackStudy(softmaxModel, [{ batch: scaled, labels }], { attacks: [fgsmAttack()], epsilons: [0] });
  const failed = Object.fromEntries(bad.sanity.map((c) => [c.name, c.ok]));
  assert.equal(failed['inputs-in-range'], false);
  assert.equal(failed['epsilon-zero-is-clean'], false);
  assert.ok(bad.warnings.some((w) => /inputs-in-range failed: clean pixels span \[[\d.e-]+, 1.4/.test(w)));

  const probabilities: Classifier = { ...softmaxModel, lossGradient: async (batch, y) => { const g = await model.lossGradient(batch, y); return { ...g, logits: softmaxRows(g.logits, model.numClasses) }; } };
  const probs = await runAttackStudy(probabilities, [{ batch: images, labels }], { attacks: [fgsmAttack()], epsilons: [0] });
  assert.deepEqual(probs.sanity.find((c) => c.name === 'outputs-are-logits')!.ok, false);

  // A PGD with a negligible step is weaker than FGSM: flagged.
  const weak = await runAttackStudy(model, [{ batch: images, labels }], { attacks: [fgsmAttack(), pgdAttack({ steps: 1, stepSize: 1e-6 })], epsilons: [0.02] });
  const gap = weak.sanity.find((c) => c.name === 'pgd-at-least-fgsm')!;
  assert.equal(gap.ok, false);
  assert.match(gap.detail, /pgd leaves MORE samples correct than fgsm at epsilon 0.02/);
});

test('study inputs are validated', async () => {
  const { model, images, labels } = await linearSetup(2);
  const data: LabelledImages[] = [{ batch: images, labels }];
  await assert.rejects(runAttackStudy(model, data, { attacks: [], epsilons: [0] }), /No attacks given/);
  await assert.rejects(runAttackStudy(model, data, { attacks: [fgsmAttack()], epsilons: [] }), /epsilon list is empty/);
  await assert.rejects(runAttackStudy(model, data, { attacks: [fgsmAttack()], epsilons: ['2/25x'] }), /Invalid epsilon "2\/25x"/);
  await assert.rejects(runAttackStudy(model, data, { attacks: [pgdAttack(), pgdAttack({ steps: 3 })], epsilons: [0] }), /Two attacks are named "pgd"/);
  await assert.rejects(runAttackStudy(model, [], { attacks: [fgsmAttack()], epsilons: [0] }), /got no images/);
});

function softmaxRows(logits: Float32Array, k: number): Float32Array {
  const out = new Float32Array(logits.length);
  for (let r = 0; r < logits.length / k; r++) {
    const row = logits.subarray(r * k, (r + 1) * k);
    const m = Math.max(...row);
    const e = Array.from(row, (v) => Math.exp(v - m));
    const s = e.reduce((a, b) => a + b, 0);
    e.forEach((v, j) => (out[r * k + j] = v / s));
  }
  return out;
}

test("scope 'clean-correct' (the original's rule) attacks only clean-correct samples, with the same per-sample draws as scope 'all'", async () => {
  const { model, images, labels } = await linearSetup(23);
  const attacks = () => [fgsmAttack(), pgdAttack({ steps: 3, restarts: 2 }), randomSignNoise(), fgsmAttack({ target: (label: number, index: number) => (label + 1 + (index % 2)) % model.spec.numClasses, name: 'by-index' })];
  const counting = (seen: number[]): Classifier => ({
    spec: model.spec,
    engine: model.engine,
    logits: (b) => (seen.push(b.count), model.logits(b)),
    lossGradient: (b, l) => (seen.push(b.count), model.lossGradient(b, l)),
    dispose: () => undefined,
  });
  const seenAll: number[] = [];
  const seenOriginal: number[] = [];
  const all = await runAttackStudy(counting(seenAll), batchesOf(images, labels, 7), { attacks: attacks(), epsilons: EPSILONS, seed: 3, ssim: false });
  const original = await runAttackStudy(counting(seenOriginal), batchesOf(images, labels, 7), { attacks: attacks(), epsilons: EPSILONS, seed: 3, ssim: false, scope: 'clean-correct', examples: 2 });
  assert.equal(original.scope, 'clean-correct');
  const cleanCorrect = original.clean.accuracy.count;
  assert.ok(cleanCorrect > 0 && cleanCorrect < 23, `the linear model should get some samples wrong (${cleanCorrect}/23)`);
  const samples = (seen: number[]) => seen.reduce((sum, count) => sum + count, 0);
  assert.ok(samples(seenOriginal) < samples(seenAll), `clean-wrong samples are not attacked: ${samples(seenOriginal)} vs ${samples(seenAll)} samples through the model`);
  original.attacks.forEach((attack, a) => {
    attack.results.forEach((r, e) => {
      const reference = all.attacks[a]!.results[e]!;
      // Random starts, noise and index-dependent targets are drawn per global sample index: same samples, same draws.
      assert.equal(r.robustAccuracyOriginalRule.count, reference.robustAccuracyOriginalRule.count, `${attack.name} at ${r.epsilon}`);
      assert.equal(r.robustAccuracy.count, r.robustAccuracyOriginalRule.count, 'an unattacked clean-wrong sample stays wrong');
      assert.equal(r.attackSuccessRate.count, reference.attackSuccessRate.count);
      assert.equal(r.total, 23);
      const kept = original.examples![a]![e]!;
      assert.equal(kept.records.length, kept.images.length);
      assert.ok(kept.records.length <= 2);
      kept.records.forEach((x) => assert.equal(x.initialPrediction, x.trueLabel, 'examples come from clean-correct samples'));
    });
  });
  assert.equal(all.examples, undefined, 'no images kept unless asked');
});
