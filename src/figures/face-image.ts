/** HWC float [0,1] images to 8-bit PNG (bytes or data: URI), and the magnified perturbation view. */
import sharp, { type KernelEnum } from 'sharp';

export function toRgb8(pixels: Float32Array): Buffer {
  const bytes = Buffer.alloc(pixels.length);
  for (let i = 0; i < pixels.length; i++) bytes[i] = Math.round(Math.min(1, Math.max(0, pixels[i]!)) * 255);
  return bytes;
}

/** PNG of an image, optionally resized (by default nearest when enlarging: the perturbation's pixels stay visible). */
export async function facePng(pixels: Float32Array, height: number, width: number, size?: number, kernel?: keyof KernelEnum): Promise<Buffer> {
  const image = sharp(toRgb8(pixels), { raw: { width, height, channels: 3 } });
  const sized = size === undefined ? image : image.resize(size, size, { kernel: kernel ?? (size >= Math.max(height, width) ? 'nearest' : 'lanczos3'), fit: 'fill' });
  return sized.png().toBuffer();
}

/** A data: URI, so a Plotly image needs no network and no file next to the page. */
export async function faceDataUri(pixels: Float32Array, height: number, width: number, size?: number): Promise<string> {
  return `data:image/png;base64,${(await facePng(pixels, height, width, size)).toString('base64')}`;
}

/**
 * The perturbation x_adv - x magnified so that -eps..+eps spans black..white (grey = unchanged):
 * 0.5 + delta / (2 eps). At eps 0 everything is grey.
 */
export function magnifiedPerturbation(clean: Float32Array, adversarial: Float32Array, epsilon: number): Float32Array {
  const out = new Float32Array(clean.length);
  for (let i = 0; i < clean.length; i++) out[i] = epsilon > 0 ? 0.5 + (adversarial[i]! - clean[i]!) / (2 * epsilon) : 0.5;
  return out;
}

/** How many times magnifiedPerturbation enlarges the change at this epsilon (1/(2 eps)), for captions. */
export function perturbationGain(epsilon: number): number {
  return 1 / (2 * epsilon);
}
