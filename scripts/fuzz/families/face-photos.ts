/**
 * Face photos on their way to aligned chips (detection, landmarks, crop): the images family's
 * awkward files (empty, truncated, CMYK, 16-bit, animated, EXIF-rotated, bombs, ...) plus a real
 * one-face photo, a group photo and byte mutations of the face photo. Each must come back as one
 * 150x150 chip or one `skipped` entry with a reason: never thrown, never dropped.
 */
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import sharp from 'sharp';
import { prepareFaceChips } from '../../../src/data/index.js';
import { faceApiModelFolder } from '../../../src/weights/index.js';
import { describeError, inputSeed, type Family, type FuzzInput, type RunResult } from '../types.js';
import { craftedImages } from './images.js';

type Photo = { name: string; bytes: Uint8Array };

let craftedCache: Promise<Photo[]> | undefined;

/** The group photo and one face cut from it (face-api's own demo photo, read from node_modules). */
async function realPhotos(): Promise<Photo[]> {
  const group = join(faceApiModelFolder(), '..', 'demo', 'sample1.jpg');
  const face = await sharp(group).extract({ left: 700, top: 300, width: 460, height: 480 }).jpeg({ quality: 90 }).toBuffer();
  return [
    { name: 'face.jpg', bytes: new Uint8Array(face) },
    { name: 'group.jpg', bytes: new Uint8Array(await sharp(group).resize(800).jpeg().toBuffer()) },
  ];
}

async function crafted(): Promise<Photo[]> {
  return [...(await realPhotos()), ...(await craftedImages()).map(({ name, bytes }) => ({ name, bytes }))];
}

export const facePhotosFamily: Family = {
  name: 'face-photos',
  crafted: async () => (await (craftedCache ??= crafted())).length,
  async input(seed, index): Promise<FuzzInput> {
    const photos = await (craftedCache ??= crafted());
    if (index < photos.length) return { label: `crafted:${photos[index]!.name}`, data: photos[index] };
    const plan = fc.sample(fc.array(fc.record({ at: fc.nat(), value: fc.nat(255), truncate: fc.boolean() }), { minLength: 1, maxLength: 4 }), { seed: inputSeed(seed, index), numRuns: 1 })[0]!;
    let bytes = Uint8Array.from(photos[0]!.bytes);
    for (const edit of plan) {
      if (bytes.length === 0) break;
      if (edit.truncate) bytes = bytes.slice(0, edit.at % bytes.length);
      else bytes[edit.at % bytes.length] = edit.value;
    }
    return { label: 'mutate:face.jpg', data: { name: 'mutated.jpg', bytes } };
  },
  async run(input, ctx): Promise<RunResult> {
    const { name, bytes } = input.data as Photo;
    const path = join(ctx.workDir, name);
    await writeFile(path, bytes);
    try {
      const file = `Faces/${name}`;
      const { chips, skipped } = await prepareFaceChips([{ file, path, name: 'Someone', label: 0 }], { mode: 'detect', cacheDir: false });
      if (chips.length + skipped.length !== 1) return { outcome: 'crash', detail: `${chips.length} chips and ${skipped.length} skipped for one photo` };
      if (chips[0] && chips[0].chip.length !== 150 * 150 * 3) return { outcome: 'crash', detail: `chip of ${chips[0].chip.length} values` };
      if (skipped[0] && (skipped[0].file !== file || skipped[0].reason.length === 0 || skipped[0].reason.includes('\n'))) return { outcome: 'crash', detail: `bad skipped entry ${JSON.stringify(skipped[0])}` };
      if (name === 'face.jpg' && !chips[0]) return { outcome: 'crash', detail: `the one-face photo was skipped: ${skipped[0]?.reason}` };
      if (name === 'group.jpg' && !skipped[0]?.reason.includes('faces found')) return { outcome: 'crash', detail: 'the group photo was not skipped as several faces' };
      return { outcome: chips[0] ? 'accepted' : 'clear' };
    } catch (error) {
      return { outcome: 'crash', detail: describeError(error) };
    } finally {
      await rm(path, { force: true });
    }
  },
};
