/**
 * fgsm-faces' own weights format: a `<name>.json` + `<name>.bin` pair side by side.
 *
 * `<name>.json` = {
 *   format: "fgsm-faces-weights",
 *   fgsmFaces: { formatVersion, architecture, numClasses, inputSize, normalization, classNames, createdAt, extra? },
 *   binary: { byteLength, sha256 },          // ties the .json to the exact .bin it was saved with
 *   weightsManifest: [{ paths: ["<name>.bin"], weights: [{ name, shape, dtype: "float32", quantization?: { dtype: "float16" } | { dtype: "int8", scales } }] }]
 * }
 * The weightsManifest is tfjs's (tf.io.decodeWeights reads the .bin of float32 and float16 files);
 * names and shapes are PyTorch's state_dict keys and layouts, so weights convert to .pth. float16
 * storage halves the size; int8 (per output channel, int8.ts; conv and linear weights only, the
 * rest float32) takes about a quarter, for the large bundled models.
 * A pair (not a folder) so that one path names a model, and models can share a folder.
 */
import { createHash } from 'node:crypto';
import { mkdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { ArchitectureName, ModelSpec, Normalization } from '../models/graph.js';
import { ARCHITECTURES, buildModelSpec } from '../models/zoo.js';
import type { ParamsMap } from '../tensor.js';
import { float32ToBytes, uint16ToBytes } from './endian.js';
import { WeightsError } from './errors.js';
import { readWeightsFile, writeFileAtomic } from './files.js';
import { FLOAT16_MAX, encodeFloat16Array } from './float16.js';
import { encodeInt8PerChannel, quantisable } from './int8.js';
import { parseManifestGroups, readManifestTensors, type ManifestEntry } from './tfjs-manifest.js';
import { matchParams } from './strict.js';

export const FORMAT_NAME = 'fgsm-faces-weights';
export const FORMAT_VERSION = 1;

/** Free-form training provenance; the named fields are the ones the trainer fills. */
export interface TrainingInfo {
  epoch?: number;
  valAccuracy?: number;
  splitFile?: string;
  command?: string;
  [key: string]: unknown;
}

export interface WeightsMetadata {
  formatVersion: number;
  architecture: ArchitectureName;
  numClasses: number;
  inputSize: number;
  normalization: Normalization;
  /** Index i is the name of logit i. */
  classNames: string[];
  /** ISO 8601. */
  createdAt: string;
  extra?: TrainingInfo;
}

/** What the caller provides when saving; version and timestamp are filled in. */
export type WeightsMetadataInput = Omit<WeightsMetadata, 'formatVersion' | 'createdAt'> & { createdAt?: string };

export type StoredDtype = 'float32' | 'float16' | 'int8';
export const STORED_DTYPES: readonly StoredDtype[] = ['float32', 'float16', 'int8'];

export interface SaveWeightsOptions {
  /**
   * float16 halves the file (values round to about 3 significant digits); int8 stores conv and
   * linear weights in 8 bits with a scale per output channel (about a quarter). Default float32.
   */
  dtype?: StoredDtype;
}

export interface WeightsFilePaths {
  manifestPath: string;
  binPath: string;
}

/**
 * `model.json`/`model` -> model.json + model.bin; an existing folder (or a path ending in a
 * separator) -> weights.json + weights.bin inside it.
 */
export async function weightsFilePaths(path: string): Promise<WeightsFilePaths> {
  let manifestPath = path;
  const isFolder = /[\\/]$/.test(path) || (await stat(path).then((s) => s.isDirectory(), () => false));
  if (isFolder) manifestPath = join(path, 'weights.json');
  else if (path.endsWith('.bin')) manifestPath = `${path.slice(0, -4)}.json`;
  else if (!path.endsWith('.json')) manifestPath = `${path}.json`;
  return { manifestPath, binPath: `${manifestPath.slice(0, -5)}.bin` };
}

/** The model described by the metadata (architecture, classes, input size, normalisation). */
export function specFromMetadata(metadata: WeightsMetadata): ModelSpec {
  return buildModelSpec(metadata.architecture, {
    numClasses: metadata.numClasses,
    inputSize: metadata.inputSize,
    normalization: metadata.normalization,
  });
}

function isTriple(value: unknown, positive: boolean): value is [number, number, number] {
  return Array.isArray(value) && value.length === 3 && value.every((v) => typeof v === 'number' && Number.isFinite(v) && (!positive || v > 0));
}

/** Throws WeightsError('bad-metadata') naming the first bad field. */
export function validateMetadata(value: unknown, file: string): WeightsMetadata {
  const bad = (why: string): never => {
    throw new WeightsError('bad-metadata', file, `the "fgsmFaces" metadata is invalid: ${why}.`);
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return bad('it is missing (this is not an fgsm-faces weights file, or it was edited)');
  const m = value as Record<string, unknown>;
  if (m.formatVersion !== FORMAT_VERSION) {
    return bad(
      typeof m.formatVersion === 'number' && m.formatVersion > FORMAT_VERSION
        ? `formatVersion ${m.formatVersion} is newer than this program understands (${FORMAT_VERSION}); update fgsm-faces`
        : `formatVersion must be ${FORMAT_VERSION}, got ${JSON.stringify(m.formatVersion)}`,
    );
  }
  if (typeof m.architecture !== 'string' || !(ARCHITECTURES as string[]).includes(m.architecture)) {
    bad(`architecture ${JSON.stringify(m.architecture)} is not one of ${ARCHITECTURES.join(', ')}`);
  }
  if (!Number.isInteger(m.numClasses) || (m.numClasses as number) < 2) bad(`numClasses must be an integer >= 2, got ${JSON.stringify(m.numClasses)}`);
  if (!Number.isInteger(m.inputSize) || (m.inputSize as number) < 32) bad(`inputSize must be an integer >= 32, got ${JSON.stringify(m.inputSize)}`);
  const n = m.normalization as Record<string, unknown> | undefined;
  if (typeof n !== 'object' || n === null || !isTriple(n.mean, false) || !isTriple(n.std, true)) {
    bad('normalization must be { mean: [r, g, b], std: [r, g, b] } with std > 0');
  }
  if (!Array.isArray(m.classNames) || !m.classNames.every((c) => typeof c === 'string')) bad('classNames must be an array of strings');
  if ((m.classNames as string[]).length !== m.numClasses) bad(`classNames has ${(m.classNames as string[]).length} names but numClasses is ${m.numClasses}`);
  if (typeof m.createdAt !== 'string' || Number.isNaN(Date.parse(m.createdAt))) bad('createdAt must be an ISO date string');
  if (m.extra !== undefined) {
    const e = m.extra as Record<string, unknown>;
    if (typeof e !== 'object' || e === null || Array.isArray(e)) bad('extra must be an object');
    if (e.epoch !== undefined && !Number.isInteger(e.epoch)) bad('extra.epoch must be an integer');
    if (e.valAccuracy !== undefined && (typeof e.valAccuracy !== 'number' || !Number.isFinite(e.valAccuracy))) bad('extra.valAccuracy must be a number');
    if (e.splitFile !== undefined && typeof e.splitFile !== 'string') bad('extra.splitFile must be a string');
    if (e.command !== undefined && typeof e.command !== 'string') bad('extra.command must be a string');
  }
  const normalization = n as unknown as Normalization;
  return {
    formatVersion: FORMAT_VERSION,
    architecture: m.architecture as ArchitectureName,
    numClasses: m.numClasses as number,
    inputSize: m.inputSize as number,
    normalization: { mean: [...normalization.mean] as [number, number, number], std: [...normalization.std] as [number, number, number] },
    classNames: [...(m.classNames as string[])],
    createdAt: m.createdAt as string,
    ...(m.extra !== undefined ? { extra: { ...(m.extra as TrainingInfo) } } : {}),
  };
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Writes `<name>.bin` then `<name>.json`, each atomically (the .json last: it is what readers open,
 * and its sha256 rejects a .bin from another save). Params must fit the metadata's architecture.
 */
export async function saveWeights(path: string, params: ParamsMap, metadataInput: WeightsMetadataInput, options: SaveWeightsOptions = {}): Promise<WeightsFilePaths> {
  const dtype = options.dtype ?? 'float32';
  if (!STORED_DTYPES.includes(dtype)) throw new Error(`saveWeights: dtype must be one of ${STORED_DTYPES.join(', ')}, got "${String(dtype)}".`);
  const paths = await weightsFilePaths(path);
  const metadata = validateMetadata({ ...metadataInput, formatVersion: FORMAT_VERSION, createdAt: metadataInput.createdAt ?? new Date().toISOString() }, paths.manifestPath);
  const ordered = matchParams(specFromMetadata(metadata), params, { source: paths.manifestPath });

  const weights: ManifestEntry[] = [];
  const chunks: Uint8Array[] = [];
  for (const [name, t] of ordered) {
    if (dtype === 'float16') {
      const overflow = t.data.findIndex((v) => Math.abs(v) >= FLOAT16_MAX + 16); // 65520 and up round to Infinity
      if (overflow >= 0) {
        throw new WeightsError('bad-tensor', paths.manifestPath, `tensor "${name}" holds ${t.data[overflow]}, beyond the float16 range (±65504): save with dtype "float32".`);
      }
      chunks.push(uint16ToBytes(encodeFloat16Array(t.data)));
      weights.push({ name, shape: [...t.shape], dtype: 'float32', quantization: { dtype: 'float16' } });
    } else if (dtype === 'int8' && quantisable(t.shape)) {
      const { values, scales } = encodeInt8PerChannel(t.data, t.shape);
      chunks.push(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
      weights.push({ name, shape: [...t.shape], dtype: 'float32', quantization: { dtype: 'int8', scales } });
    } else {
      chunks.push(float32ToBytes(t.data));
      weights.push({ name, shape: [...t.shape], dtype: 'float32' });
    }
  }
  const bin = new Uint8Array(chunks.reduce((sum, c) => sum + c.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    bin.set(chunk, offset);
    offset += chunk.length;
  }
  const document = {
    format: FORMAT_NAME,
    fgsmFaces: metadata,
    binary: { byteLength: bin.length, sha256: sha256(bin) },
    weightsManifest: [{ paths: [basename(paths.binPath)], weights }],
  };
  await mkdir(dirname(paths.manifestPath), { recursive: true });
  await writeFileAtomic(paths.binPath, bin);
  await writeFileAtomic(paths.manifestPath, `${JSON.stringify(document, null, 1)}\n`);
  return paths;
}

export interface LoadedWeightsFile {
  /** In the manifest's order (the model's), PyTorch names and layouts, float32. */
  params: ParamsMap;
  metadata: WeightsMetadata;
  manifestPath: string;
}

/** Reads and validates a pair saved by saveWeights (path: the .json, the .bin, the stem, or their folder). */
export async function loadWeights(path: string): Promise<LoadedWeightsFile> {
  const { manifestPath } = await weightsFilePaths(path);
  const text = new TextDecoder().decode(await readWeightsFile(manifestPath));
  let document: Record<string, unknown>;
  try {
    document = JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    throw new WeightsError('bad-manifest', manifestPath, `is not valid JSON (${(error as Error).message}). The file is truncated or was edited; re-save the weights.`);
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new WeightsError('bad-manifest', manifestPath, 'is JSON but not a weights manifest object.');
  }
  const fix = 'Re-save the weights.';
  const groups = parseManifestGroups(document.weightsManifest, manifestPath, fix, '"weightsManifest"');
  const metadata = validateMetadata(document.fgsmFaces, manifestPath);
  const binary = document.binary as { byteLength?: unknown; sha256?: unknown } | undefined;
  const params = await readManifestTensors(groups, manifestPath, dirname(manifestPath), {
    fix,
    checkGroup: (data, binName) => {
      if (groups.length === 1 && typeof binary?.sha256 === 'string' && binary.sha256 !== sha256(data)) {
        throw new WeightsError('bad-manifest', manifestPath, `${binName} does not match the sha256 recorded in the .json: it is corrupted or belongs to another save. Re-save the weights.`);
      }
    },
  });
  return { params: matchParams(specFromMetadata(metadata), params, { source: manifestPath }), metadata, manifestPath };
}
