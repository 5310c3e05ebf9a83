/**
 * What a person could take away from a region attack: the optimised texture (eyeglass frame or
 * sticker) as a PNG at a stated physical size, transparent outside the region, and the attacked
 * faces as the 8-bit PNGs whose distances the study reports.
 *
 * The physical size comes from the face: the chip's distance between the eye centres is taken to
 * be an adult's mean, 63 mm (Dodgson, 2004), so one chip pixel is 63 / eyeDistance mm. The texture
 * is enlarged by a whole factor (nearest neighbour: no colour is invented) to about 300 dpi, and
 * the PNG's resolution is set so that it prints at exactly that size.
 */
import sharp from 'sharp';
import { toRgb8 } from '../figures/face-image.js';
import type { RegionExample } from '../verification/region-attacks.js';

export const EYE_DISTANCE_MM = 63;
const TARGET_DPI = 300;
const MM_PER_INCH = 25.4;

export interface PrintableRegion {
  readonly png: Buffer;
  readonly widthMm: number;
  readonly heightMm: number;
  readonly dpi: number;
  /** Texture pixels per chip pixel. */
  readonly enlargement: number;
}

/** The region's optimised pixels (8-bit), cropped to the region's bounding box, at print size. */
export async function printableRegion(example: RegionExample): Promise<PrintableRegion> {
  const size = Math.round(Math.sqrt(example.mask.length));
  let [left, top, right, bottom] = [size, size, -1, -1];
  example.mask.forEach((on, p) => {
    if (!on) return;
    const [x, y] = [p % size, Math.floor(p / size)];
    [left, top, right, bottom] = [Math.min(left, x), Math.min(top, y), Math.max(right, x), Math.max(bottom, y)];
  });
  if (right < 0) throw new Error(`The ${example.region} region of ${example.probeName}'s face is empty: nothing to print.`);
  const [width, height] = [right - left + 1, bottom - top + 1];
  const rgb = toRgb8(example.optimised);
  const rgba = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = (top + y) * size + left + x;
      if (!example.mask[p]) continue;
      rgb.copy(rgba, (y * width + x) * 4, p * 3, p * 3 + 3);
      rgba[(y * width + x) * 4 + 3] = 255;
    }
  }
  const mmPerPixel = EYE_DISTANCE_MM / example.eyeDistancePixels;
  const enlargement = Math.max(1, Math.round((mmPerPixel / MM_PER_INCH) * TARGET_DPI));
  const dpi = (enlargement * MM_PER_INCH) / mmPerPixel;
  const png = await sharp(rgba, { raw: { width, height, channels: 4 } })
    .resize(width * enlargement, height * enlargement, { kernel: 'nearest' })
    .withMetadata({ density: dpi })
    .png()
    .toBuffer();
  return { png, widthMm: width * mmPerPixel, heightMm: height * mmPerPixel, dpi, enlargement };
}
