/**
 * PyTorch `.pth` state_dicts (torch.save zip format, PyTorch >= 1.6), read safely and written
 * torch-loadable. Reading: sniff the format, list the zip, unpickle data.pkl with a whitelist
 * (torch-unpickle.ts), pick the state_dict, then read only the storages its tensors use.
 */
import { sizeOf, type HostTensor, type ParamsMap } from '../tensor.js';
import { float32ToBytes } from './endian.js';
import { WeightsError, clip, describeFileStart, formatBytes, listSome } from './errors.js';
import { readWeightsFile, writeFileAtomic } from './files.js';
import { stateDictPickle } from './pickle-writer.js';
import { checkView, isFloatDtype, materializeView } from './torch-storage.js';
import { LazyTensor, unpickleTorch } from './torch-unpickle.js';
import { hasZipMagic, readZipDirectory, readZipEntry, writeStoredZip, type ZipEntry } from './zip.js';

export interface PthContents {
  /** Tensors by state_dict name, float32, C order. Integer buffers (num_batches_tracked) are included as floats. */
  tensors: ParamsMap;
  /** What was adapted on the way (checkpoint entry used, `module.` stripped, entries skipped). */
  notes: string[];
}

/** Checkpoint dicts that keep the weights under one of these keys are accepted. */
const CHECKPOINT_KEYS = ['state_dict', 'model_state_dict'] as const;
const DATA_PARALLEL_PREFIX = 'module.';
/** A state_dict pickle is ~100 bytes per tensor; 32 MiB is ~300k tensors. */
const MAX_PICKLE_BYTES = 32 * 1024 * 1024;
/**
 * Deflated entries may inflate to this much in all: 64 MiB plus 32x the file. torch.save never
 * compresses, and real weights barely do, so more than that is a zip bomb; memory stays bounded
 * by the file's real size.
 */
const INFLATE_FLOOR = 64 * 1024 * 1024;
const INFLATE_RATIO = 32;
/**
 * Elements materialised in all: 2^24 plus twice the storages' elements (tied weights read one
 * storage twice). Refuses a tiny file whose stride-0 views would expand to gigabytes.
 */
const MATERIALISE_FLOOR = 2 ** 24;

/** Reads zip entries while keeping the total inflated size within the file's budget. */
class EntryReader {
  private inflateLeft: number;
  constructor(
    private readonly bytes: Uint8Array,
    private readonly fileName: string,
  ) {
    this.inflateLeft = INFLATE_FLOOR + INFLATE_RATIO * bytes.length;
  }
  read(entry: ZipEntry): Uint8Array {
    if (entry.method !== 0) {
      if (entry.size > this.inflateLeft) {
        throw new WeightsError(
          'corrupt-zip',
          this.fileName,
          `entry ${JSON.stringify(entry.name)} would inflate ${formatBytes(entry.compressedSize)} to ${formatBytes(entry.size)}, beyond the ${INFLATE_RATIO}x budget of a ${formatBytes(this.bytes.length)} file: this is a zip bomb or not a torch.save file. Re-save it with torch.save (which does not compress).`,
        );
      }
      this.inflateLeft -= entry.size;
    }
    return readZipEntry(this.bytes, entry, this.fileName);
  }
}

/** Refuses anything that is not a torch >= 1.6 zip archive, saying what it looks like instead. */
function checkContainer(bytes: Uint8Array, fileName: string): void {
  if (hasZipMagic(bytes)) return;
  if (bytes.length === 0) throw new WeightsError('unknown-format', fileName, 'the file is empty. Re-save or re-download it.');
  const legacy = (what: string): never => {
    throw new WeightsError(
      'legacy-format',
      fileName,
      `this is a ${what} written by PyTorch < 1.6 (or with _use_new_zipfile_serialization=False), which is not supported. Re-save it with PyTorch >= 1.6: torch.save(torch.load(old_path), new_path).`,
    );
  };
  if (bytes[0] === 0x80 && bytes[1]! >= 2 && bytes[1]! <= 5) legacy('legacy pickle-format file');
  if (bytes.length > 262 && new TextDecoder().decode(bytes.subarray(257, 262)) === 'ustar') legacy('legacy tar-format file');
  const start = bytes.subarray(0, 64);
  const looksJson = new TextDecoder().decode(start).trimStart().startsWith('{');
  throw new WeightsError(
    'unknown-format',
    fileName,
    `not a PyTorch .pth file: ${describeFileStart(bytes)}, not the zip signature "PK\\x03\\x04" of torch.save.` +
      (looksJson ? ' It looks like JSON: an fgsm-faces weights manifest loads with loadWeights()/loadModelWeights().' : ' The download may have failed or the file is of another kind.'),
  );
}

interface Archive {
  readonly prefix: string;
  readonly entries: Map<string, ZipEntry>;
}

function locateArchive(entries: Map<string, ZipEntry>, fileName: string): Archive {
  const prefixes = [...entries.keys()].flatMap((name) => {
    const match = /^([^/]+)\/data\.pkl$/.exec(name);
    return match ? [match[1]!] : [];
  });
  const names = [...entries.keys()];
  if (names.some((n) => /^[^/]+\/constants\.pkl$/.test(n) || /^[^/]+\/code\//.test(n))) {
    throw new WeightsError('not-state-dict', fileName, 'this is a TorchScript archive (torch.jit.save), not a state_dict. In Python: torch.save(torch.jit.load(path).state_dict(), "weights.pth").');
  }
  if (prefixes.length === 1) return { prefix: prefixes[0]!, entries };
  if (prefixes.length > 1) throw new WeightsError('not-state-dict', fileName, `the zip holds several torch archives (${listSome(prefixes)}); save one state_dict per file.`);
  const inner = names.filter((n) => /\.(pth|pt|ckpt|bin|tar|zip)$/i.test(n));
  if (inner.length > 0) {
    // A model file zipped for download: say which file to extract rather than opening the nested zip.
    throw new WeightsError('not-state-dict', fileName, `this zip is not a torch.save archive but holds ${listSome(inner.map((n) => `"${n}"`))}: extract that file and load it instead.`);
  }
  throw new WeightsError('not-state-dict', fileName, `the zip has no <archive>/data.pkl, so it was not written by torch.save (entries: ${listSome(names) || 'none'}).`);
}

function readByteOrder(archive: Archive, reader: EntryReader, fileName: string): boolean {
  const entry = archive.entries.get(`${archive.prefix}/byteorder`);
  if (!entry) return true; // PyTorch < 2.1 wrote native order without saying; that is little-endian on every common machine
  if (entry.size > 64) throw new WeightsError('corrupt-zip', fileName, `the byteorder record is ${formatBytes(entry.size)}, not "little" or "big". Re-save the file.`);
  const order = new TextDecoder().decode(reader.read(entry)).trim();
  if (order !== 'little' && order !== 'big') throw new WeightsError('corrupt-zip', fileName, `unknown byteorder record ${JSON.stringify(order)}. Re-save the file.`);
  return order === 'little';
}

function isPlainMap(value: unknown): value is Map<unknown, unknown> {
  // pickleparser can set own properties on objects (DICT opcode); only untouched Maps are trusted.
  return value instanceof Map && Object.getPrototypeOf(value) === Map.prototype && Object.getOwnPropertyNames(value).length === 0;
}

function entriesOf(map: Map<unknown, unknown>): [unknown, unknown][] {
  return [...Map.prototype.entries.call(map)];
}

function kindOf(value: unknown): string {
  if (value instanceof LazyTensor) return 'tensor';
  if (isPlainMap(value)) return 'dict';
  if (Array.isArray(value)) return 'list/tuple';
  if (value === null) return 'None';
  if (value instanceof Uint8Array) return 'bytes';
  if (typeof value === 'object') return 'storage or other non-tensor object';
  return typeof value;
}

/** The tensors of the state_dict inside `root`: a plain state_dict, or a checkpoint's state_dict entry. */
function selectStateDict(root: unknown, fileName: string, notes: string[]): Map<string, LazyTensor> {
  if (!isPlainMap(root)) {
    throw new WeightsError('not-state-dict', fileName, `the file holds ${/^[aeiou]/.test(kindOf(root)) ? 'an' : 'a'} ${kindOf(root)}, not a state_dict (a dict of tensors). Save with torch.save(model.state_dict(), path).`);
  }
  let dict = root;
  const topKeys = entriesOf(root).map(([k]) => String(k));
  for (const key of CHECKPOINT_KEYS) {
    const inner = root.get(key);
    if (isPlainMap(inner)) {
      const others = topKeys.filter((k) => k !== key);
      notes.push(`using the "${key}" entry of a training checkpoint` + (others.length ? ` (ignored: ${listSome(others)})` : ''));
      dict = inner;
      break;
    }
  }
  const tensors = new Map<string, LazyTensor>();
  const skipped: string[] = [];
  for (const [key, value] of entriesOf(dict)) {
    if (typeof key === 'string' && value instanceof LazyTensor) tensors.set(key, value);
    else skipped.push(`${String(key)} (${kindOf(value)})`);
  }
  if (tensors.size === 0) {
    throw new WeightsError(
      'not-state-dict',
      fileName,
      `no tensors found at the top level (entries: ${listSome(skipped) || 'none'}). Expected torch.save(model.state_dict(), path), or a checkpoint dict with the weights under ${CHECKPOINT_KEYS.map((k) => `"${k}"`).join(' or ')}.`,
    );
  }
  if (skipped.length) notes.push(`ignored ${skipped.length} non-tensor entries: ${listSome(skipped)}`);
  return tensors;
}

function stripDataParallelPrefix(tensors: Map<string, LazyTensor>, notes: string[]): Map<string, LazyTensor> {
  const names = [...tensors.keys()];
  if (!names.every((n) => n.startsWith(DATA_PARALLEL_PREFIX))) return tensors;
  notes.push(`stripped the "${DATA_PARALLEL_PREFIX}" prefix of all ${names.length} names (saved from nn.DataParallel / DistributedDataParallel)`);
  return new Map([...tensors].map(([name, t]) => [name.slice(DATA_PARALLEL_PREFIX.length), t]));
}

/** Reads each tensor's view from its storage record (once per storage), as float32 in C order. */
function materializeAll(lazy: Map<string, LazyTensor>, reader: EntryReader, archive: Archive, littleEndian: boolean, fileName: string, notes: string[]): ParamsMap {
  // Every view and the total are checked before the first storage is read: no late allocation.
  const storageNumel = new Map<string, number>();
  let total = 0;
  for (const [name, t] of lazy) {
    const problem = checkView({ storageNumel: t.storage.numel, offset: t.offset, size: t.size, stride: t.stride });
    if (problem) throw new WeightsError('bad-tensor', fileName, `tensor ${clip(JSON.stringify(name))} cannot be read: ${problem}. The file is corrupted; re-save it.`);
    storageNumel.set(t.storage.key, t.storage.numel);
    total += t.size.reduce((a, b) => a * b, 1);
  }
  const budget = MATERIALISE_FLOOR + 2 * [...storageNumel.values()].reduce((a, b) => a + b, 0);
  if (total > budget) {
    throw new WeightsError(
      'bad-tensor',
      fileName,
      `the tensors' views expand ${[...storageNumel.values()].reduce((a, b) => a + b, 0)} stored elements to ${total} (limit ${budget}): the file is corrupted or hostile. Re-save it with torch.save(model.state_dict(), path).`,
    );
  }
  const storageBytes = new Map<string, Uint8Array>();
  const tensors: ParamsMap = new Map();
  const inexact: string[] = [];
  for (const [name, t] of lazy) {
    const view = { storageNumel: t.storage.numel, offset: t.offset, size: t.size, stride: t.stride };
    let data = storageBytes.get(t.storage.key);
    if (!data) {
      // The unpickler already checked that this record exists and is large enough.
      data = reader.read(archive.entries.get(`${archive.prefix}/data/${t.storage.key}`)!);
      storageBytes.set(t.storage.key, data);
    }
    const { values, exact } = materializeView(data, t.storage.type, view, littleEndian);
    if (exact) tensors.set(name, { shape: [...t.size], data: values });
    else inexact.push(`${name} (${t.storage.type.dtype})`);
  }
  if (inexact.length) {
    // Only integer tensors can be inexact; models ignore them (e.g. num_batches_tracked), so skip rather than fail.
    notes.push(`skipped integer tensors whose values do not fit float32 exactly: ${listSome(inexact)}`);
  }
  const integers = [...lazy].filter(([name, t]) => !isFloatDtype(t.storage.type.dtype) && tensors.has(name)).map(([name]) => name);
  if (integers.some((n) => !n.endsWith('num_batches_tracked'))) notes.push(`integer tensors converted to float32: ${listSome(integers)}`);
  const converted = new Set([...lazy.values()].map((t) => t.storage.type.dtype).filter((d) => d !== 'float32' && isFloatDtype(d)));
  if (converted.size) notes.push(`converted ${[...converted].join(', ')} tensors to float32`);
  return tensors;
}

/** Parses a torch.save archive held in memory. `fileName` only labels errors and notes. */
export function readPth(bytes: Uint8Array, fileName: string): PthContents {
  checkContainer(bytes, fileName);
  const archive = locateArchive(readZipDirectory(bytes, fileName), fileName);
  const reader = new EntryReader(bytes, fileName);
  const littleEndian = readByteOrder(archive, reader, fileName);
  const pklEntry = archive.entries.get(`${archive.prefix}/data.pkl`)!;
  if (pklEntry.size > MAX_PICKLE_BYTES) {
    // A state_dict pickle is kilobytes (the tensors live in data/); this is a zip bomb or not a state_dict.
    throw new WeightsError('not-state-dict', fileName, `data.pkl is ${formatBytes(pklEntry.size)}, far more than a state_dict needs (limit ${formatBytes(MAX_PICKLE_BYTES)}). Save only model.state_dict().`);
  }
  const pkl = reader.read(pklEntry);
  if (hasZipMagic(pkl)) {
    throw new WeightsError('not-state-dict', fileName, 'data.pkl is itself a zip archive (a nested zip), not a pickle. Re-save the weights with torch.save(model.state_dict(), path).');
  }
  const root = unpickleTorch(pkl, fileName, (key) => archive.entries.get(`${archive.prefix}/data/${key}`)?.size);

  const notes: string[] = [];
  if (!littleEndian) notes.push('storages are big-endian; converted');
  const lazy = stripDataParallelPrefix(selectStateDict(root, fileName, notes), notes);
  return { tensors: materializeAll(lazy, reader, archive, littleEndian, fileName, notes), notes };
}

export async function readPthFile(path: string): Promise<PthContents> {
  return readPth(await readWeightsFile(path), path);
}

export interface WritePthOptions {
  /** The folder name inside the zip; PyTorch 1.x used the file stem, 2.x uses "archive". */
  archiveName?: string;
}

function checkTensor(name: string, t: HostTensor): void {
  if (!t.shape.every((n) => Number.isSafeInteger(n) && n >= 0) || t.data.length !== sizeOf(t.shape)) {
    throw new Error(`writePth: tensor ${JSON.stringify(name)} has ${t.data.length} values for shape [${t.shape.join(', ')}].`);
  }
}

/**
 * A torch.save-compatible zip of the params as float32 (`torch.load(path)` gives an OrderedDict;
 * `model.load_state_dict(...)` accepts it; BatchNorm's num_batches_tracked is recreated by PyTorch).
 */
export function writePth(params: ParamsMap, options: WritePthOptions = {}): Uint8Array {
  const archive = options.archiveName ?? 'archive';
  if (!/^[A-Za-z0-9_-][A-Za-z0-9_.-]*$/.test(archive)) throw new Error(`writePth: archiveName "${archive}" must be a plain folder name.`);
  const pickled = [...params].map(([name, t], i) => {
    checkTensor(name, t);
    return { name, shape: t.shape, storageKey: String(i) };
  });
  const files = [{ name: `${archive}/data.pkl`, data: stateDictPickle(pickled) }, { name: `${archive}/byteorder`, data: new TextEncoder().encode('little') }];
  [...params.values()].forEach((t, i) => files.push({ name: `${archive}/data/${i}`, data: float32ToBytes(t.data) }));
  files.push({ name: `${archive}/version`, data: new TextEncoder().encode('3\n') });
  return writeStoredZip(files);
}

/** Writes `writePth(params)` to `path` atomically (temporary file + rename). */
export async function writePthFile(path: string, params: ParamsMap, options: WritePthOptions = {}): Promise<void> {
  await writeFileAtomic(path, writePth(params, options));
}
