/**
 * Images: every awkward file a face folder can hold (empty, truncated, corrupt, CMYK, 16-bit,
 * palette, alpha, animated, EXIF-rotated, decompression bombs, wrong extensions), generated with
 * sharp, plus byte mutations of valid JPEG/PNG/GIF/WebP files. Each goes through the batch stream,
 * which must either deliver it or list it in `skipped` by name: never drop it, never throw.
 */
import { writeFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import fc from 'fast-check';
import sharp from 'sharp';
import { imageBatches, type SkippedImage } from '../../../src/data/index.js';
import { crc32 } from 'node:zlib';
import { describeError, inputSeed, type Family, type FuzzInput, type RunResult } from '../types.js';

const INPUT_SIZE = 8;

/** A PNG chunk: length, type, data, CRC. */
function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(new TextEncoder().encode(type), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/**
 * A 1-bit greyscale PNG of width x height whose few KB of IDAT inflate to width*height/8 bytes:
 * small file, huge pixel count. Only the first `rows` rows are really encoded when `rows` is given.
 */
export function pngBomb(width: number, height: number, rows = height): Uint8Array {
  const ihdr = new Uint8Array(13);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  ihdr.set([1, 0, 0, 0, 0], 8); // bit depth 1, greyscale
  const rowBytes = Math.ceil(width / 8) + 1;
  const raw = new Uint8Array(rowBytes * rows); // filter 0, all black
  return Uint8Array.from([...[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], ...chunk('IHDR', ihdr), ...chunk('IDAT', deflateSync(raw, { level: 9 })), ...chunk('IEND', new Uint8Array(0))]);
}

const W = 24;
const H = 20;
const rgbPattern = Buffer.from(Array.from({ length: W * H * 3 }, (_, i) => (i * 37 + Math.floor(i / 5)) % 256));
const raw = (channels: 1 | 2 | 3 | 4, data: Buffer = rgbPattern) => sharp(channels === 3 ? data : Buffer.from(Array.from({ length: W * H * channels }, (_, i) => (i * 53) % 256)), { raw: { width: W, height: H, channels } });

/** The named cases of part 2: [file name, bytes, what must happen]. */
export async function craftedImages(): Promise<{ name: string; bytes: Uint8Array; expect?: 'decoded' | 'skipped' }[]> {
  const jpeg = await raw(3).jpeg({ quality: 90 }).toBuffer();
  const png = await raw(3).png().toBuffer();
  const frames = Buffer.concat([rgbPattern, Buffer.alloc(W * H * 3, 200)]);
  return [
    { name: 'empty.jpg', bytes: new Uint8Array(0), expect: 'skipped' },
    { name: 'truncated.jpg', bytes: jpeg.subarray(0, jpeg.length >> 1), expect: 'skipped' },
    { name: 'truncated.png', bytes: png.subarray(0, png.length - 30), expect: 'skipped' },
    { name: 'header-only.jpg', bytes: jpeg.subarray(0, 20), expect: 'skipped' },
    { name: 'corrupt.jpg', bytes: Uint8Array.from(jpeg, (b, i) => (i > 200 && i % 7 === 0 ? b ^ 0x5a : b)) }, // libjpeg may recover or fail: either, as long as it is reported
    { name: 'garbage.png', bytes: Uint8Array.from({ length: 500 }, (_, i) => (i * 7919 + 13) % 256), expect: 'skipped' },
    { name: 'text-file.jpg', bytes: new TextEncoder().encode('<html>404 Not Found</html>'), expect: 'skipped' },
    { name: 'cmyk.jpg', bytes: await raw(3).toColourspace('cmyk').jpeg().toBuffer(), expect: 'decoded' },
    { name: '16-bit.png', bytes: await raw(3).toColourspace('rgb16').png().toBuffer(), expect: 'decoded' },
    { name: 'palette.png', bytes: await raw(3).png({ palette: true, colours: 16 }).toBuffer(), expect: 'decoded' },
    { name: 'rgba.png', bytes: await raw(4).png().toBuffer(), expect: 'decoded' },
    { name: 'grey-alpha.png', bytes: await raw(2).toColourspace('b-w').png().toBuffer(), expect: 'decoded' },
    { name: 'animated.gif', bytes: await sharp([await raw(3).png().toBuffer(), await sharp(frames.subarray(W * H * 3), { raw: { width: W, height: H, channels: 3 } }).png().toBuffer()], { join: { animated: true } }).gif().toBuffer(), expect: 'decoded' },
    { name: 'exif-rotated.jpg', bytes: await raw(3).withMetadata({ orientation: 6 }).jpeg().toBuffer(), expect: 'decoded' },
    { name: 'png-named.jpg', bytes: png, expect: 'decoded' },
    { name: 'jpeg-named.png', bytes: jpeg, expect: 'decoded' },
    { name: 'webp-named.gif', bytes: await raw(3).webp({ lossless: true }).toBuffer(), expect: 'decoded' },
    // 20000 x 20000 (400 M pixels, beyond sharp's own limit) and 12000 x 12000 (144 M, under
    // sharp's default but 430 MB of RGB): both refused from the header, before decoding.
    { name: 'bomb-20000.png', bytes: pngBomb(20000, 20000, 64), expect: 'skipped' },
    { name: 'bomb-12000.png', bytes: pngBomb(12000, 12000), expect: 'skipped' },
    { name: 'one-pixel.png', bytes: await sharp({ create: { width: 1, height: 1, channels: 3, background: 'red' } }).png().toBuffer(), expect: 'decoded' },
    { name: 'one-row.png', bytes: await sharp({ create: { width: 3000, height: 1, channels: 3, background: 'blue' } }).png().toBuffer(), expect: 'decoded' },
  ];
}

let craftedCache: ReturnType<typeof craftedImages> | undefined;
let validCache: Promise<[string, Buffer][]> | undefined;

const validFiles = async (): Promise<[string, Buffer][]> => [
  ['jpg', await raw(3).jpeg({ quality: 80 }).toBuffer()],
  ['png', await raw(3).png().toBuffer()],
  ['png', await raw(4).png({ palette: true }).toBuffer()],
  ['gif', await raw(3).gif().toBuffer()],
  ['webp', await raw(3).webp().toBuffer()],
  ['tif', await raw(3).tiff().toBuffer()],
];

/** Runs one image file through the batch stream; `expect` (for crafted cases) is checked too. */
export async function runImage(path: string, file: string, expect?: 'decoded' | 'skipped'): Promise<RunResult> {
  const skips: SkippedImage[] = [];
  const entry = { file, path, name: 'X', label: 0 };
  try {
    const stream = imageBatches([entry], { batchSize: 1, inputSize: INPUT_SIZE, onSkip: (s) => skips.push(s) });
    let delivered = 0;
    for await (const batch of stream) {
      delivered += batch.batch.count;
      if (batch.batch.pixels.length !== INPUT_SIZE * INPUT_SIZE * 3 || batch.batch.pixels.some((v) => !(v >= 0 && v <= 1))) return { outcome: 'crash', detail: 'a decoded batch has the wrong size or values outside [0,1]' };
    }
    const listed = stream.skipped.filter((s) => s.file === file).length;
    if (delivered + listed !== 1 || skips.length !== listed) return { outcome: 'crash', detail: `silently dropped: delivered ${delivered}, listed as skipped ${listed}` };
    if (expect && (expect === 'decoded') !== (delivered === 1)) return { outcome: 'crash', detail: `expected ${expect}, got ${delivered ? 'decoded' : `skipped (${stream.skipped[0]?.reason})`}` };
    if (listed && !(stream.skipped[0]!.reason.length > 0 && !stream.skipped[0]!.reason.includes('\n'))) return { outcome: 'crash', detail: 'skip reason is empty or multi-line' };
    return { outcome: delivered ? 'accepted' : 'clear' };
  } catch (error) {
    return { outcome: 'crash', detail: describeError(error) };
  }
}

export const imagesFamily: Family = {
  name: 'images',
  crafted: async () => (await (craftedCache ??= craftedImages())).length,
  async input(seed, index): Promise<FuzzInput> {
    const crafted = await (craftedCache ??= craftedImages());
    if (index < crafted.length) return { label: `crafted:${crafted[index]!.name}`, data: crafted[index] };
    const valid = await (validCache ??= validFiles());
    const plan = sample(
      fc.record({
        base: fc.nat(valid.length - 1),
        ext: fc.constantFrom('jpg', 'png', 'gif', 'webp', 'jpeg', 'tif', 'bmp'),
        edits: fc.array(
          fc.oneof(
            fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), value: fc.nat(255) }),
            fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
            fc.record({ kind: fc.constant('zero-run' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 64 }) }),
            fc.record({ kind: fc.constant('header' as const), at: fc.nat(40), value: fc.constantFrom(0, 0xff, 0x7f, 0x80, 1) }),
          ),
          { minLength: 1, maxLength: 4 },
        ),
      }),
      inputSeed(seed, index),
    );
    const bytes = Uint8Array.from(valid[plan.base]![1]);
    let out = bytes;
    for (const e of plan.edits) {
      if (out.length === 0) break;
      if (e.kind === 'flip') out[e.at % out.length] = e.value;
      else if (e.kind === 'truncate') out = out.slice(0, e.at % out.length);
      else if (e.kind === 'zero-run') out.fill(0, e.at % out.length, (e.at % out.length) + e.length);
      else if (e.at < out.length) out[e.at] = e.value; // headers hold the sizes and formats
    }
    return { label: `mutate:${valid[plan.base]![0]}->${plan.ext}`, data: { name: `mutated.${plan.ext}`, bytes: out } };
  },
  async run(input, ctx) {
    const { name, bytes, expect } = input.data as { name: string; bytes: Uint8Array; expect?: 'decoded' | 'skipped' };
    const path = join(ctx.workDir, name);
    await writeFile(path, bytes);
    try {
      return await runImage(path, `Faces/${name}`, expect);
    } finally {
      await rm(path, { force: true });
    }
  },
};

const sample = <T>(arb: fc.Arbitrary<T>, seed: number): T => fc.sample(arb, { seed, numRuns: 1 })[0]!;
