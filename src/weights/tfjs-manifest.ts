/**
 * tfjs's weights manifest (`[{ paths: [...bin files], weights: [{ name, shape, dtype, quantization? }] }]`),
 * read with every check a hostile file needs: file names confined to the manifest's folder, no
 * duplicate names, valid shapes, each group's .bin exactly as long as its weights need.
 * Used by our own format (float16, int8 per channel) and for face-api's model files (tfjs's
 * uint8/uint16 affine quantization: value = q * scale + min, as tf.io.decodeWeights computes it).
 * The decoding is written here, not taken from tf.io.decodeWeights, because that creates tfjs
 * tensors on a backend, and the ONNX engine loads weights without any tfjs backend.
 */
import { basename, join } from 'node:path';
import { sizeOf, type ParamsMap } from '../tensor.js';
import { bytesToFloat32, bytesToUint16 } from './endian.js';
import { WeightsError, clip, formatBytes } from './errors.js';
import { readWeightsFile } from './files.js';
import { decodeFloat16Array } from './float16.js';
import { decodeInt8PerChannel, quantisable } from './int8.js';

export type Quantization =
  | { dtype: 'float16' }
  | { dtype: 'int8'; scales: number[] }
  | { dtype: 'uint8' | 'uint16'; scale: number; min: number };

export interface ManifestEntry {
  name: string;
  shape: number[];
  dtype: 'float32';
  quantization?: Quantization;
}

export interface ManifestGroup {
  paths: string[];
  weights: ManifestEntry[];
}

/** A weights file is never near this; a manifest claiming more is hostile or broken. */
const MAX_GROUP_BYTES = 4 * 1024 ** 3;

/** Bytes per stored value. */
export function storedBytes(entry: Pick<ManifestEntry, 'quantization'>): number {
  const q = entry.quantization?.dtype;
  return q === undefined ? 4 : q === 'float16' || q === 'uint16' ? 2 : 1;
}

/**
 * Checks the manifest's structure (not the .bin files); `fix` ends every message with what to do,
 * `label` names the groups' array in messages.
 */
export function parseManifestGroups(groups: unknown, file: string, fix: string, label = 'the manifest'): ManifestGroup[] {
  const bad = (why: string): never => {
    throw new WeightsError('bad-manifest', file, `the weights manifest is invalid: ${why}. ${fix}`);
  };
  if (!Array.isArray(groups) || groups.length === 0) return bad(`${label} must be a non-empty array of groups`);
  const seen = new Set<string>();
  return groups.map((group: unknown, g) => {
    const { paths, weights } = (group ?? {}) as { paths?: unknown; weights?: unknown };
    if (!Array.isArray(paths) || paths.length === 0 || !paths.every((p) => typeof p === 'string' && p.length > 0 && basename(p) === p && p !== '..' && p !== '.')) {
      bad(`group ${g} "paths" must list file names in the same folder as the manifest`);
    }
    if (!Array.isArray(weights)) return bad(`group ${g} has no "weights" array`);
    let bytes = 0;
    for (const w of weights as ManifestEntry[]) {
      if (typeof w?.name !== 'string' || w.name.length === 0) bad(`group ${g} has a weight without a name`);
      if (seen.has(w.name)) bad(`weight "${clip(w.name)}" appears twice`);
      seen.add(w.name);
      if (!Array.isArray(w.shape) || w.shape.length > 8 || !w.shape.every((n) => Number.isSafeInteger(n) && n >= 0)) bad(`weight "${clip(w.name)}" has an invalid shape`);
      if (w.dtype !== 'float32') bad(`weight "${clip(w.name)}" has dtype ${clip(JSON.stringify(w.dtype) ?? 'undefined')}; only float32 (optionally quantized) is supported`);
      checkQuantization(w, bad);
      bytes += sizeOf(w.shape) * storedBytes(w);
      if (bytes > MAX_GROUP_BYTES) bad(`group ${g} claims more than ${formatBytes(MAX_GROUP_BYTES)} of weights`);
    }
    return { paths: paths as string[], weights: weights as ManifestEntry[] };
  });
}

function finite(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function checkQuantization(w: ManifestEntry, bad: (why: string) => never): void {
  const q = w.quantization as { dtype?: unknown; scale?: unknown; min?: unknown; scales?: unknown } | undefined;
  if (q === undefined) return;
  if (q?.dtype === 'float16' && q.scale === undefined && q.min === undefined && q.scales === undefined) return;
  if ((q?.dtype === 'uint8' || q?.dtype === 'uint16') && q.scales === undefined) {
    if (!finite(q.scale) || !finite(q.min)) bad(`weight "${clip(w.name)}" is ${q.dtype} but its quantization lacks a finite "scale" and "min"`);
    return;
  }
  if (q?.dtype === 'int8' && q.scale === undefined && q.min === undefined) {
    const scales = q.scales;
    if (!quantisable(w.shape)) bad(`weight "${clip(w.name)}" is int8 but has shape [${w.shape.join(', ')}]: only conv and linear weights are stored in int8`);
    if (!Array.isArray(scales) || scales.length !== w.shape[0] || !scales.every((s) => finite(s) && s >= 0)) {
      bad(`weight "${clip(w.name)}" needs one finite scale >= 0 per output channel (${w.shape[0]}) in quantization.scales`);
    }
    return;
  }
  bad(`weight "${clip(w.name)}" uses quantization ${clip(JSON.stringify(q))}; supported: {"dtype": "float16"}, {"dtype": "int8", "scales": [...]}, {"dtype": "uint8"|"uint16", "scale", "min"}`);
}

/** A tensor's stored bytes as float32. */
function decodeStored(bytes: Uint8Array, w: ManifestEntry): Float32Array {
  const q = w.quantization;
  if (q === undefined) return bytesToFloat32(bytes);
  if (q.dtype === 'float16') return decodeFloat16Array(bytesToUint16(bytes));
  if (q.dtype === 'int8') return decodeInt8PerChannel(new Int8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), q.scales);
  const stored = q.dtype === 'uint8' ? bytes : bytesToUint16(bytes);
  const out = new Float32Array(stored.length);
  for (let i = 0; i < stored.length; i++) out[i] = stored[i]! * q.scale + q.min;
  return out;
}

export interface ReadGroupsOptions {
  /** Extra check of a group's bytes (e.g. a recorded sha256); throws to reject. */
  readonly checkGroup?: (data: Uint8Array, binName: string) => void;
  /** Ends the size-mismatch message with what to do. */
  readonly fix: string;
}

/** Reads every group's .bin files (next to the manifest) and decodes the tensors, in manifest order. */
export async function readManifestTensors(groups: readonly ManifestGroup[], manifestPath: string, folder: string, options: ReadGroupsOptions): Promise<ParamsMap> {
  const params: ParamsMap = new Map();
  for (const group of groups) {
    const parts = await Promise.all(group.paths.map((p) => readWeightsFile(join(folder, p))));
    const data = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
    const binName = group.paths.join(' + ');
    const needed = group.weights.reduce((sum, w) => sum + sizeOf(w.shape) * storedBytes(w), 0);
    if (data.length !== needed) {
      throw new WeightsError(
        'bad-manifest',
        manifestPath,
        `${binName} holds ${data.length} bytes but the manifest describes ${needed}: the .bin is ${data.length < needed ? 'truncated' : 'longer than described (from another save?)'}. ${options.fix}`,
      );
    }
    options.checkGroup?.(data, binName);
    let offset = 0;
    for (const w of group.weights) {
      const bytes = data.subarray(offset, offset + sizeOf(w.shape) * storedBytes(w));
      offset += bytes.length;
      params.set(w.name, { shape: [...w.shape], data: decodeStored(bytes, w) });
    }
  }
  return params;
}
