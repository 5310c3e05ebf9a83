/**
 * Total variation of an image inside a region (Sharif et al., 2016: smooth perturbations survive
 * printing and a camera): the sum over region pixels p and channels c of
 *   sqrt((x[right(p)] - x[p])^2 + (x[below(p)] - x[p])^2 + delta)
 * where a neighbour outside the region (or the image) contributes no difference. `delta` keeps the
 * gradient finite where the image is flat.
 */
const DELTA = 1e-8;

/**
 * TV of one HWC image over `mask` (width * height, 1 = in the region); adds its gradient to
 * `gradient` (same layout as `pixels`) when given. `offset` is where the image starts in both arrays.
 */
export function regionTotalVariation(pixels: Float32Array, mask: Uint8Array, width: number, height: number, offset = 0, gradient?: Float32Array): number {
  let total = 0;
  for (let row = 0; row < height; row++) {
    for (let column = 0; column < width; column++) {
      const p = row * width + column;
      if (!mask[p]) continue;
      const right = column + 1 < width && mask[p + 1] ? p + 1 : -1;
      const below = row + 1 < height && mask[p + width] ? p + width : -1;
      for (let c = 0; c < 3; c++) {
        const here = pixels[offset + 3 * p + c]!;
        const dx = right >= 0 ? pixels[offset + 3 * right + c]! - here : 0;
        const dy = below >= 0 ? pixels[offset + 3 * below + c]! - here : 0;
        const t = Math.sqrt(dx * dx + dy * dy + DELTA);
        total += t;
        if (!gradient) continue;
        gradient[offset + 3 * p + c]! -= (dx + dy) / t;
        if (right >= 0) gradient[offset + 3 * right + c]! += dx / t;
        if (below >= 0) gradient[offset + 3 * below + c]! += dy / t;
      }
    }
  }
  return total;
}
