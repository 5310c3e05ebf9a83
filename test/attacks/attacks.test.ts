import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CleanGradients, bimAttack, fgsmAttack, fgsmStep, linfStep, pgdAttack, randomSignNoise, type Attack } from '../../src/attacks/index.js';
import { argmaxRow } from '../../src/eval/index.js';
import { sliceBatch } from '../helpers/linear-classifier.js';
import { accuracy, CLASSES, linearSetup, linfDistance } from './helpers.js';

const EPSILONS = [0, 0.002, 0.005, 0.01, '8/255', 0.05] as const;

function targetedSuccess(logits: Float32Array, targets: Int32Array): number {
  let hit = 0;
  for (let n = 0; n < targets.length; n++) if (argmaxRow(logits, n, CLASSES) === targets[n]) hit++;
  return hit / targets.length;
}

test('PGD with 1 step, no random start and step = eps is FGSM bit for bit (untargeted and targeted)', async () => {
  const { model, images, labels } = await linearSetup(9);
  for (const eps of [0.003, 0.01, 0.2]) {
    const fgsm = await fgsmAttack({ epsilon: eps }).run(model, images, labels);
    const pgd = await pgdAttack({ epsilon: eps, steps: 1, stepSize: eps, randomStart: false }).run(model, images, labels);
    assert.deepEqual(Array.from(pgd.adversarial.pixels), Array.from(fgsm.adversarial.pixels), `untargeted eps ${eps}`);
    const bim = await bimAttack({ epsilon: eps, steps: 1, stepSize: eps }).run(model, images, labels);
    assert.deepEqual(Array.from(bim.adversarial.pixels), Array.from(fgsm.adversarial.pixels));
    const fgsmT = await fgsmAttack({ epsilon: eps, target: 'next' }).run(model, images, labels);
    const pgdT = await pgdAttack({ epsilon: eps, steps: 1, stepSize: eps, randomStart: false, target: 'next' }).run(model, images, labels);
    assert.deepEqual(Array.from(pgdT.adversarial.pixels), Array.from(fgsmT.adversarial.pixels), `targeted eps ${eps}`);
  }
  // And the wrapped FGSM is the existing fgsmStep on the true-label gradient.
  const { gradient } = await model.lossGradient(images, labels);
  const wrapped = await fgsmAttack({ epsilon: 0.01 }).run(model, images, labels);
  assert.deepEqual(Array.from(wrapped.adversarial.pixels), Array.from(fgsmStep(images.pixels, gradient, 0.01)));
});

test('targeted FGSM descends the target loss: x - eps * sign(grad CE(x, target))', async () => {
  const { model, images, labels } = await linearSetup(6);
  const attack = fgsmAttack({ epsilon: 0.01, target: 2 });
  const result = await attack.run(model, images, labels);
  assert.deepEqual(Array.from(result.targets!), [2, 2, 2, 2, 2, 2]);
  const { gradient } = await model.lossGradient(images, result.targets!);
  const e = Math.fround(0.01);
  images.pixels.forEach((x, i) => {
    const g = gradient[i]!;
    const expected = Math.fround(Math.min(1, Math.max(0, g > 0 ? x - e : g < 0 ? x + e : x)));
    assert.equal(result.adversarial.pixels[i], expected);
  });
  assert.equal(attack.name, 'fgsm-targeted');
  assert.equal(attack.targeted, true);
});

test('targeted success rises with epsilon; the untargeted step on target labels does not reach the target', async () => {
  const { model, images, labels } = await linearSetup(40);
  const targetedRates: number[] = [];
  const wrongSignRates: number[] = [];
  for (const eps of EPSILONS) {
    const targeted = await fgsmAttack({ epsilon: eps, target: 'next' }).run(model, images, labels);
    const targets = targeted.targets!;
    targetedRates.push(targetedSuccess(await model.logits(targeted.adversarial), targets));
    // The classic bug: ascending CE(x, target) instead of descending it.
    const flipped = await fgsmAttack({ epsilon: eps }).run(model, images, targets);
    wrongSignRates.push(targetedSuccess(await model.logits(flipped.adversarial), targets));
  }
  for (let i = 1; i < targetedRates.length; i++) assert.ok(targetedRates[i]! >= targetedRates[i - 1]!, `targeted success ${targetedRates}`);
  assert.ok(targetedRates.at(-1)! >= 0.9, `targeted success at 0.05: ${targetedRates.at(-1)}`);
  assert.ok(wrongSignRates.at(-1)! <= 0.05, `wrong-sign success ${wrongSignRates}`);
  // BIM and PGD targeted reach the target too.
  const bim = await bimAttack({ epsilon: 0.05, target: 'next' }).run(model, images, labels);
  assert.ok(targetedSuccess(await model.logits(bim.adversarial), bim.targets!) >= 0.9);
  const pgd = await pgdAttack({ epsilon: 0.05, target: 'next', restarts: 2 }).run(model, images, labels);
  assert.ok(targetedSuccess(pgd.logits!, pgd.targets!) >= 0.9);
});

test('every attack stays within the eps-ball (+ float32 rounding) and inside [0,1]', async () => {
  const { model, images, labels } = await linearSetup(7);
  // Push some pixels to the borders so clamping is exercised.
  for (let i = 0; i < images.pixels.length; i += 7) images.pixels[i] = i % 2 ? 0 : 1;
  const attacks: Attack[] = [
    fgsmAttack(),
    fgsmAttack({ target: 1 }),
    bimAttack({ steps: 5 }),
    pgdAttack({ steps: 5, restarts: 3, seed: 4 }),
    pgdAttack({ steps: 3, stepSize: '4/255', target: 'next' }),
    randomSignNoise({ seed: 9 }),
  ];
  for (const base of attacks) {
    for (const eps of EPSILONS) {
      const attack = base.with({ epsilon: eps });
      const { adversarial } = await attack.run(model, images, labels);
      assert.equal(adversarial.count, images.count);
      assert.equal(adversarial.pixels.length, images.pixels.length);
      assert.ok(linfDistance(adversarial.pixels, images.pixels) <= attack.epsilon + 1e-6, `${attack.name} eps ${eps}`);
      assert.ok(adversarial.pixels.every((v) => v >= 0 && v <= 1), `${attack.name} eps ${eps} leaves [0,1]`);
      if (attack.epsilon === 0) assert.deepEqual(Array.from(adversarial.pixels), Array.from(images.pixels));
    }
  }
});

test('BIM and PGD at the same eps are at least as strong as FGSM on the linear model', async () => {
  const { model, images, labels } = await linearSetup(40);
  for (const eps of [0.002, 0.005, 0.01]) {
    const robust = async (attack: Attack) => {
      const r = await attack.run(model, images, labels);
      return accuracy(r.logits ?? (await model.logits(r.adversarial)), labels);
    };
    const fgsm = await robust(fgsmAttack({ epsilon: eps }));
    const bim = await robust(bimAttack({ epsilon: eps, steps: 10 }));
    const pgd = await robust(pgdAttack({ epsilon: eps, steps: 10, restarts: 2 }));
    assert.ok(bim <= fgsm, `eps ${eps}: BIM ${bim} > FGSM ${fgsm}`);
    assert.ok(pgd <= fgsm, `eps ${eps}: PGD ${pgd} > FGSM ${fgsm}`);
  }
});

test('random-sign noise is seeded, has the same L-inf size, and is weaker than FGSM', async () => {
  const { model, images, labels } = await linearSetup(40);
  const a = await randomSignNoise({ epsilon: 0.01, seed: 1 }).run(model, images, labels);
  const b = await randomSignNoise({ epsilon: 0.01, seed: 1 }).run(model, images, labels);
  const c = await randomSignNoise({ epsilon: 0.01, seed: 2 }).run(model, images, labels);
  assert.deepEqual(a.adversarial.pixels, b.adversarial.pixels);
  assert.notDeepEqual(a.adversarial.pixels, c.adversarial.pixels);
  assert.ok(Math.abs(linfDistance(a.adversarial.pixels, images.pixels) - 0.01) < 1e-6);
  const noiseAcc = accuracy(await model.logits(a.adversarial), labels);
  const fgsmAcc = accuracy(await model.logits((await fgsmAttack({ epsilon: 0.01 }).run(model, images, labels)).adversarial), labels);
  assert.ok(fgsmAcc < noiseAcc, `FGSM ${fgsmAcc} vs noise ${noiseAcc}`);
  assert.ok(noiseAcc >= accuracy(await model.logits(images), labels) - 0.1, 'noise of this size barely changes accuracy');
});

test('random starts and noise depend on the sample, not on how the data is batched', async () => {
  const { model, images, labels } = await linearSetup(6);
  for (const attack of [randomSignNoise({ epsilon: 0.02, seed: 3 }), pgdAttack({ epsilon: 0.02, steps: 2, restarts: 2, seed: 3 })]) {
    const whole = await attack.run(model, images, labels);
    const parts = new Float32Array(images.pixels.length);
    const size = SIZE_OF(images);
    for (const [s, e] of [[0, 4], [4, 6]] as const) {
      const r = await attack.run(model, sliceBatch(images, s, e), labels.slice(s, e), { sampleOffset: s });
      parts.set(r.adversarial.pixels, s * size);
    }
    assert.deepEqual(parts, whole.adversarial.pixels, attack.name);
  }
  // A different seed moves the random start.
  const p1 = await pgdAttack({ epsilon: 0.02, steps: 1, stepSize: 0, seed: 1 }).run(model, images, labels);
  const p2 = await pgdAttack({ epsilon: 0.02, steps: 1, stepSize: 0, seed: 2 }).run(model, images, labels);
  assert.notDeepEqual(p1.adversarial.pixels, p2.adversarial.pixels);
});

function SIZE_OF(images: { height: number; width: number }): number {
  return images.height * images.width * 3;
}

test('PGD restarts keep, per sample, a fooling restart, else the highest-loss one', async () => {
  const { model, images, labels } = await linearSetup(30);
  const eps = 0.004;
  const multi = await pgdAttack({ epsilon: eps, steps: 3, restarts: 3, seed: 5 }).run(model, images, labels);
  const first = await pgdAttack({ epsilon: eps, steps: 3, restarts: 1, seed: 5 }).run(model, images, labels);
  // Restart 0 of the multi-restart run is the single-restart run; more restarts never lose a fooled sample.
  const fooled = (logits: Float32Array) => Array.from(labels, (y, n) => argmaxRow(logits, n, CLASSES) !== y);
  const f1 = fooled(first.logits!);
  const f3 = fooled(multi.logits!);
  f1.forEach((f, n) => assert.ok(!f || f3[n], `sample ${n} fooled by restart 0 but not kept`));
  assert.ok(multi.restartKept!.every((r) => r >= 0 && r < 3));
  // The returned logits are those of the returned images.
  assert.deepEqual(await model.logits(multi.adversarial), multi.logits);
});

test('predicted labels: the result says which labels were used', async () => {
  const { model, images, labels } = await linearSetup(8);
  const truth = await fgsmAttack({ epsilon: 0.01 }).run(model, images, labels);
  assert.equal(truth.labelSource, 'true');
  assert.deepEqual(truth.referenceLabels, labels);
  const predicted = await fgsmAttack({ epsilon: 0.01, labels: 'predicted' }).run(model, images, labels);
  assert.equal(predicted.labelSource, 'predicted');
  const clean = await model.logits(images);
  assert.deepEqual(Array.from(predicted.referenceLabels), Array.from(labels, (_, n) => argmaxRow(clean, n, CLASSES)));
  // Every 4th label is wrong on purpose, so the two attacks differ on those samples only.
  assert.notDeepEqual(predicted.adversarial.pixels, truth.adversarial.pixels);
  const t = await fgsmAttack({ epsilon: 0.01, labels: 'predicted', target: 'next' }).run(model, images, labels);
  assert.deepEqual(Array.from(t.targets!), Array.from(predicted.referenceLabels, (y) => (y + 1) % CLASSES));
});

test('the clean gradient is shared across epsilons and with BIM\'s first step', async () => {
  const { model, images, labels } = await linearSetup(5);
  const gradients = new CleanGradients(model, images);
  model.gradientCalls = 0;
  for (const eps of [0.001, 0.01, 0.1]) await fgsmAttack({ epsilon: eps }).run(model, images, labels, { gradients });
  assert.equal(model.gradientCalls, 1);
  await bimAttack({ epsilon: 0.01, steps: 3 }).run(model, images, labels, { gradients });
  assert.equal(model.gradientCalls, 1 + 2);
  await fgsmAttack({ epsilon: 0.01, target: 'next' }).run(model, images, labels, { gradients });
  await fgsmAttack({ epsilon: 0.02, target: 'next' }).run(model, images, labels, { gradients });
  assert.equal(model.gradientCalls, 4);
});

test('bad attack options fail clearly', () => {
  assert.throws(() => fgsmAttack({ epsilon: '3/256' }), /Invalid epsilon "3\/256"/);
  assert.throws(() => pgdAttack({ steps: 0 }), /Invalid steps 0/);
  assert.throws(() => pgdAttack({ restarts: 2, randomStart: false }), /needs randomStart/);
  assert.throws(() => pgdAttack({ stepSize: 'x' }), /Invalid step size "x"/);
  assert.throws(() => fgsmAttack({ target: -1 }), /Invalid target -1/);
  assert.throws(() => fgsmAttack({ labels: 'guess' as never }), /Invalid labels option "guess"/);
});

test('targets outside the model are refused', async () => {
  const { model, images, labels } = await linearSetup(2);
  await assert.rejects(fgsmAttack({ target: 7 }).run(model, images, labels), /Target class 7 is outside 0..3/);
});

test('linfStep projects onto the ball around the origin, then onto [0,1]', () => {
  const origin = Float32Array.from([0.5, 0.5, 0.99, 0.01, 0.5]);
  const current = Float32Array.from([0.52, 0.48, 0.99, 0.01, 0.5]);
  const gradient = Float32Array.from([1, -1, 1, -1, 0]);
  const out = linfStep(current, gradient, 0.02, origin, 0.03);
  assert.deepEqual(Array.from(out), Array.from(Float32Array.from([0.5 + Math.fround(0.03), 0.5 - Math.fround(0.03), 1, 0, 0.5])));
});
