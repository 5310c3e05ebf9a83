/**
 * SSIM (Wang, Bovik, Sheikh, Simoncelli, 2004) between a clean and an adversarial image, as in
 * their reference code: 11x11 Gaussian window (sigma 1.5), K1 = 0.01, K2 = 0.03, data range L = 1,
 * computed on each RGB channel separately over the "valid" window positions (no padding) and
 * averaged over positions, then over the 3 channels. Images smaller than 11 px use a window as
 * large as the image. Per window:
 *   SSIM = (2 mu_a mu_b + C1)(2 cov_ab + C2) / ((mu_a^2 + mu_b^2 + C1)(var_a + var_b + C2)),
 *   C1 = (K1 L)^2, C2 = (K2 L)^2, moments weighted by the window (biased, as the reference).
 */
const K1 = 0.01;
const K2 = 0.03;
const C1 = K1 * K1;
const C2 = K2 * K2;

export const SSIM_WINDOW = 11;
export const SSIM_SIGMA = 1.5;

function gaussianKernel(size: number, sigma: number): Float64Array {
  const k = new Float64Array(size);
  const centre = (size - 1) / 2;
  let sum = 0;
  for (let i = 0; i < size; i++) sum += k[i] = Math.exp(-((i - centre) ** 2) / (2 * sigma * sigma));
  return k.map((v) => v / sum);
}

/** Separable "valid" filtering of a height x width plane: output (height-k+1) x (width-k+1). */
function filterValid(plane: Float64Array, height: number, width: number, kernel: Float64Array): Float64Array {
  const k = kernel.length;
  const ow = width - k + 1;
  const oh = height - k + 1;
  const rows = new Float64Array(height * ow);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < ow; x++) {
      let s = 0;
      for (let j = 0; j < k; j++) s += kernel[j]! * plane[y * width + x + j]!;
      rows[y * ow + x] = s;
    }
  }
  const out = new Float64Array(oh * ow);
  for (let y = 0; y < oh; y++) {
    for (let x = 0; x < ow; x++) {
      let s = 0;
      for (let j = 0; j < k; j++) s += kernel[j]! * rows[(y + j) * ow + x]!;
      out[y * ow + x] = s;
    }
  }
  return out;
}

/** SSIM of sample `sample` of two NHWC RGB batches (same layout), mean over channels. */
export function ssimSample(a: Float32Array, b: Float32Array, sample: number, height: number, width: number): number {
  const size = Math.min(SSIM_WINDOW, height, width);
  const kernel = gaussianKernel(size, SSIM_SIGMA);
  const plane = height * width;
  const base = sample * plane * 3;
  let total = 0;
  for (let c = 0; c < 3; c++) {
    const pa = new Float64Array(plane);
    const pb = new Float64Array(plane);
    for (let i = 0; i < plane; i++) {
      pa[i] = a[base + i * 3 + c]!;
      pb[i] = b[base + i * 3 + c]!;
    }
    const muA = filterValid(pa, height, width, kernel);
    const muB = filterValid(pb, height, width, kernel);
    const aa = filterValid(pa.map((v) => v * v), height, width, kernel);
    const bb = filterValid(pb.map((v) => v * v), height, width, kernel);
    const ab = filterValid(pa.map((v, i) => v * pb[i]!), height, width, kernel);
    let sum = 0;
    for (let i = 0; i < muA.length; i++) {
      const ma = muA[i]!;
      const mb = muB[i]!;
      const varA = aa[i]! - ma * ma;
      const varB = bb[i]! - mb * mb;
      const cov = ab[i]! - ma * mb;
      sum += ((2 * ma * mb + C1) * (2 * cov + C2)) / ((ma * ma + mb * mb + C1) * (varA + varB + C2));
    }
    total += sum / muA.length;
  }
  return total / 3;
}
