/**
 * Weight files are little-endian (PyTorch storages, tfjs .bin). Typed arrays use the host's byte
 * order, which is little-endian on every platform Node supports in practice; the DataView paths
 * keep big-endian hosts correct rather than silently byte-swapped.
 */

export const littleEndianHost = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The values as little-endian bytes; a view (no copy) on little-endian hosts. */
export function float32ToBytes(values: Float32Array): Uint8Array {
  if (littleEndianHost) return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i]!, true);
  return bytes;
}

export function uint16ToBytes(values: Uint16Array): Uint8Array {
  if (littleEndianHost) return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  const bytes = new Uint8Array(values.length * 2);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setUint16(i * 2, values[i]!, true);
  return bytes;
}

/** A fresh Float32Array from little-endian bytes at any alignment. */
export function bytesToFloat32(bytes: Uint8Array): Float32Array {
  if (littleEndianHost) return new Float32Array(new Uint8Array(bytes).buffer); // copy: aligned, detached from the file buffer
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(bytes.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}

export function bytesToUint16(bytes: Uint8Array): Uint16Array {
  if (littleEndianHost) return new Uint16Array(new Uint8Array(bytes).buffer);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Uint16Array(bytes.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = view.getUint16(i * 2, true);
  return out;
}
