/**
 * Light, seeded augmentation for face crops, applied in place to one HWC image in [0,1]:
 * a horizontal flip half of the time and a shift of up to `maxShift` pixels (edges replicated),
 * like torchvision's RandomHorizontalFlip + a small RandomAffine translate.
 */
export interface AugmentOptions {
  readonly maxShift: number;
}

export function augmentImage(pixels: Float32Array, offset: number, size: number, random: () => number, options: AugmentOptions): void {
  const flip = random() < 0.5;
  const dx = Math.round((random() * 2 - 1) * options.maxShift);
  const dy = Math.round((random() * 2 - 1) * options.maxShift);
  if (!flip && dx === 0 && dy === 0) return;
  const source = pixels.slice(offset, offset + size * size * 3);
  const clampIndex = (v: number) => (v < 0 ? 0 : v >= size ? size - 1 : v);
  for (let y = 0; y < size; y++) {
    const sy = clampIndex(y - dy);
    for (let x = 0; x < size; x++) {
      const shifted = clampIndex(x - dx);
      const sx = flip ? size - 1 - shifted : shifted;
      const to = offset + (y * size + x) * 3;
      const from = (sy * size + sx) * 3;
      pixels[to] = source[from]!;
      pixels[to + 1] = source[from + 1]!;
      pixels[to + 2] = source[from + 2]!;
    }
  }
}
