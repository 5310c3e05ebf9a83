/** The verification protocol on hand-made chips: roles by file order (numbers as numbers), people left out, templates and pair counts. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FaceChip } from '../../src/data/index.js';
import { galleryTemplates, planVerification, probeDistances } from '../../src/verification/index.js';

function chip(name: string, photo: number): FaceChip {
  const file = `Faces/${name}_${photo}.jpg`;
  return { entry: { file, path: `/x/${file}`, name, label: 0 }, chip: new Uint8Array(0), box: { x: 0, y: 0, width: 1, height: 1 }, score: null, landmarks: new Float32Array(136) };
}

test('photos are split per person in file order (10 after 9), people with too few photos are left out, with why', () => {
  const chips = [...[10, 2, 1, 9, 3, 4].map((k) => chip('Ana', k)), ...[0, 1, 2, 3, 4, 5].map((k) => chip('Bo', k)), chip('Cy', 0), chip('Cy', 1)];
  const plan = planVerification(chips, { galleryPhotos: 2, calibrationPhotos: 1 });
  assert.deepEqual(plan.identities, ['Ana', 'Bo']);
  assert.deepEqual(plan.leftOut, [{ name: 'Cy', usable: 2, needed: 4 }]);
  const ana = plan.chips.filter((c) => c.identity === 0).map((c) => `${c.chip.entry.file.replace('Faces/Ana_', '').replace('.jpg', '')}:${c.role}`);
  assert.deepEqual(ana, ['1:gallery', '2:gallery', '3:calibration', '4:test', '9:test', '10:test']);
  assert.throws(() => planVerification(chips, { galleryPhotos: 5, calibrationPhotos: 1 }), /needs at least 2 people with 7 usable photos each \(5 gallery \+ 1 calibration \+ 1 test\); 0 have them/);
  assert.throws(() => planVerification(chips, { galleryPhotos: 0 }), /galleryPhotos must be an integer >= 1, got 0/);
});

test('templates are the mean gallery embedding; each probe meets its own template and every other one', () => {
  const chips = [0, 1, 2, 3].flatMap((k) => [chip('A', k), chip('B', k)]);
  const plan = planVerification(chips, { galleryPhotos: 2, calibrationPhotos: 1 });
  // 2-D embeddings: A's photos on the x axis, B's on the y axis.
  const embeddings = new Float32Array(plan.chips.length * 2);
  plan.chips.forEach((c, n) => embeddings.set(c.identity === 0 ? [1 + (n % 2), 0] : [0, 2 + (n % 2)], n * 2));
  const templates = galleryTemplates(plan, embeddings, 2);
  assert.deepEqual(Array.from(templates), [1.5, 0, 0, 2.5]);
  const test = probeDistances(plan, embeddings, templates, 2, 'test');
  assert.equal(test.genuine.length, 2);
  assert.equal(test.impostor.length, 2);
  assert.ok(Math.max(...test.genuine) < Math.min(...test.impostor));
});
