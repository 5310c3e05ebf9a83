/**
 * Image decoding as the seed project saw its images: PIL `Image.open(f).convert('RGB')`, then
 * torchvision `Resize((size, size))` and `ToTensor()`. So:
 * - greyscale is replicated to RGB and alpha is dropped without compositing (convert('RGB'));
 * - EXIF orientation is NOT applied and embedded ICC profiles are ignored, as PIL does by default;
 * - the resize ignores the aspect ratio and is Pillow's antialiased bilinear (pillow-resize.ts);
 * - pixels become float32 in [0,1] (value / 255); normalisation happens inside the model.
 * sharp (libvips) decodes JPEG/PNG/WebP/GIF/TIFF; a truncated file is an error, as in PIL.
 */
import { open as openFile } from 'node:fs/promises';
import sharp, { type OutputInfo, type Sharp } from 'sharp';
import { ImageDecodeError } from './errors.js';
import { resizeBilinearLikePillow } from './pillow-resize.js';

/**
 * `pillow-bilinear` (default): bit-exact with torchvision on PIL images, in JS.
 * `sharp-linear`: libvips' linear kernel, faster, within ~2/255 when shrinking but far off (up to
 * ~50/255) when enlarging.
 */
export type Resampler = 'pillow-bilinear' | 'sharp-linear';

export interface DecodeOptions {
  readonly resampler?: Resampler;
  /**
   * Turn the photo upright as its EXIF orientation says (phone photos). Default false, as PIL (and
   * so the original study) reads images; face verification sets it, since a sideways face is not found.
   */
  readonly autoOrient?: boolean;
  /** readRgb8: shrink (never enlarge, aspect kept) so that the longer side is at most this many pixels. */
  readonly maxSide?: number;
}

/** 8-bit RGB pixels, HWC. */
export interface Rgb8Image {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
}

/**
 * Larger images are refused before decoding (decompression bombs: a few KB of PNG can declare
 * 20000x20000 pixels). PIL's own threshold, Image.MAX_IMAGE_PIXELS: ~256 MB of RGB at most.
 */
export const MAX_IMAGE_PIXELS = 89_478_485;

/** No face photo is this big; a larger file is not read into memory at all. */
export const MAX_IMAGE_FILE_BYTES = 256 * 1024 * 1024;

/**
 * The file's bytes. sharp is given bytes, not the path: libvips caches file decodes by path, so a
 * file rewritten in place could decode to its old pixels (the fuzzer saw it: outcomes changed
 * with sharp.cache on or off).
 */
export async function readImageFile(path: string): Promise<Buffer> {
  let handle;
  try {
    handle = await openFile(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ImageDecodeError(path, code === 'ENOENT' ? 'the file does not exist' : (error as Error).message);
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw new ImageDecodeError(path, 'it is a folder or device, not an image file');
    if (stats.size === 0) throw new ImageDecodeError(path, 'the file is empty (0 bytes)');
    if (stats.size > MAX_IMAGE_FILE_BYTES) throw new ImageDecodeError(path, `the file is ${(stats.size / 2 ** 20).toFixed(0)} MiB, larger than any face photo (limit ${MAX_IMAGE_FILE_BYTES / 2 ** 20} MiB)`);
    return await handle.readFile();
  } catch (error) {
    if (error instanceof ImageDecodeError) throw error;
    throw new ImageDecodeError(path, (error as Error).message);
  } finally {
    await handle.close();
  }
}

function open(input: Buffer, autoOrient = false): Sharp {
  // failOn 'truncated': PIL refuses truncated files but tolerates libjpeg warnings (extraneous bytes).
  // pages 1: the first frame of an animated GIF/WebP, as PIL's Image.open shows it.
  return sharp(input, { failOn: 'truncated', autoOrient, ignoreIcc: true, limitInputPixels: MAX_IMAGE_PIXELS, pages: 1 }).removeAlpha().toColourspace('srgb');
}

async function decodeRaw(path: string, pipeline: Sharp): Promise<Rgb8Image> {
  let result: { data: Buffer; info: OutputInfo };
  try {
    result = await pipeline.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    // sharp says "Input image exceeds pixel limit"; say which limit and why.
    const reason = /pixel limit/i.test(message) ? `it has more than ${MAX_IMAGE_PIXELS} pixels (a decompression bomb or not a face photo; PIL refuses it too)` : message;
    throw new ImageDecodeError(path, reason);
  }
  const { data, info } = result;
  if (info.channels === 3) return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
  if (info.channels === 1) return { data: greyToRgb(data), width: info.width, height: info.height };
  throw new ImageDecodeError(path, `decoded to ${info.channels} channels, expected RGB`);
}

function greyToRgb(grey: Uint8Array): Uint8Array {
  const rgb = new Uint8Array(grey.length * 3);
  for (let i = 0; i < grey.length; i++) rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = grey[i]!;
  return rgb;
}

/** The image as 8-bit RGB, at its own size unless `maxSide` shrinks it (upright if `autoOrient`). */
export async function readRgb8(path: string, options: Pick<DecodeOptions, 'autoOrient' | 'maxSide'> = {}): Promise<Rgb8Image> {
  return decodeRgb8(path, await readImageFile(path), options);
}

/** readRgb8 on bytes already read with readImageFile (`path` names them in errors). */
export async function decodeRgb8(path: string, bytes: Buffer, options: Pick<DecodeOptions, 'autoOrient' | 'maxSide'> = {}): Promise<Rgb8Image> {
  const pipeline = open(bytes, options.autoOrient);
  if (options.maxSide !== undefined) pipeline.resize({ width: options.maxSide, height: options.maxSide, fit: 'inside', withoutEnlargement: true });
  return decodeRaw(path, pipeline);
}

/** The image resized to size x size (aspect ratio not kept), 8-bit RGB HWC. */
export async function readResizedRgb8(path: string, size: number, options: DecodeOptions = {}): Promise<Uint8Array> {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`Image size must be a positive integer, got ${size}`);
  if ((options.resampler ?? 'pillow-bilinear') === 'sharp-linear') {
    return (await decodeRaw(path, open(await readImageFile(path)).resize(size, size, { fit: 'fill', kernel: 'linear' }))).data;
  }
  const image = await readRgb8(path);
  return resizeBilinearLikePillow(image.data, image.width, image.height, 3, size, size);
}

/** value / 255 for every byte value, as float32 (torchvision ToTensor). */
const UNIT = Float32Array.from({ length: 256 }, (_, v) => v / 255);

/** Writes 8-bit pixels as float32 in [0,1] into `target` at `offset`; returns `target`. */
export function toUnitFloat(bytes: Uint8Array, target = new Float32Array(bytes.length), offset = 0): Float32Array {
  for (let i = 0; i < bytes.length; i++) target[offset + i] = UNIT[bytes[i]!]!;
  return target;
}

/** The image as the model sees it: size x size RGB, float32 HWC in [0,1]. */
export async function decodeImage(path: string, size: number, options: DecodeOptions = {}): Promise<Float32Array> {
  return toUnitFloat(await readResizedRgb8(path, size, options));
}

/** RGB float HWC pixels in [0,1] (clamped) to PNG bytes, e.g. for figures of adversarial examples. */
export async function encodePng(pixels: Float32Array, width: number, height: number = width): Promise<Buffer> {
  if (pixels.length !== width * height * 3) {
    throw new RangeError(`encodePng: ${pixels.length} values is not ${width}x${height}x3 RGB`);
  }
  const bytes = Buffer.alloc(pixels.length);
  for (let i = 0; i < pixels.length; i++) bytes[i] = Math.round(Math.min(1, Math.max(0, pixels[i]!)) * 255);
  return sharp(bytes, { raw: { width, height, channels: 3 } }).png().toBuffer();
}
