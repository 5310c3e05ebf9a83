/**
 * Transfer between face-api's recognizer and a ResNet trained (by `npm run train`) on the same ORL
 * people: every source crafts, every target judges on its own eligible pairs; the recognizer's
 * images are the study's own (reused exactly); a classifier of other people is refused; the chips
 * exported for training keep the protocol's test photos out.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { TRANSFER_CSV_COLUMNS, writeVerificationResults } from '../../src/outputs/index.js';
import { exportChipDataset, RANDOM_FRAME, RECOGNIZER_NAME, runVerificationStudy, TRANSFER_ATTACKS } from '../../src/verification/index.js';
import { loadFaceIndex, prepareFaceChips } from '../../src/data/index.js';

const RESNET18 = 'models/orl/resnet18_orl.json';

test('transfer table: every source against every target, the diagonal is the white-box attack, results written', { timeout: 10 * 60_000 }, async (t) => {
  const results = await runVerificationStudy({ attacks: ['fgsm', 'noise'], epsilons: ['0', '4/255'], l2Epsilons: [], matrixPeople: 0, attackedPhotos: 1, regions: ['glasses'], regionSteps: 3, steps: 2, transferModels: [RESNET18], backend: 'onnx' });
  const transfer = results.transfer!;
  const classifier = transfer.models[1]!;
  assert.deepEqual(transfer.models, [RECOGNIZER_NAME, 'resnet18 (resnet18_orl)']);
  assert.equal(transfer.cells.length, 2 * (TRANSFER_ATTACKS.length * 2 + 1) * 2, "threats x (attacks x sources + the random frames) x targets");
  const cell = (threat: string, attack: string, epsilonText: string, source: string, target: string) => transfer.cells.find((c) => c.threat === threat && c.attack === attack && c.epsilonText === epsilonText && c.source === source && c.target === target)!.success;
  // The recognizer's own FGSM images are the study's: its diagonal cell is the study's 8-bit row.
  for (const threat of ['dodging', 'impersonation'] as const) {
    const row = results.attacks.find((r) => r.threat === threat && r.attack === 'fgsm' && r.epsilonText === '4/255')!;
    assert.deepEqual([cell(threat, 'fgsm', '4/255', RECOGNIZER_NAME, RECOGNIZER_NAME).count, cell(threat, 'fgsm', '4/255', RECOGNIZER_NAME, RECOGNIZER_NAME).total], [row.success8Bit.count, row.success8Bit.total]);
    const glasses = results.regions.find((r) => r.threat === threat && r.region === 'glasses' && r.method === 'optimised')!;
    assert.equal(cell(threat, 'glasses', '', RECOGNIZER_NAME, RECOGNIZER_NAME).count, glasses.success8Bit.count, 'the frames are the study\'s too');
    const random = results.regions.find((r) => r.threat === threat && r.region === 'glasses' && r.method === 'random')!;
    assert.equal(cell(threat, 'glasses', '', RANDOM_FRAME, RECOGNIZER_NAME).count, random.success8Bit.count, 'the baseline row is the study\'s random-colour frames');
  }
  // The classifier is judged on the pairs it gets right: most of the 36 genuine probes.
  const eligible = cell('dodging', 'pgd', '8/255', classifier, classifier).total;
  assert.ok(eligible >= 25 && eligible <= 36, `resnet18 recognises ${eligible} of the 36 probes`);
  const whiteBox = cell('dodging', 'pgd', '8/255', classifier, classifier);
  const transferred = cell('dodging', 'pgd', '8/255', RECOGNIZER_NAME, classifier);
  t.diagnostic(`dodging PGD 8/255 on resnet18: white-box ${whiteBox.count}/${whiteBox.total}, from the recognizer ${transferred.count}/${transferred.total}`);
  assert.ok(whiteBox.rate! >= 0.5 && whiteBox.count > transferred.count, 'white-box beats transfer');

  const out = mkdtempSync(join(tmpdir(), 'fgsm-faces-transfer-'));
  try {
    const written = await writeVerificationResults(results, out, { png: false });
    const lines = readFileSync(join(out, 'verification_orl_faces_transfer.csv'), 'utf8').trim().split('\n');
    assert.equal(lines[0], TRANSFER_CSV_COLUMNS.join(','));
    assert.equal(lines.length, 1 + transfer.cells.length);
    assert.ok(written.some((f) => f.endsWith('verification_orl_faces_transfer.html')));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }

  await assert.rejects(
    runVerificationStudy({ attacks: ['noise'], epsilons: ['0'], l2Epsilons: [], matrixPeople: 0, attackedPhotos: 1, regions: [], transferModels: ['models/resnet18_sample_faces.json'], backend: 'onnx' }),
    /resnet18_sample_faces\.json: its classes do not include 40 of the study's people \("Subject 01", "Subject 02", "Subject 03", \.\.\.\)\. A transfer classifier must be trained on the same people/,
  );
});

test('the chips exported for training: a folder per person, the protocol\'s test photos held out in the split', { timeout: 5 * 60_000 }, async () => {
  const out = mkdtempSync(join(tmpdir(), 'fgsm-faces-chipset-'));
  try {
    const exported = await exportChipDataset(out);
    assert.deepEqual([exported.people, exported.train, exported.test], [40, 200, 200]);
    const split = JSON.parse(readFileSync(exported.splitFile, 'utf8'));
    const photo = (file: string) => Number(/_(\d+)\.png$/.exec(file)![1]);
    assert.ok(split.test.every((f: string) => photo(f) >= 5) && split.train.every((f: string) => photo(f) < 5), 'photos 0-4 enrolled or held out (train), 5-9 test');
    const index = await loadFaceIndex(out);
    assert.equal(index.entries.length, 400, 'the folder reads back as a dataset of people');
    const original = (await loadFaceIndex('data/orl_faces')).entries.find((e) => e.name === 'Subject 07' && /_3\./.test(e.file))!;
    const [chip] = (await prepareFaceChips([original], { mode: 'cropped' })).chips;
    const { data } = await sharp(join(out, 'Subject 07', 'Subject 07_3.png')).raw().toBuffer({ resolveWithObject: true });
    assert.deepEqual(new Uint8Array(data), chip!.chip, 'the PNG is the chip, byte for byte');
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
