/**
 * Region attacks (eyeglass frames, stickers): nothing outside the mask moves, not by one bit; with
 * zero steps nothing is optimised (the original, or the random-colour start); the loss moves the
 * right way; total variation has the gradient it claims and smooths the result; batching does not
 * change a result; bad masks are refused.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import seedrandom from 'seedrandom';
import { crossEntropyAt, regionAttack, regionTotalVariation } from '../../src/attacks/index.js';
import { CLASSES, linearSetup, SIZE } from './helpers.js';
import { sliceBatch } from '../helpers/linear-classifier.js';

function randomMasks(count: number, seed: string): Uint8Array[] {
  const random = seedrandom(seed);
  return Array.from({ length: count }, () => {
    // A filled square and a few scattered pixels: edges inside and outside the image.
    const mask = new Uint8Array(SIZE * SIZE);
    const [x0, y0] = [Math.floor(random() * 20), Math.floor(random() * 20)];
    for (let y = y0; y < y0 + 10; y++) for (let x = x0; x < x0 + 10; x++) mask[y * SIZE + x] = 1;
    for (let k = 0; k < 12; k++) mask[Math.floor(random() * mask.length)] = 1;
    return mask;
  });
}

function meanLoss(logits: Float32Array, labels: Int32Array): number {
  let sum = 0;
  for (let n = 0; n < labels.length; n++) sum += crossEntropyAt(logits, n, CLASSES, labels[n]!);
  return sum / labels.length;
}

test('the perturbation is exactly zero outside the mask, and stays within epsilon inside', async () => {
  const { model, images, labels } = await linearSetup(6);
  const regions = randomMasks(6, 'outside');
  for (const options of [{ steps: 12 }, { steps: 12, epsilon: '16/255', target: 2 }, { steps: 3, start: 'original' as const, tvWeight: 0 }]) {
    const { adversarial } = await regionAttack(options).run(model, images, labels, { regions });
    let changedInside = 0;
    regions.forEach((mask, n) => {
      for (let p = 0; p < mask.length; p++) {
        for (let c = 0; c < 3; c++) {
          const i = (n * mask.length + p) * 3 + c;
          if (!mask[p]) assert.ok(Object.is(adversarial.pixels[i], images.pixels[i]), `${JSON.stringify(options)}: image ${n}, pixel ${p} lies outside the mask but changed`);
          else {
            if (adversarial.pixels[i] !== images.pixels[i]) changedInside++;
            const bound = options.epsilon ? Math.fround(16 / 255) + 1e-7 : 1;
            assert.ok(Math.abs(adversarial.pixels[i]! - images.pixels[i]!) <= bound && adversarial.pixels[i]! >= 0 && adversarial.pixels[i]! <= 1);
          }
        }
      }
    });
    assert.ok(changedInside > 0, 'the attack did change the region');
  }
});

test('with zero steps nothing is optimised: the original stays, or the region holds one random solid colour per image (the baseline)', async () => {
  const { model, images, labels } = await linearSetup(4);
  const regions = randomMasks(4, 'zero');
  const untouched = await regionAttack({ steps: 0, start: 'original' }).run(model, images, labels, { regions });
  assert.deepEqual(untouched.adversarial.pixels, images.pixels);
  assert.equal(model.gradientCalls, 0, 'no gradient is taken');
  const plain = await regionAttack({ steps: 0, seed: 3 }).run(model, images, labels, { regions });
  const colours = regions.map((mask, n) => {
    const seen = new Set<string>();
    for (let p = 0; p < mask.length; p++) if (mask[p]) seen.add(Array.from(plain.adversarial.pixels.subarray((n * mask.length + p) * 3, (n * mask.length + p) * 3 + 3)).join(','));
    assert.equal(seen.size, 1, `image ${n}: one colour in the region`);
    return [...seen][0];
  });
  assert.equal(new Set(colours).size, 4, 'each image gets its own colour');
  const again = await regionAttack({ steps: 0, seed: 3 }).run(model, images, labels, { regions });
  assert.deepEqual(again.adversarial.pixels, plain.adversarial.pixels, 'the colours come from the seed');
});

test('the attack moves the loss its way from the random start: up (dodging), down toward a target (impersonation)', async () => {
  const { model, images, labels } = await linearSetup(8);
  const regions = randomMasks(8, 'loss');
  const start = await regionAttack({ steps: 0 }).run(model, images, labels, { regions });
  const startLogits = await model.logits(start.adversarial);
  const up = await regionAttack({ steps: 20 }).run(model, images, labels, { regions });
  assert.ok(meanLoss(await model.logits(up.adversarial), labels) > meanLoss(startLogits, labels) + 0.5);
  const target = Int32Array.from(labels, (l) => (l + 1) % CLASSES);
  const down = await regionAttack({ steps: 20, target: 'next' }).run(model, images, labels, { regions });
  assert.deepEqual(down.targets, target);
  assert.ok(meanLoss(await model.logits(down.adversarial), target) < meanLoss(startLogits, target) - 0.5);
});

test('total variation: its gradient matches finite differences, and weighting it makes the region smoother', async () => {
  const random = seedrandom('tv');
  const [width, height] = [7, 5];
  const pixels = Float32Array.from({ length: width * height * 3 }, () => random());
  const mask = Uint8Array.from({ length: width * height }, (_, p) => (p % width > 0 && p % 5 !== 2 ? 1 : 0));
  const gradient = new Float32Array(pixels.length);
  const value = regionTotalVariation(pixels, mask, width, height, 0, gradient);
  for (let i = 0; i < pixels.length; i++) {
    const h = 1e-3;
    const plus = pixels.slice();
    const minus = pixels.slice();
    plus[i]! += h;
    minus[i]! -= h;
    const numeric = (regionTotalVariation(plus, mask, width, height) - regionTotalVariation(minus, mask, width, height)) / (plus[i]! - minus[i]!);
    assert.ok(Math.abs(numeric - gradient[i]!) < 2e-3, `value ${i}: analytic ${gradient[i]}, numeric ${numeric}`);
    if (!mask[Math.floor(i / 3)]) assert.equal(gradient[i], 0, 'pixels outside the region have no say');
  }
  assert.ok(value > 0);
  assert.ok(regionTotalVariation(new Float32Array(pixels.length).fill(0.4), mask, width, height) < 1e-2, 'a flat colour has (almost) none');

  const { model, images, labels } = await linearSetup(4);
  const regions = randomMasks(4, 'smooth');
  const tvOf = async (tvWeight: number) => {
    const { adversarial } = await regionAttack({ steps: 15, tvWeight }).run(model, images, labels, { regions });
    return regions.reduce((sum, m, n) => sum + regionTotalVariation(adversarial.pixels, m, SIZE, SIZE, n * SIZE * SIZE * 3), 0);
  };
  const [rough, smooth] = [await tvOf(0), await tvOf(2)];
  assert.ok(smooth < 0.7 * rough, `total variation ${smooth.toFixed(1)} with weight 2 against ${rough.toFixed(1)} without`);
});

test('batching does not change a result (random colours follow the global sample index); bad masks are refused', async () => {
  const { model, images, labels } = await linearSetup(6);
  const regions = randomMasks(6, 'batches');
  const attack = regionAttack({ steps: 5, seed: 9 });
  const whole = await attack.run(model, images, labels, { regions });
  const first = await attack.run(model, sliceBatch(images, 0, 2), labels.slice(0, 2), { regions: regions.slice(0, 2) });
  const rest = await attack.run(model, sliceBatch(images, 2, 6), labels.slice(2), { regions: regions.slice(2), sampleOffset: 2 });
  assert.deepEqual(Float32Array.from([...first.adversarial.pixels, ...rest.adversarial.pixels]), whole.adversarial.pixels);
  await assert.rejects(attack.run(model, images, labels), /needs a mask per image: pass context\.regions/);
  await assert.rejects(attack.run(model, images, labels, { regions: regions.slice(1) }), /got 5 masks for 6 images/);
  await assert.rejects(attack.run(model, images, labels, { regions: [...regions.slice(1), new Uint8Array(3)] }), /Region mask 5 has 3 pixels; the images are 32x32 \(1024\)/);
  assert.throws(() => regionAttack({ steps: -1 }), /Invalid steps -1/);
  assert.throws(() => regionAttack({ norm: 'l2' }), /norm "l2" is not supported/);
  assert.throws(() => regionAttack({ epsilon: 2 }), /Invalid epsilon 2: above 1/);
});
