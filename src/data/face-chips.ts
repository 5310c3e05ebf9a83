/**
 * A folder's photos turned into aligned 150x150 face chips for the recognizer (see
 * engines/faceapi/aligner.ts), each kept or named in `skipped` with the reason (unreadable file,
 * no face, several faces): never dropped silently. Chips are cached on disk by the photo's bytes
 * (sha256) and the settings, so a second run skips detection.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { writeFileAtomically } from '../core/atomic-write.js';
import { alignFace, CHIP_SIZE, DEFAULT_MIN_CONFIDENCE, LANDMARK_COUNT, type FaceBox, type FaceMode } from '../engines/faceapi/aligner.js';
import { ImageDecodeError } from './errors.js';
import type { FaceEntry } from './face-index.js';
import { decodeRgb8, readImageFile } from './images.js';

/** Photos are shrunk to this longer side before detection: a chip is 150 px, and a 50 MP photo would need GBs. */
export const MAX_PHOTO_SIDE = 1600;
/** Bump when the chip pipeline changes, so old cached chips are not reused. */
const PIPELINE_VERSION = 'faceapi-1.7.15-align-v2-landmarks';

export interface FaceChip {
  readonly entry: FaceEntry;
  /** 150x150 RGB, 8-bit, HWC. */
  readonly chip: Uint8Array;
  /** The crop, in the pixels of the (possibly shrunk, upright) photo. */
  readonly box: FaceBox;
  readonly score: number | null;
  /** face-api's 68 landmarks in the chip's pixels (x0, y0, x1, y1, ...). */
  readonly landmarks: Float32Array;
}

export interface SkippedPhoto {
  readonly file: string;
  readonly reason: string;
}

export interface FaceChipsOptions {
  readonly mode: FaceMode;
  readonly minConfidence?: number;
  /** Cache folder; default node_modules/.cache/fgsm-faces/face-chips under the current folder (else the system temp folder); false: no cache. */
  readonly cacheDir?: string | false;
  /** Called after each photo. */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface FaceChips {
  readonly chips: readonly FaceChip[];
  readonly skipped: readonly SkippedPhoto[];
  /** Photos whose chip came from the cache. */
  readonly cached: number;
}

export function defaultChipCacheDir(): string {
  const modules = join(process.cwd(), 'node_modules');
  return join(existsSync(modules) ? join(modules, '.cache') : tmpdir(), 'fgsm-faces', 'face-chips');
}

interface CacheRecord {
  readonly box?: FaceBox;
  readonly score?: number | null;
  readonly landmarks?: number[];
  readonly skipped?: string;
}

export async function prepareFaceChips(entries: readonly FaceEntry[], options: FaceChipsOptions): Promise<FaceChips> {
  const minConfidence = options.minConfidence ?? DEFAULT_MIN_CONFIDENCE;
  const cacheDir = options.cacheDir === false ? undefined : (options.cacheDir ?? defaultChipCacheDir());
  if (cacheDir) await mkdir(cacheDir, { recursive: true });
  const chips: FaceChip[] = [];
  const skipped: SkippedPhoto[] = [];
  let cached = 0;
  for (const [index, entry] of entries.entries()) {
    let bytes: Buffer | undefined;
    try {
      // The one read of the photo, with the image loader's limits: its bytes are hashed and decoded.
      bytes = await readImageFile(entry.path);
    } catch (error) {
      if (!(error instanceof ImageDecodeError)) throw error;
      skipped.push({ file: entry.file, reason: `not a readable image: ${error.reason}` });
    }
    if (bytes) {
      const key = createHash('sha256').update(PIPELINE_VERSION).update(`\0${options.mode}\0${minConfidence}\0`).update(bytes).digest('hex');
      const hit = cacheDir ? await readCached(cacheDir, key) : undefined;
      if (hit) cached++;
      const result = hit ?? (await alignPhoto(entry, bytes, options.mode, minConfidence));
      if (!hit && cacheDir) await writeCached(cacheDir, key, result);
      if ('skipped' in result) skipped.push({ file: entry.file, reason: result.skipped });
      else chips.push({ entry, chip: result.chip, box: result.box, score: result.score, landmarks: result.landmarks });
    }
    options.onProgress?.(index + 1, entries.length);
  }
  return { chips, skipped, cached };
}

type PhotoResult = { chip: Uint8Array; box: FaceBox; score: number | null; landmarks: Float32Array } | { skipped: string };

async function alignPhoto(entry: FaceEntry, bytes: Buffer, mode: FaceMode, minConfidence: number): Promise<PhotoResult> {
  let image;
  try {
    image = await decodeRgb8(entry.path, bytes, { autoOrient: true, maxSide: MAX_PHOTO_SIDE });
  } catch (error) {
    if (error instanceof ImageDecodeError) return { skipped: `not a readable image: ${error.reason}` };
    throw error;
  }
  const alignment = await alignFace(image, { mode, minConfidence });
  return 'skipped' in alignment ? alignment : alignment.face;
}

async function readCached(dir: string, key: string): Promise<PhotoResult | undefined> {
  try {
    const record = JSON.parse(await readFile(join(dir, `${key}.json`), 'utf8')) as CacheRecord;
    if (typeof record.skipped === 'string') return { skipped: record.skipped };
    if (!record.box || !Array.isArray(record.landmarks) || record.landmarks.length !== 2 * LANDMARK_COUNT) return undefined;
    const { data, info } = await sharp(join(dir, `${key}.png`)).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    if (info.width !== CHIP_SIZE || info.height !== CHIP_SIZE || info.channels !== 3) return undefined;
    return { chip: new Uint8Array(data.buffer, data.byteOffset, data.length), box: record.box, score: record.score ?? null, landmarks: Float32Array.from(record.landmarks) };
  } catch {
    return undefined; // no entry, or a damaged one: align again
  }
}

async function writeCached(dir: string, key: string, result: PhotoResult): Promise<void> {
  if ('skipped' in result) {
    await writeFileAtomically(join(dir, `${key}.json`), JSON.stringify({ skipped: result.skipped }));
    return;
  }
  const png = await sharp(Buffer.from(result.chip), { raw: { width: CHIP_SIZE, height: CHIP_SIZE, channels: 3 } }).png().toBuffer();
  await writeFileAtomically(join(dir, `${key}.png`), png);
  // The .json last: a record is only read when its chip is complete.
  await writeFileAtomically(join(dir, `${key}.json`), JSON.stringify({ box: result.box, score: result.score, landmarks: Array.from(result.landmarks) }));
}
