/**
 * int8 storage with one float scale per output channel (axis 0 of PyTorch's layout: conv
 * [out, in, kh, kw], linear [out, in]): w ≈ q · scale_c, q in [-127, 127], scale_c = max|w_c| / 127.
 * A quarter of float32; each channel keeps its own range, so a channel of small weights is not
 * flattened to zero by a large one elsewhere in the tensor. Expanded to float32 when loaded.
 */

/** Only tensors with an output axis worth a scale each (conv and linear weights); the rest stay float32. */
export function quantisable(shape: readonly number[]): boolean {
  return shape.length >= 2 && shape[0]! > 0;
}

export interface Int8Tensor {
  readonly values: Int8Array;
  /** One per output channel (shape[0]); float32 values, exact in JSON. */
  readonly scales: number[];
}

export function encodeInt8PerChannel(data: Float32Array, shape: readonly number[]): Int8Tensor {
  const channels = shape[0]!;
  const perChannel = data.length / channels;
  const values = new Int8Array(data.length);
  const scales: number[] = [];
  for (let c = 0; c < channels; c++) {
    const start = c * perChannel;
    let max = 0;
    for (let i = start; i < start + perChannel; i++) max = Math.max(max, Math.abs(data[i]!));
    // An all-zero channel keeps scale 0 (decodes to zeros); a float32 scale, so JSON holds it exactly.
    const scale = Math.fround(max / 127);
    scales.push(scale);
    for (let i = start; i < start + perChannel; i++) values[i] = scale === 0 ? 0 : Math.max(-127, Math.min(127, Math.round(data[i]! / scale)));
  }
  return { values, scales };
}

export function decodeInt8PerChannel(values: Int8Array, scales: readonly number[]): Float32Array {
  const perChannel = values.length / scales.length;
  const out = new Float32Array(values.length);
  for (let c = 0; c < scales.length; c++) {
    const scale = scales[c]!;
    for (let i = c * perChannel; i < (c + 1) * perChannel; i++) out[i] = values[i]! * scale;
  }
  return out;
}
