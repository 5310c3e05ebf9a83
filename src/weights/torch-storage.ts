/**
 * PyTorch storages (the raw `data/<key>` bytes of a .pth) and tensor views on them: dtype table,
 * bounds checks that need no allocation, and the gather of any strided view into a fresh
 * C-order Float32Array.
 */
import { littleEndianHost } from './endian.js';
import { bfloat16BitsToFloat32, decodeFloat16Array } from './float16.js';

export type StorageDtype = 'float32' | 'float64' | 'float16' | 'bfloat16' | 'int64' | 'int32' | 'int16' | 'int8' | 'uint8' | 'bool';

export interface StorageType {
  /** The pickled class name, e.g. `FloatStorage`. */
  readonly className: string;
  readonly dtype: StorageDtype;
  readonly itemSize: number;
}

const SUPPORTED: Record<string, [StorageDtype, number]> = {
  FloatStorage: ['float32', 4],
  DoubleStorage: ['float64', 8],
  HalfStorage: ['float16', 2],
  BFloat16Storage: ['bfloat16', 2],
  LongStorage: ['int64', 8],
  IntStorage: ['int32', 4],
  ShortStorage: ['int16', 2],
  CharStorage: ['int8', 1],
  ByteStorage: ['uint8', 1],
  BoolStorage: ['bool', 1],
};

/** Storages PyTorch can write but that cannot become float32 weights; the value names the dtype. */
const UNSUPPORTED: Record<string, string> = {
  ComplexFloatStorage: 'complex64',
  ComplexDoubleStorage: 'complex128',
  ComplexHalfStorage: 'complex32',
  QInt8Storage: 'qint8 (quantized)',
  QUInt8Storage: 'quint8 (quantized)',
  QInt32Storage: 'qint32 (quantized)',
  QUInt4x2Storage: 'quint4x2 (quantized)',
  QUInt2x4Storage: 'quint2x4 (quantized)',
  UntypedStorage: 'untyped bytes',
  Float8_e4m3fnStorage: 'float8_e4m3fn',
  Float8_e5m2Storage: 'float8_e5m2',
};

/** The storage type for `torch.<className>`, `{ unsupported: dtype }` for a known but unusable one, else undefined. */
export function storageTypeFor(className: string): StorageType | { unsupported: string } | undefined {
  const known = Object.prototype.hasOwnProperty.call(SUPPORTED, className) ? SUPPORTED[className] : undefined;
  if (known) return Object.freeze({ className, dtype: known[0], itemSize: known[1] });
  if (Object.prototype.hasOwnProperty.call(UNSUPPORTED, className)) return { unsupported: UNSUPPORTED[className]! };
  return undefined;
}

export function isFloatDtype(dtype: StorageDtype): boolean {
  return dtype === 'float32' || dtype === 'float64' || dtype === 'float16' || dtype === 'bfloat16';
}

/** A tensor as the pickle describes it: a view (offset, size, stride) on a storage of `numel` elements. */
export interface TensorView {
  readonly storageNumel: number;
  readonly offset: number;
  readonly size: readonly number[];
  readonly stride: readonly number[];
}

/** Materialising more than this many elements for one tensor is refused (1 GiB of float32). */
export const MAX_TENSOR_ELEMENTS = 2 ** 28;

/**
 * Why the view cannot be read, or undefined when it is valid. Pure arithmetic: nothing is allocated,
 * so a file that claims a 10^12-element tensor is rejected before it costs memory.
 */
export function checkView(view: TensorView): string | undefined {
  const { size, stride, offset, storageNumel } = view;
  let numel = 1;
  for (const n of size) numel *= n;
  if (numel > MAX_TENSOR_ELEMENTS) return `it has ${numel} elements, more than the supported ${MAX_TENSOR_ELEMENTS}`;
  if (numel === 0) return offset <= storageNumel ? undefined : `its storage offset ${offset} is past the end of its storage (${storageNumel} elements)`;
  let last = offset;
  for (let d = 0; d < size.length; d++) last += (size[d]! - 1) * stride[d]!;
  if (last >= storageNumel) {
    return `its view (offset ${offset}, size [${size.join(', ')}], stride [${stride.join(', ')}]) reaches element ${last} but its storage holds only ${storageNumel}`;
  }
  return undefined;
}

/** `count` elements of `bytes` starting at element `start`, widened/narrowed to float32. */
export function decodeElements(bytes: Uint8Array, type: StorageType, start: number, count: number, littleEndian: boolean): { values: Float32Array; exact: boolean } {
  const begin = start * type.itemSize;
  const raw = bytes.subarray(begin, begin + count * type.itemSize);
  if (type.dtype === 'float32' && littleEndian === littleEndianHost) {
    // Copy into a fresh, aligned buffer whatever the alignment of the zip entry. (Not raw.slice():
    // on a Node Buffer that is a view.)
    return { values: new Float32Array(new Uint8Array(raw).buffer), exact: true };
  }
  if (type.dtype === 'float16' && littleEndian === littleEndianHost) {
    return { values: decodeFloat16Array(new Uint16Array(new Uint8Array(raw).buffer)), exact: true };
  }
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const values = new Float32Array(count);
  let exact = true;
  const le = littleEndian;
  switch (type.dtype) {
    case 'float32':
      for (let i = 0; i < count; i++) values[i] = view.getFloat32(i * 4, le);
      break;
    case 'float64':
      // Float32Array assignment rounds to nearest-even, exactly like torch's .float().
      for (let i = 0; i < count; i++) values[i] = view.getFloat64(i * 8, le);
      break;
    case 'float16': {
      const bits = new Uint16Array(count);
      for (let i = 0; i < count; i++) bits[i] = view.getUint16(i * 2, le);
      values.set(decodeFloat16Array(bits));
      break;
    }
    case 'bfloat16':
      for (let i = 0; i < count; i++) values[i] = bfloat16BitsToFloat32(view.getUint16(i * 2, le));
      break;
    case 'int64':
      for (let i = 0; i < count; i++) {
        const low = view.getUint32(i * 8 + (le ? 0 : 4), le);
        const high = view.getInt32(i * 8 + (le ? 4 : 0), le);
        const value = high * 2 ** 32 + low; // exact while |high| < 2^21
        values[i] = value;
        if (Math.abs(high) >= 2 ** 21 || values[i] !== value) exact = false;
      }
      break;
    case 'int32':
      for (let i = 0; i < count; i++) {
        const value = view.getInt32(i * 4, le);
        values[i] = value;
        if (values[i] !== value) exact = false;
      }
      break;
    case 'int16':
      for (let i = 0; i < count; i++) values[i] = view.getInt16(i * 2, le);
      break;
    case 'int8':
      for (let i = 0; i < count; i++) values[i] = view.getInt8(i);
      break;
    case 'uint8':
      for (let i = 0; i < count; i++) values[i] = view.getUint8(i);
      break;
    case 'bool':
      for (let i = 0; i < count; i++) values[i] = view.getUint8(i) ? 1 : 0;
      break;
  }
  return { values, exact };
}

function isContiguous(size: readonly number[], stride: readonly number[]): boolean {
  let expected = 1;
  for (let d = size.length - 1; d >= 0; d--) {
    if (size[d] !== 1 && stride[d] !== expected) return false;
    expected *= size[d]!;
  }
  return true;
}

/**
 * The view's elements in C order. `bytes` must hold at least storageNumel * itemSize bytes and the
 * view must have passed checkView. Contiguous views decode just their range; other views (transposes,
 * slices with steps, expanded zero strides) decode the storage once and gather.
 */
export function materializeView(bytes: Uint8Array, type: StorageType, view: TensorView, littleEndian: boolean): { values: Float32Array; exact: boolean } {
  const numel = view.size.reduce((a, b) => a * b, 1);
  if (numel === 0) return { values: new Float32Array(0), exact: true };
  if (isContiguous(view.size, view.stride)) return decodeElements(bytes, type, view.offset, numel, littleEndian);

  let span = 1;
  for (let d = 0; d < view.size.length; d++) span += (view.size[d]! - 1) * view.stride[d]!;
  const { values: source, exact } = decodeElements(bytes, type, view.offset, span, littleEndian);
  const out = new Float32Array(numel);
  const rank = view.size.length;
  const index = new Array<number>(rank).fill(0);
  let at = 0;
  for (let i = 0; i < numel; i++) {
    out[i] = source[at]!;
    // Odometer: bump the last dimension, carrying into earlier ones.
    for (let d = rank - 1; d >= 0; d--) {
      if (++index[d]! < view.size[d]!) {
        at += view.stride[d]!;
        break;
      }
      index[d] = 0;
      at -= (view.size[d]! - 1) * view.stride[d]!;
    }
  }
  return { values: out, exact };
}
