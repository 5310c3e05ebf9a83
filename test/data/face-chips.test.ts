/**
 * Photos of a folder become aligned 150x150 chips, or `skipped` entries with the reason: a group
 * photo, a photo without a face, a broken file. The same face photographed sideways with an EXIF
 * orientation, in CMYK, greyscale or 16-bit gives the same chip (nearly). A second run reads the cache.
 * The photos are face-api's own demo photos from node_modules (nothing here is committed).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { prepareFaceChips, type FaceEntry } from '../../src/data/index.js';
import { faceApiModelFolder } from '../../src/weights/index.js';

const GROUP = join(faceApiModelFolder(), '..', 'demo', 'sample1.jpg');
/** One of sample1's three faces with its surroundings (the others lie outside). */
const ONE_FACE = { left: 700, top: 300, width: 460, height: 480 };

let dir = '';
const entries: FaceEntry[] = [];
function add(name: string, file: string): void {
  entries.push({ file: `Faces/${file}`, path: join(dir, 'Faces', file), name, label: entries.length });
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fgsm-faces-chips-'));
  const faces = join(dir, 'Faces');
  mkdirSync(faces);
  const face = sharp(GROUP).extract(ONE_FACE);
  await face.clone().jpeg({ quality: 95 }).toFile(join(faces, 'face.jpg'));
  // Stored sideways (rotated 90 degrees anticlockwise) with EXIF orientation 6: upright once oriented.
  await face.clone().rotate(-90).withMetadata({ orientation: 6 }).jpeg({ quality: 95 }).toFile(join(faces, 'sideways.jpg'));
  await face.clone().toColourspace('cmyk').jpeg({ quality: 95 }).toFile(join(faces, 'cmyk.jpg'));
  await face.clone().greyscale().png().toFile(join(faces, 'grey.png'));
  await face.clone().toColourspace('rgb16').png().toFile(join(faces, 'deep.png'));
  await sharp(GROUP).jpeg().toFile(join(faces, 'group.jpg'));
  await sharp({ create: { width: 400, height: 300, channels: 3, background: { r: 128, g: 128, b: 128 } } }).png().toFile(join(faces, 'wall.png'));
  writeFileSync(join(faces, 'broken.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 1, 2, 3]));
  for (const file of ['face.jpg', 'sideways.jpg', 'cmyk.jpg', 'grey.png', 'deep.png']) add('Person', file);
  for (const file of ['group.jpg', 'wall.png', 'broken.jpg']) add('Other', file);
});
after(() => rmSync(dir, { recursive: true, force: true }));

function meanAbsDifference(a: Uint8Array, b: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / a.length;
}

test('detect mode: one chip per one-face photo, every other photo skipped with its reason; the cache answers the second run', { timeout: 5 * 60_000 }, async () => {
  const cacheDir = join(dir, 'cache');
  const first = await prepareFaceChips(entries, { mode: 'detect', cacheDir });
  const reasons = Object.fromEntries(first.skipped.map((s) => [s.file, s.reason]));
  assert.match(reasons['Faces/group.jpg'] ?? '', /^3 faces found: a photo must show one person/);
  assert.match(reasons['Faces/wall.png'] ?? '', /^no face found \(detector confidence below 0\.5\)/);
  assert.match(reasons['Faces/broken.jpg'] ?? '', /^not a readable image: /);
  assert.deepEqual(first.chips.map((c) => c.entry.file), ['Faces/face.jpg', 'Faces/sideways.jpg', 'Faces/cmyk.jpg', 'Faces/grey.png', 'Faces/deep.png']);
  assert.equal(first.chips.length + first.skipped.length, entries.length, 'no photo dropped silently');
  assert.equal(first.cached, 0);
  const [upright, ...variants] = first.chips;
  for (const chip of first.chips) assert.equal(chip.chip.length, 150 * 150 * 3);
  for (const variant of variants) {
    const difference = meanAbsDifference(upright!.chip, variant.chip);
    // Greyscale loses the colour, and CMYK is converted without its ICC profile (as PIL reads it):
    // ~10-12 levels on this photo; the others differ by JPEG and rounding only.
    assert.ok(difference < (/grey|cmyk/.test(variant.entry.file) ? 20 : 6), `${variant.entry.file}: chip differs from the upright RGB one by ${difference.toFixed(1)} levels on average`);
  }
  const second = await prepareFaceChips(entries, { mode: 'detect', cacheDir });
  assert.equal(second.cached, entries.length, 'every photo comes from the cache, skipped ones too (keyed by content)');
  assert.deepEqual(second.skipped, first.skipped);
  second.chips.forEach((chip, k) => {
    assert.deepEqual(chip.chip, first.chips[k]!.chip);
    assert.deepEqual(chip.landmarks, first.chips[k]!.landmarks, 'the landmarks come back from the cache too');
  });
});

test("the landmarks are moved into the chip exactly: the chip is their bounding box padded by 10% a side (face-api's align), so along the longer side they span 12.5..137.5 px", { timeout: 5 * 60_000 }, async () => {
  const { chips } = await prepareFaceChips(entries.slice(0, 2), { mode: 'detect', cacheDir: false });
  for (const { landmarks, entry } of chips) {
    assert.equal(landmarks.length, 136);
    const xs = landmarks.filter((_, i) => i % 2 === 0);
    const ys = landmarks.filter((_, i) => i % 2 === 1);
    const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    const [low, high] = maxX - minX > maxY - minY ? [minX, maxX] : [minY, maxY];
    // One pixel of the photo (the crop is floored) is ~0.5 px of the chip here.
    assert.ok(Math.abs(low - 12.5) < 1 && Math.abs(high - 137.5) < 1, `${entry.file}: landmarks span ${low.toFixed(2)}..${high.toFixed(2)} along the longer side`);
    // The other side is centred in the square.
    const [otherLow, otherHigh] = maxX - minX > maxY - minY ? [minY, maxY] : [minX, maxX];
    assert.ok(Math.abs((otherLow + otherHigh) / 2 - 75) < 1, `${entry.file}: the shorter side is centred (${otherLow.toFixed(2)}..${otherHigh.toFixed(2)})`);
  }
});
