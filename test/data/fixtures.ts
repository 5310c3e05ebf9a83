// Helpers for the data tests: where the shared reference data is, temp dirs, generated images.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import type { FaceEntry } from '../../src/data/index.js';

/** The repo root (two levels above this file), whatever the current directory. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** `shared/datasets/<name>` next to the checkout, or a skip reason when it is absent. */
export function sharedDataset(name: string): { path: string; skip: false } | { path: string; skip: string } {
  const path = join(REPO_ROOT, '..', 'shared', 'datasets', name);
  return existsSync(path) ? { path, skip: false } : { path, skip: `reference data ${path} is absent (it sits next to the checkout in CI)` };
}

/** A fresh temp dir; removed by the returned cleanup. */
export async function tempDir(prefix = 'fgsm-data-'): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export async function writeText(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
}

/** A solid-colour RGB image; format from the extension (.jpg/.png/.webp). */
export async function writeSolidImage(path: string, rgb: readonly [number, number, number], size = 8): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const image = sharp({ create: { width: size, height: size, channels: 3, background: { r: rgb[0], g: rgb[1], b: rgb[2] } } });
  const ext = path.slice(path.lastIndexOf('.')).toLowerCase();
  await (ext === '.png' ? image.png() : ext === '.webp' ? image.webp({ lossless: true }) : image.jpeg({ quality: 95 })).toFile(path);
}

/** A solid-colour JPEG, in memory. */
export function solidJpeg(rgb: readonly [number, number, number], size = 8): Promise<Buffer> {
  return sharp({ create: { width: size, height: size, channels: 3, background: { r: rgb[0], g: rgb[1], b: rgb[2] } } }).jpeg({ quality: 95 }).toBuffer();
}

/** Raw interleaved pixels to an image file (format from the extension). */
export async function writeRawImage(path: string, data: Uint8Array, width: number, height: number, channels: 1 | 2 | 3 | 4): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  let image = sharp(Buffer.from(data), { raw: { width, height, channels } });
  // sharp would store 1- and 2-band input as RGB; keep it greyscale, as a real greyscale file.
  if (channels <= 2) image = image.toColourspace('b-w');
  const ext = path.slice(path.lastIndexOf('.')).toLowerCase();
  await (ext === '.png' ? image.png() : ext === '.webp' ? image.webp({ lossless: true }) : image.jpeg({ quality: 95 })).toFile(path);
}

/** Entries without images, for split tests: `count` images per name. */
export function fakeEntries(counts: Record<string, number>): FaceEntry[] {
  const names = Object.keys(counts).sort();
  return names.flatMap((name, label) =>
    Array.from({ length: counts[name]! }, (_, i) => ({ file: `Faces/${name}_${i}.jpg`, path: `/nowhere/Faces/${name}_${i}.jpg`, name, label })),
  );
}

/** Collects warnings instead of printing them. */
export function warnings(): { warn: (message: string) => void; messages: string[] } {
  const messages: string[] = [];
  return { warn: (m) => messages.push(m), messages };
}
