/**
 * Lazy image batches: only the batch being filled (plus the few images being decoded ahead) is in
 * memory, so a 2562-image set at 224 px (~1.5 GB as float32) never has to fit at once. Each yield
 * hands out a freshly allocated batch that the generator never touches again.
 */
import type { LabelledImages } from '../engines/types.js';
import { ImageDecodeError } from './errors.js';
import type { FaceEntry } from './face-index.js';
import { readResizedRgb8, toUnitFloat, type DecodeOptions } from './images.js';

/** Images with their true classes, in batch order, and where they came from. */
export interface LabelledBatch extends LabelledImages {
  /** The entries in the batch, in batch order (skipped images left out). */
  readonly entries: readonly FaceEntry[];
}

export interface SkippedImage {
  readonly file: string;
  readonly reason: string;
}

export interface BatchOptions extends DecodeOptions {
  readonly batchSize: number;
  /** Height and width of the model input (224 in the seed project). */
  readonly inputSize: number;
  /** Images decoded at the same time (sharp works in its own threads). Default 2. */
  readonly concurrency?: number;
  /** Called once per unreadable image. Default: console.warn, once per file per process. */
  readonly onSkip?: (skipped: SkippedImage) => void;
  /** The image reader; tests count calls through it. */
  readonly readImage?: (path: string, size: number, options: DecodeOptions) => Promise<Uint8Array>;
}

/** A stream of batches that also tells, once it has run, which images it had to skip. */
export interface BatchStream extends AsyncGenerator<LabelledBatch, void, undefined> {
  /** Unreadable images, excluded from the batches; filled as the stream runs. */
  readonly skipped: readonly SkippedImage[];
}

const warnedFiles = new Set<string>();

/** The default report of an unreadable image: one warning per file per process. */
export function warnOncePerFile(skipped: SkippedImage): void {
  if (warnedFiles.has(skipped.file)) return;
  warnedFiles.add(skipped.file);
  console.warn(`Skipped unreadable image ${skipped.file}: ${skipped.reason}`);
}

/**
 * Batches of `entries` in their order, full except the last. An image that cannot be decoded is
 * left out, reported through onSkip and listed in `skipped`; its place goes to the next image.
 */
export function imageBatches(entries: readonly FaceEntry[], options: BatchOptions): BatchStream {
  if (!Number.isInteger(options.batchSize) || options.batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${options.batchSize}`);
  const skipped: SkippedImage[] = [];
  return Object.assign(generateBatches(entries, options, skipped), { skipped });
}

type Decoded = { readonly entry: FaceEntry; readonly pixels: Uint8Array } | { readonly entry: FaceEntry; readonly error: ImageDecodeError };

async function* generateBatches(entries: readonly FaceEntry[], options: BatchOptions, skipped: SkippedImage[]): AsyncGenerator<LabelledBatch, void, undefined> {
  const { batchSize, inputSize } = options;
  const concurrency = Math.max(1, options.concurrency ?? 2);
  const readImage = options.readImage ?? readResizedRgb8;
  const onSkip = options.onSkip ?? warnOncePerFile;
  const imageLength = inputSize * inputSize * 3;

  const decode = async (entry: FaceEntry): Promise<Decoded> => {
    try {
      return { entry, pixels: await readImage(entry.path, inputSize, options) };
    } catch (error) {
      if (error instanceof ImageDecodeError) return { entry, error };
      throw error; // a bug, not a bad image: do not hide it
    }
  };

  // Decodes run ahead of the consumer by at most `concurrency` images, in entry order.
  const inFlight: Promise<Decoded>[] = [];
  let next = 0;
  const refill = () => {
    while (inFlight.length < concurrency && next < entries.length) {
      const pending = decode(entries[next++]!);
      pending.catch(() => undefined); // rejections surface when awaited in order, not as unhandled
      inFlight.push(pending);
    }
  };

  let pixels = new Float32Array(Math.min(batchSize, entries.length) * imageLength);
  let members: FaceEntry[] = [];
  refill();
  while (inFlight.length > 0) {
    const result = await inFlight.shift()!;
    refill();
    if ('error' in result) {
      const skip = { file: result.entry.file, reason: result.error.reason };
      skipped.push(skip);
      onSkip(skip);
      continue;
    }
    if (result.pixels.length !== imageLength) throw new Error(`readImage returned ${result.pixels.length} values for ${result.entry.file}, expected ${imageLength}`);
    toUnitFloat(result.pixels, pixels, members.length * imageLength);
    members.push(result.entry);
    if (members.length === batchSize) {
      yield makeBatch(pixels, members, inputSize);
      pixels = new Float32Array(Math.min(batchSize, entries.length - next + inFlight.length) * imageLength);
      members = [];
    }
  }
  if (members.length > 0) yield makeBatch(pixels, members, inputSize);
}

function makeBatch(pixels: Float32Array, members: FaceEntry[], size: number): LabelledBatch {
  // A last batch shrunk by skips is copied so that its buffer holds exactly count images.
  const exact = pixels.length === members.length * size * size * 3 ? pixels : pixels.slice(0, members.length * size * size * 3);
  return {
    batch: { pixels: exact, count: members.length, height: size, width: size },
    labels: Int32Array.from(members, (e) => e.label),
    entries: members,
  };
}
