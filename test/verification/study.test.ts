/**
 * The verification study end to end on the bundled ORL faces (a small run): the threshold chosen on
 * held-out pairs, dodging and impersonation judged there. PGD succeeds at least as often as FGSM,
 * random noise far less, and epsilon 0 changes no decision; the results files say so.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { quantise8Bit } from '../../src/eval/index.js';
import { REGION_CSV_COLUMNS, VERIFICATION_CSV_COLUMNS, writeVerificationResults } from '../../src/outputs/index.js';
import { runVerificationStudy, type AttackRow } from '../../src/verification/index.js';
import { verifySummary } from '../../src/cli/index.js';

test('ORL verification: clean TAR at FAR 1e-3, PGD >= FGSM >> noise, epsilon 0 changes nothing, results written', { timeout: 10 * 60_000 }, async (t) => {
  const results = await runVerificationStudy({ attacks: ['fgsm', 'pgd', 'noise'], epsilons: ['0', '2/255', '8/255'], l2Epsilons: ['0', '2'], attackedPhotos: 1, matrixPeople: 3, regions: ['glasses'], regionSteps: 20, transferModels: [], backend: 'onnx' });
  const { clean, thresholds, attacks } = results;
  t.diagnostic(`clean: AUC ${clean.auc.toFixed(4)}, EER ${clean.eer.toFixed(4)}, TAR ${clean.at.far.tar.rate} at FAR ${clean.at.far.far.rate} (threshold ${thresholds.far.value.toFixed(3)}); ${results.seconds.toFixed(0)} s`);
  assert.equal(results.settings.faces, 'cropped', 'the bundled ORL photos are face crops');
  assert.deepEqual([results.photos.total, results.photos.chips, results.protocol.people.length], [400, 400, 40]);
  assert.deepEqual([results.protocol.gallery, results.protocol.calibration, results.protocol.test], [120, 80, 200]);
  assert.equal(thresholds.farChoice.measurable, true, '3120 held-out impostor pairs measure FAR 1e-3');
  assert.ok(clean.at.far.far.rate! <= 0.005, `FAR on test pairs at the held-out threshold: ${clean.at.far.far.rate}`);
  assert.ok(clean.at.far.tar.rate! >= 0.8, `TAR: ${clean.at.far.tar.rate}`);
  assert.ok(clean.auc > 0.98, `AUC ${clean.auc}`);

  const row = (attack: string, threat: string, epsilon: number, norm = 'linf'): AttackRow => attacks.find((r) => r.attack === attack && r.threat === threat && r.norm === norm && Math.abs(r.epsilon - epsilon) < 1e-12)!;
  for (const threat of ['dodging', 'impersonation']) {
    for (const attack of ['fgsm', 'pgd', 'noise']) {
      assert.equal(row(attack, threat, 0).success.count, 0, `${threat} ${attack} at epsilon 0`);
      assert.equal(row(attack, threat, 0, 'l2').success.count, 0, `${threat} ${attack} at L2 epsilon 0`);
    }
    for (const [epsilon, norm] of [[2 / 255, 'linf'], [8 / 255, 'linf'], [2, 'l2']] as const) {
      const [fgsm, pgd, noise] = ['fgsm', 'pgd', 'noise'].map((a) => row(a, threat, epsilon, norm).success);
      t.diagnostic(`${threat} at ${norm} ${norm === 'linf' ? `${(epsilon * 255).toFixed(0)}/255` : epsilon}: FGSM ${fgsm!.count}/${fgsm!.total}, PGD ${pgd!.count}/${pgd!.total}, noise ${noise!.count}/${noise!.total}`);
      assert.ok(pgd!.count >= fgsm!.count, `${threat}: PGD ${pgd!.count} < FGSM ${fgsm!.count}`);
      assert.ok(noise!.rate! <= 0.1 && noise!.count * 3 <= Math.max(1, fgsm!.count), `${threat}: noise ${noise!.count} is not far below FGSM ${fgsm!.count}`);
    }
    assert.ok(row('pgd', threat, 8 / 255).success.rate! >= 0.8, `${threat}: PGD at 8/255 breaks most pairs`);
  }
  // Eyeglass frames: the optimised frame beats a random colour of the same shape; on the real faces
  // nothing outside the frame moved.
  for (const threat of ['dodging', 'impersonation'] as const) {
    const [optimised, random] = (['optimised', 'random'] as const).map((method) => results.regions.find((r) => r.region === 'glasses' && r.threat === threat && r.method === method)!);
    t.diagnostic(`glasses ${threat} (${(100 * optimised!.coverage).toFixed(1)}% of the chip): ${optimised!.success8Bit.count}/${optimised!.success8Bit.total} against random colour ${random!.success8Bit.count}`);
    assert.ok(optimised!.coverage > 0.05 && optimised!.coverage < 0.09);
    assert.ok(optimised!.success8Bit.count > random!.success8Bit.count, `${threat}: optimised frame ${optimised!.success8Bit.count}, random ${random!.success8Bit.count}`);
  }
  assert.ok(results.regions.find((r) => r.threat === 'dodging' && r.method === 'optimised')!.success8Bit.rate! >= 0.8, 'the frame dodges most genuine pairs');
  for (const example of results.regionExamples) {
    example.mask.forEach((on, p) => {
      if (on) return;
      for (let c = 0; c < 3; c++) assert.ok(Object.is(example.optimised[3 * p + c], example.original[3 * p + c]) && Object.is(example.random[3 * p + c], example.original[3 * p + c]), `${example.probeName}: pixel ${p} outside the frame moved`);
    });
  }
  assert.equal(results.matrix?.people.length, 3);
  assert.deepEqual(results.matrix?.success.map((r, s) => r[s]), [null, null, null], 'nobody impersonates themself');

  const out = mkdtempSync(join(tmpdir(), 'fgsm-faces-verify-'));
  try {
    const written = await writeVerificationResults(results, out, { command: 'test', png: false });
    const json = written.find((f) => f.endsWith('.json'));
    const csv = written.find((f) => f.endsWith('.csv') && !f.endsWith('_regions.csv'));
    const figures = written.filter((f) => f !== json && f !== csv && !f.endsWith('.csv')).sort();
    const document = JSON.parse(readFileSync(json!, 'utf8'));
    assert.deepEqual(Object.keys(document).slice(0, 3), ['kind', 'version', 'checks'], 'sanity checks come first');
    for (const check of document.checks) assert.equal(check.ok, true, `${check.name}: ${check.detail}`);
    const lines = readFileSync(csv!, 'utf8').trim().split('\n');
    assert.equal(lines[0], VERIFICATION_CSV_COLUMNS.join(','));
    assert.equal(lines.length, 1 + 2 * 3 * (3 + 2), 'a row per threat, attack and budget (3 L-inf, 2 L2)');
    assert.deepEqual(figures.filter((f) => !f.includes('_regions')).map((f) => f.slice(out.length + 1)), [
      'verification_orl_faces_faces.png',
      'verification_orl_faces_glasses_dodging.png',
      'verification_orl_faces_glasses_impersonation.png',
      'verification_orl_faces_matrix.html',
      'verification_orl_faces_roc.html',
      'verification_orl_faces_success.html',
    ]);
    const regionLines = readFileSync(join(out, 'verification_orl_faces_regions.csv'), 'utf8').trim().split('\n');
    assert.equal(regionLines[0], REGION_CSV_COLUMNS.join(','));
    assert.equal(regionLines.length, 1 + 2 * 2, 'a row per threat and method');
    // The attacked faces are the 8-bit images the reported distances were measured on.
    const examples = results.regionExamples.filter((e) => e.threat === 'dodging');
    for (const [k, example] of examples.entries()) {
      const { data } = await sharp(join(out, 'verification_orl_faces_regions', `glasses_dodging_${k + 1}.png`)).raw().toBuffer({ resolveWithObject: true });
      assert.deepEqual(Float32Array.from(data, (v) => v / 255), quantise8Bit(example.optimised), `face ${k + 1}`);
      assert.equal(document.results.regionExamples[k].probeName, example.probeName, 'the JSON names the faces in file order');
    }
    // The printable frame: transparent outside the frame, printed at the size the JSON states.
    const [print] = document.prints;
    assert.equal(print.region, 'glasses');
    const meta = await sharp(join(out, 'verification_orl_faces_regions', print.file)).metadata();
    assert.equal(meta.channels, 4);
    assert.ok(Math.abs(meta.density! - print.dpi) < 0.5 && print.dpi > 250 && print.dpi < 350, `density ${meta.density}, stated ${print.dpi}`);
    assert.ok(Math.abs((meta.width! / print.dpi) * 25.4 - print.widthMm) < 0.5, `printed width ${((meta.width! / print.dpi) * 25.4).toFixed(1)} mm, stated ${print.widthMm.toFixed(1)} mm`);
    const summary = verifySummary(results, written);
    assert.match(summary, /dodging +glasses +\(6\.\d% of the face image\): \d+\/36 \(/);
    assert.match(summary, /verification_orl_faces_regions\/ \(9 PNGs: attacked faces and printable textures\)/, 'the folder of faces is counted, not listed');
    assert.ok(print.widthMm > 120 && print.widthMm < 170, `a frame ${print.widthMm.toFixed(0)} mm wide (a face's eyes 63 mm apart)`);
    assert.deepEqual(readdirSync(out).filter((f) => f.startsWith('.')), [], 'no staging folder or lock left behind');
    assert.match(document.results.provenance.dataSha256, /^[0-9a-f]{64}$/);
    assert.equal(document.results.examples.items[0].probe, undefined, 'no pixels in the JSON');
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
