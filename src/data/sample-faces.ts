/**
 * A small SYNTHETIC face dataset, drawn procedurally, so the whole study runs on a fresh clone
 * without the Kaggle "Face Recognition Dataset". Output has the Kaggle layout:
 *   <out>/Faces/<Name>_<i>.jpg   and   <out>/Dataset.csv  (header `id,label`, one row per file)
 * Nobody real is depicted: the people and their looks are invented in ./sample-faces-cast.ts and
 * drawn by ./sample-faces-svg.ts. Same options => byte-identical files.
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import seedrandom from 'seedrandom';
import sharp from 'sharp';
import { SAMPLE_PEOPLE, faceIdentity, photoVariation } from './sample-faces-cast.js';
import type { Random } from './sample-faces-cast.js';
import { drawFaceSvg } from './sample-faces-svg.js';

export { SAMPLE_PEOPLE, faceIdentity, photoVariation } from './sample-faces-cast.js';
export type { FaceIdentity, PhotoVariation, HairStyle, FacialHair } from './sample-faces-cast.js';
export { drawFaceSvg } from './sample-faces-svg.js';

export interface SampleFacesOptions {
  /** Seed of the per-photo variation (pose, light, expression, noise...). Identities never change. */
  seed?: number;
  /** How many of SAMPLE_PEOPLE to draw (the first ones). */
  people?: number;
  perPerson?: number;
  /** Image side in pixels. */
  size?: number;
  /** Base JPEG quality; each photo gets a small random offset. */
  quality?: number;
}

export const DEFAULT_SAMPLE_FACES_OPTIONS: Readonly<Required<SampleFacesOptions>> = {
  seed: 1,
  people: 12,
  perPerson: 48,
  size: 80,
  quality: 88,
};

export interface PhotoOptions {
  seed?: number;
  size?: number;
  quality?: number;
}

/** SVG source of photo `photoIndex` of `person` (one of SAMPLE_PEOPLE). */
export function faceSvg(person: string, photoIndex: number, options: PhotoOptions = {}): string {
  const { seed, size } = { ...DEFAULT_SAMPLE_FACES_OPTIONS, ...definedOnly(options) };
  return drawFaceSvg(faceIdentity(person), photoVariation(person, photoIndex, seed), size);
}

/** One finished photo: the SVG rendered, sensor-like noise added, JPEG-encoded. */
export async function renderSampleFace(person: string, photoIndex: number, options: PhotoOptions = {}): Promise<Buffer> {
  const { seed, size, quality } = { ...DEFAULT_SAMPLE_FACES_OPTIONS, ...definedOnly(options) };
  const variation = photoVariation(person, photoIndex, seed);
  const svg = drawFaceSvg(faceIdentity(person), variation, size);
  const pixels = await sharp(Buffer.from(svg)).resize(size, size).removeAlpha().raw().toBuffer();
  addGaussianNoise(pixels, variation.noiseSigma, seedrandom(`sample-faces:noise:${seed}:${person}:${photoIndex}`));
  return sharp(pixels, { raw: { width: size, height: size, channels: 3 } })
    .jpeg({ quality: clamp(quality + variation.qualityJitter, 1, 100) })
    .toBuffer();
}

/** File name of a photo, as in the Kaggle dataset ("Name_i.jpg"). */
export function sampleFaceFileName(person: string, photoIndex: number): string {
  return `${person}_${photoIndex}.jpg`;
}

/**
 * Writes <outDir>/Faces/*.jpg and <outDir>/Dataset.csv. Refuses to write into a Faces/ folder
 * holding other files, so a real dataset is never mixed with (or partly overwritten by) sample faces.
 */
export async function generateSampleFaces(
  outDir: string,
  options: SampleFacesOptions = {},
): Promise<{ files: number; people: string[] }> {
  const settings = checkOptions({ ...DEFAULT_SAMPLE_FACES_OPTIONS, ...definedOnly(options) });
  const people = SAMPLE_PEOPLE.slice(0, settings.people);
  const rows = people.flatMap((person) =>
    Array.from({ length: settings.perPerson }, (_, i) => ({ person, photoIndex: i, id: sampleFaceFileName(person, i) })),
  );
  const facesDir = join(outDir, 'Faces');
  await mkdir(facesDir, { recursive: true });
  await refuseForeignFiles(facesDir, new Set(rows.map((row) => row.id)));
  for (const person of people) {
    // One person at a time keeps memory flat; sharp parallelises within the batch.
    const own = rows.filter((row) => row.person === person);
    await Promise.all(
      own.map(async (row) => writeFile(join(facesDir, row.id), await renderSampleFace(person, row.photoIndex, settings))),
    );
  }
  await writeFile(join(outDir, 'Dataset.csv'), datasetCsv(rows.map((row) => ({ id: row.id, label: row.person }))), 'utf8');
  return { files: rows.length, people: [...people] };
}

/** `id,label` CSV, rows sorted by file name (plain code-unit order, so locale-independent), LF endings. */
export function datasetCsv(rows: readonly { id: string; label: string }[]): string {
  const sorted = [...rows].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return ['id,label', ...sorted.map((row) => `${csvField(row.id)},${csvField(row.label)}`)].join('\n') + '\n';
}

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

async function refuseForeignFiles(facesDir: string, expected: ReadonlySet<string>): Promise<void> {
  const foreign = (await readdir(facesDir)).filter((name) => !expected.has(name));
  if (foreign.length > 0) {
    throw new Error(
      `${facesDir} already holds ${foreign.length} file(s) this run would not write (e.g. "${foreign[0]}"). ` +
        'Use an empty or new --out folder.',
    );
  }
}

function checkOptions(options: Required<SampleFacesOptions>): Required<SampleFacesOptions> {
  const rules: [keyof SampleFacesOptions, number, number][] = [
    ['seed', 0, 2 ** 31 - 1],
    ['people', 1, SAMPLE_PEOPLE.length],
    ['perPerson', 1, 100_000],
    ['size', 16, 1024],
    ['quality', 1, 100],
  ];
  for (const [key, low, high] of rules) {
    const value = options[key];
    if (!Number.isInteger(value) || value < low || value > high) {
      throw new Error(`Sample faces: ${key} must be an integer in [${low}, ${high}], got ${value}.`);
    }
  }
  return options;
}

/** Box-Muller Gaussian noise, added in place and clamped to 0..255. */
function addGaussianNoise(pixels: Buffer, sigma: number, random: Random): void {
  for (let i = 0; i < pixels.length; i += 2) {
    const radius = Math.sqrt(-2 * Math.log(1 - random())) * sigma;
    const angle = 2 * Math.PI * random();
    pixels[i] = clamp(Math.round((pixels[i] as number) + radius * Math.cos(angle)), 0, 255);
    if (i + 1 < pixels.length) pixels[i + 1] = clamp(Math.round((pixels[i + 1] as number) + radius * Math.sin(angle)), 0, 255);
  }
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

/** Drops undefined entries so they do not override defaults when spread. */
function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
}
