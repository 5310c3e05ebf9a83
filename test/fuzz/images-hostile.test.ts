/**
 * Every named image case of issue 7 part 2: decoded correctly, or reported by name and excluded;
 * never dropped silently, never a crash. The files are generated with sharp (and by hand for the
 * decompression bombs) by the fuzz family, so tests and fuzzer share one list.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { ImageDecodeError, MAX_IMAGE_PIXELS, imageBatches, loadImageSet, readRgb8 } from '../../src/data/index.js';
import { craftedImages, pngBomb, runImage } from '../../scripts/fuzz/families/images.js';

const dir = mkdtempSync(join(tmpdir(), 'fgsm-images-hostile-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
const cases = await craftedImages();
for (const c of cases) writeFileSync(join(dir, c.name), c.bytes);
const path = (name: string) => join(dir, name);

async function decodeError(name: string): Promise<ImageDecodeError> {
  try {
    await readRgb8(path(name));
  } catch (error) {
    assert.ok(error instanceof ImageDecodeError, String(error));
    assert.equal(error.file, path(name));
    assert.ok(error.message.includes(path(name)) && error.message.includes('Fix:') && !error.message.includes('\n'), error.message);
    return error;
  }
  assert.fail(`${name} decoded`);
}

for (const c of cases) {
  test(`${c.name}: ${c.expect ?? 'decoded or reported'} through the batch stream, listed by name`, async () => {
    const result = await runImage(path(c.name), `Faces/${c.name}`, c.expect);
    assert.notEqual(result.outcome, 'crash', result.detail);
  });
}

test('0-byte file: "the file is empty"', async () => {
  assert.match((await decodeError('empty.jpg')).reason, /^the file is empty \(0 bytes\)$/);
});

test('truncated JPEG and PNG are refused, as PIL refuses them', async () => {
  await decodeError('truncated.jpg');
  await decodeError('truncated.png');
  await decodeError('header-only.jpg');
});

test('decompression bombs are refused from the header, before any pixel is decoded', async () => {
  assert.ok(cases.find((c) => c.name === 'bomb-12000.png')!.bytes.length < 64 * 1024, 'a small file');
  for (const name of ['bomb-20000.png', 'bomb-12000.png']) {
    const rss = process.memoryUsage().rss;
    const started = performance.now();
    assert.match((await decodeError(name)).reason, new RegExp(`more than ${MAX_IMAGE_PIXELS} pixels \\(a decompression bomb`));
    assert.ok(performance.now() - started < 5000);
    assert.ok(process.memoryUsage().rss - rss < 100 * 1024 * 1024, 'nothing big was allocated');
  }
  const under = path('under-limit.png');
  writeFileSync(under, pngBomb(100, 100));
  assert.equal((await readRgb8(under)).width, 100);
});

test('CMYK JPEG, 16-bit PNG, palette PNG, alpha: decoded to 8-bit RGB', async () => {
  for (const name of ['cmyk.jpg', '16-bit.png', 'palette.png', 'rgba.png', 'grey-alpha.png']) {
    const image = await readRgb8(path(name));
    assert.deepEqual([image.width, image.height, image.data.length], [24, 20, 24 * 20 * 3], name);
  }
  // 16-bit: the high byte of each sample, as PIL's RGB conversion keeps it.
  const sixteen = await readRgb8(path('16-bit.png'));
  const eight = await readRgb8(path('png-named.jpg'));
  assert.deepEqual(sixteen.data, eight.data);
});

test('animated GIF: the first frame, like PIL Image.open', async () => {
  assert.equal((await sharp(path('animated.gif')).metadata()).pages, 2);
  const image = await readRgb8(path('animated.gif'));
  assert.deepEqual([image.width, image.height], [24, 20]);
  // Frame 2 is flat grey 200; frame 1 is the varied pattern.
  assert.ok(new Set(image.data).size > 10, 'the first frame');
});

test('EXIF rotation is not applied (PIL does not either)', async () => {
  assert.equal((await sharp(path('exif-rotated.jpg')).metadata()).orientation, 6);
  const image = await readRgb8(path('exif-rotated.jpg'));
  assert.deepEqual([image.width, image.height], [24, 20]);
});

test('wrong extensions: decoded by content', async () => {
  for (const name of ['png-named.jpg', 'jpeg-named.png', 'webp-named.gif']) assert.equal((await readRgb8(path(name))).width, 24, name);
  await decodeError('text-file.jpg');
});

test('a batch of every case: each image is in a batch or in `skipped`, by name', async () => {
  const entries = cases.map((c, i) => ({ file: `Faces/${c.name}`, path: path(c.name), name: `P${i % 3}`, label: i % 3 }));
  const reported: string[] = [];
  const stream = imageBatches(entries, { batchSize: 4, inputSize: 8, onSkip: (s) => reported.push(s.file) });
  const delivered: string[] = [];
  for await (const batch of stream) delivered.push(...batch.entries.map((e) => e.file));
  assert.deepEqual([...delivered, ...stream.skipped.map((s) => s.file)].sort(), entries.map((e) => e.file).sort());
  assert.deepEqual(reported, stream.skipped.map((s) => s.file));
  for (const c of cases) if (c.expect === 'skipped') assert.ok(reported.includes(`Faces/${c.name}`), c.name);

  const set = await loadImageSet(entries, { inputSize: 8, onSkip: () => undefined });
  assert.equal(set.count + set.skipped.length, entries.length);
  assert.deepEqual(set.skipped.map((s) => s.file).sort(), [...reported].sort());
});

test('a file rewritten in place decodes to its new pixels, not a cached decode (found by the fuzzer)', async () => {
  const file = path('rewritten.png');
  for (const [r, g, b] of [[255, 0, 0], [0, 0, 255], [0, 255, 0]] as const) {
    writeFileSync(file, await sharp({ create: { width: 4, height: 4, channels: 3, background: { r, g, b } } }).png().toBuffer());
    assert.deepEqual([...(await readRgb8(file)).data.subarray(0, 3)], [r, g, b]);
  }
});

test('a folder or a missing file named like an image is reported, not a crash', async () => {
  const { mkdirSync } = await import('node:fs');
  mkdirSync(path('folder.jpg'));
  assert.match((await decodeError('folder.jpg')).reason, /not an image file/);
  assert.match((await decodeError('missing.jpg')).reason, /^the file does not exist$/);
});
