/**
 * Bilinear resize exactly as Pillow does it (Resample.c), which is what torchvision's
 * Resize((224, 224)) runs on PIL images: a triangle filter widened by the scale factor when
 * shrinking (antialias), 22-bit fixed-point weights, a horizontal pass rounded to 8 bits, then a
 * vertical pass. Done in JS because sharp's linear kernel differs from Pillow when enlarging
 * (measured up to 50/255 on a 92x112 -> 224 face), and the models were trained on Pillow's pixels.
 */

const PRECISION_BITS = 32 - 8 - 2;
const HALF = 1 << (PRECISION_BITS - 1);

interface Taps {
  /** First input pixel of each output pixel. */
  readonly start: Int32Array;
  /** Number of input pixels of each output pixel. */
  readonly count: Int32Array;
  /** Fixed-point weights, `stride` per output pixel. */
  readonly weights: Int32Array;
  readonly stride: number;
}

/** Pillow's resampling weights, as floats: output pixel `o` is the sum over k < count[o] of weights[o * stride + k] * input[start[o] + k]. */
export interface ResampleWeights {
  readonly start: Int32Array;
  readonly count: Int32Array;
  readonly weights: Float64Array;
  readonly stride: number;
}

/** Pillow's precompute_coeffs for the bilinear filter (support 1, widened by the scale when shrinking), normalised. */
export function bilinearWeights(inSize: number, outSize: number): ResampleWeights {
  const scale = inSize / outSize;
  const filterScale = Math.max(scale, 1);
  const support = filterScale;
  const stride = Math.ceil(support) * 2 + 1;
  const start = new Int32Array(outSize);
  const count = new Int32Array(outSize);
  const weights = new Float64Array(outSize * stride);
  const inverseScale = 1 / filterScale; // multiplied, not divided, like Pillow, for identical rounding
  for (let out = 0; out < outSize; out++) {
    const center = (out + 0.5) * scale;
    const first = Math.max(Math.trunc(center - support + 0.5), 0);
    const n = Math.min(Math.trunc(center + support + 0.5), inSize) - first;
    let total = 0;
    for (let k = 0; k < n; k++) {
      const t = Math.abs((k + first - center + 0.5) * inverseScale);
      weights[out * stride + k] = t < 1 ? 1 - t : 0;
      total += weights[out * stride + k]!;
    }
    for (let k = 0; k < n; k++) weights[out * stride + k] = total !== 0 ? weights[out * stride + k]! / total : 0;
    start[out] = first;
    count[out] = n;
  }
  return { start, count, weights, stride };
}

/** Pillow's normalize_coeffs_8bpc: the weights in 22-bit fixed point. */
function bilinearTaps(inSize: number, outSize: number): Taps {
  const { start, count, weights, stride } = bilinearWeights(inSize, outSize);
  const fixed = new Int32Array(weights.length);
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i]! * (1 << PRECISION_BITS);
    fixed[i] = w < 0 ? Math.trunc(w - 0.5) : Math.trunc(w + 0.5);
  }
  return { start, count, weights: fixed, stride };
}

function clip8(sum: number): number {
  const v = Math.floor(sum / (1 << PRECISION_BITS));
  return v < 0 ? 0 : v > 255 ? 255 : v;
}

/** Resizes interleaved 8-bit pixels (HWC) to outWidth x outHeight, aspect ratio not kept. */
export function resizeBilinearLikePillow(
  src: Uint8Array,
  width: number,
  height: number,
  channels: number,
  outWidth: number,
  outHeight: number,
): Uint8Array {
  if (src.length !== width * height * channels) throw new Error(`resizeBilinearLikePillow: ${src.length} bytes is not ${width}x${height}x${channels}`);
  let image = src;
  let imageWidth = width;
  // Pillow skips a pass whose size does not change.
  if (outWidth !== width) {
    const taps = bilinearTaps(width, outWidth);
    const out = new Uint8Array(outWidth * height * channels);
    for (let y = 0; y < height; y++) {
      const row = y * width;
      for (let x = 0; x < outWidth; x++) {
        const first = taps.start[x]!;
        const n = taps.count[x]!;
        const w0 = x * taps.stride;
        for (let c = 0; c < channels; c++) {
          let sum = HALF;
          for (let k = 0; k < n; k++) sum += image[(row + first + k) * channels + c]! * taps.weights[w0 + k]!;
          out[(y * outWidth + x) * channels + c] = clip8(sum);
        }
      }
    }
    image = out;
    imageWidth = outWidth;
  }
  if (outHeight !== height) {
    const taps = bilinearTaps(height, outHeight);
    const rowLength = imageWidth * channels;
    const out = new Uint8Array(outHeight * rowLength);
    for (let y = 0; y < outHeight; y++) {
      const first = taps.start[y]!;
      const n = taps.count[y]!;
      const w0 = y * taps.stride;
      for (let i = 0; i < rowLength; i++) {
        let sum = HALF;
        for (let k = 0; k < n; k++) sum += image[(first + k) * rowLength + i]! * taps.weights[w0 + k]!;
        out[y * rowLength + i] = clip8(sum);
      }
    }
    image = out;
  }
  return image === src ? src.slice() : image;
}

/**
 * The same resampling on float HWC images, without rounding: a linear map, so that a model trained
 * on Pillow-resized images can be given images of another size and its input gradient carried back
 * (resizeFloatTranspose).
 */
export function resizeFloat(src: Float32Array, width: number, height: number, outWidth: number, outHeight: number, channels = 3): Float32Array {
  const columns = bilinearWeights(width, outWidth);
  const rows = bilinearWeights(height, outHeight);
  const across = new Float32Array(height * outWidth * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < outWidth; x++) {
      const [first, n, w0] = [columns.start[x]!, columns.count[x]!, x * columns.stride];
      for (let c = 0; c < channels; c++) {
        let sum = 0;
        for (let k = 0; k < n; k++) sum += src[((y * width) + first + k) * channels + c]! * columns.weights[w0 + k]!;
        across[(y * outWidth + x) * channels + c] = sum;
      }
    }
  }
  const out = new Float32Array(outHeight * outWidth * channels);
  const rowLength = outWidth * channels;
  for (let y = 0; y < outHeight; y++) {
    const [first, n, w0] = [rows.start[y]!, rows.count[y]!, y * rows.stride];
    for (let i = 0; i < rowLength; i++) {
      let sum = 0;
      for (let k = 0; k < n; k++) sum += across[(first + k) * rowLength + i]! * rows.weights[w0 + k]!;
      out[y * rowLength + i] = sum;
    }
  }
  return out;
}

/** The adjoint of resizeFloat (width x height -> outWidth x outHeight): carries a gradient at the output size back to the input size. */
export function resizeFloatTranspose(gradient: Float32Array, width: number, height: number, outWidth: number, outHeight: number, channels = 3): Float32Array {
  const columns = bilinearWeights(width, outWidth);
  const rows = bilinearWeights(height, outHeight);
  const rowLength = outWidth * channels;
  const across = new Float32Array(height * rowLength);
  for (let y = 0; y < outHeight; y++) {
    const [first, n, w0] = [rows.start[y]!, rows.count[y]!, y * rows.stride];
    for (let k = 0; k < n; k++) {
      const w = rows.weights[w0 + k]!;
      for (let i = 0; i < rowLength; i++) across[(first + k) * rowLength + i]! += gradient[y * rowLength + i]! * w;
    }
  }
  const out = new Float32Array(height * width * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < outWidth; x++) {
      const [first, n, w0] = [columns.start[x]!, columns.count[x]!, x * columns.stride];
      for (let c = 0; c < channels; c++) {
        const g = across[(y * outWidth + x) * channels + c]!;
        for (let k = 0; k < n; k++) out[(y * width + first + k) * channels + c]! += g * columns.weights[w0 + k]!;
      }
    }
  }
  return out;
}
