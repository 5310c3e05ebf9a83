/**
 * Reads a torch.save `data.pkl` with pickleparser, resolving only a whitelist of globals.
 *
 * pickleparser never runs Python, but it does call whatever its name resolver returns (REDUCE,
 * NEWOBJ, BUILD's __setstate__) and it mutates objects on BUILD. So: every global outside the
 * whitelist is refused at resolution time, naming it; our callables are arrow functions (not
 * constructible) that check their arguments and return frozen records (BUILD cannot rewrite them);
 * storage types resolve to inert frozen data, not functions. Nothing reads the storages here:
 * tensors stay lazy views, so the caller inflates only the entries it actually needs.
 * Before pickleparser runs, pickle-guard.ts checks the whole opcode stream (types, memo, bounds,
 * whitelist): pickleparser only ever sees streams on which it behaves like Python.
 */
import { Parser } from 'pickleparser';
import { WeightsError, clip, formatBytes } from './errors.js';
import { guardPickle, type GlobalClass } from './pickle-guard.js';
import { storageTypeFor, type StorageType } from './torch-storage.js';

/** A `data/<key>` record referenced by the pickle; its size was checked against the archive. */
export class StorageRef {
  constructor(
    readonly key: string,
    readonly type: StorageType,
    readonly numel: number,
  ) {
    Object.freeze(this);
  }
}

/** A tensor as `_rebuild_tensor_v2` describes it, not yet read. */
export class LazyTensor {
  constructor(
    readonly storage: StorageRef,
    readonly offset: number,
    readonly size: readonly number[],
    readonly stride: readonly number[],
  ) {
    Object.freeze(this.size);
    Object.freeze(this.stride);
    Object.freeze(this);
  }
}

/** What the unpickler needs from the archive: the declared byte size of `data/<key>`, if present. */
export type StorageSizeLookup = (key: string) => number | undefined;

const MAX_RANK = 32;

/** Modules whose globals in a pickle mean "run code on load": worth a sharper warning. */
const CODE_RUNNING_MODULES = new Set(['os', 'posix', 'nt', 'subprocess', 'builtins', '__builtin__', 'sys', 'shutil', 'socket', 'runpy', 'importlib', 'pickle', 'marshal', 'pty', 'webbrowser', 'code', 'ctypes']);

/** A pickled value in a message: short, one line, never `[object Object]`. */
function describeValue(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (typeof value === 'string') return clip(JSON.stringify(value));
  if (value === null || value === undefined) return 'None';
  if (Array.isArray(value)) return 'a tuple';
  if (value instanceof Map) return 'a dict';
  if (value instanceof Uint8Array) return 'bytes';
  return 'an object';
}

function isNonNegativeInt(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function isIntTuple(value: unknown): value is number[] {
  return Array.isArray(value) && value.length <= MAX_RANK && value.every(isNonNegativeInt);
}

/**
 * Parses `pkl` and returns its root object: Maps for dicts/OrderedDicts, arrays for lists/tuples,
 * LazyTensor for tensors, primitives for the rest. Throws WeightsError for anything else.
 */
export function unpickleTorch(pkl: Uint8Array, fileName: string, storageSize: StorageSizeLookup, options: { maxValues?: number } = {}): unknown {
  const malformed = (why: string): never => {
    throw new WeightsError('not-state-dict', fileName, `data.pkl is malformed: ${why}. Re-save the weights with torch.save(model.state_dict(), path).`);
  };
  const storages = new Map<string, StorageRef>();
  /** The storage types this parse resolved; a persistent id must carry one of these exact objects. */
  const resolvedTypes = new Set<StorageType>();

  const newOrderedDict = (...args: unknown[]): Map<unknown, unknown> => {
    if (args.length !== 0) malformed('collections.OrderedDict was called with arguments');
    return new Map();
  };

  const rebuildTensor = (...args: unknown[]): LazyTensor => {
    // (storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])
    if (args.length < 6 || args.length > 7) malformed(`_rebuild_tensor_v2 got ${args.length} arguments`);
    const [storage, offset, size, stride, requiresGrad] = args;
    if (!(storage instanceof StorageRef)) return malformed('_rebuild_tensor_v2 got something other than a storage');
    if (!isNonNegativeInt(offset)) return malformed(`tensor storage offset ${describeValue(offset)} is not a non-negative integer`);
    if (!isIntTuple(size) || !isIntTuple(stride) || size.length !== stride.length) {
      return malformed('tensor size/stride are not matching tuples of non-negative integers');
    }
    if (typeof requiresGrad !== 'boolean') malformed('tensor requires_grad is not a boolean');
    return new LazyTensor(storage, offset, [...size], [...stride]);
  };

  const rebuildParameter = (...args: unknown[]): LazyTensor => {
    // (data, requires_grad, backward_hooks[, state]): a Parameter is its tensor for our purposes.
    if (args.length < 3 || args.length > 4 || !(args[0] instanceof LazyTensor)) return malformed('_rebuild_parameter got unexpected arguments');
    return args[0];
  };

  const refuse = (qualified: string, hint: string): never => {
    throw new WeightsError(
      'forbidden-global',
      fileName,
      `refusing to load: the pickle references the global ${clip(JSON.stringify(qualified))}, which is not a PyTorch tensor or container.${hint} Only state_dict files (torch.save(model.state_dict())) are supported.`,
    );
  };

  /** The whitelist: what `module.name` is, or a WeightsError naming it. Resolves nothing. */
  const classifyGlobal = (module: string, name: string): GlobalClass => {
    const qualified = `${module}.${name}`;
    switch (qualified) {
      case 'collections.OrderedDict':
        return { kind: 'callable', makes: 'dict' };
      case 'torch._utils._rebuild_tensor_v2':
      case 'torch._utils._rebuild_parameter':
      case 'torch._utils._rebuild_parameter_with_state':
        return { kind: 'callable', makes: 'tensor' };
      default:
        break;
    }
    if (module === 'torch') {
      const type = storageTypeFor(name);
      if (type && 'unsupported' in type) {
        throw new WeightsError('unsupported-dtype', fileName, `tensors of dtype ${type.unsupported} (torch.${name}) are not supported: convert the state_dict to float32 first ({k: v.float() for k, v in sd.items()}).`);
      }
      if (type) return { kind: 'storage-type' };
    }
    if (module.startsWith('__torch__')) return refuse(qualified, ' This is a TorchScript archive (torch.jit.save), not a state_dict.');
    if (module === 'torch._utils' || module === 'torch._tensor') return refuse(qualified, ' Sparse, quantized and subclassed tensors are not supported.');
    if (module.startsWith('numpy')) return refuse(qualified, ' A numpy value is stored in the file; checkpoints should hold plain Python numbers.');
    if (CODE_RUNNING_MODULES.has(module.split('.')[0]!)) {
      return refuse(qualified, ' Loading this file in Python with torch.load (without weights_only=True) would run code: do not trust its source.');
    }
    return refuse(qualified, ' If this is a whole-model or training checkpoint, re-save just the weights.');
  };

  const resolveGlobal = (module: string, name: string): unknown => {
    const cls = classifyGlobal(module, name);
    if (cls.kind === 'storage-type') {
      const type = storageTypeFor(name) as StorageType;
      resolvedTypes.add(type);
      return type;
    }
    if (module === 'collections') return newOrderedDict;
    return name === '_rebuild_tensor_v2' ? rebuildTensor : rebuildParameter;
  };

  const persistentLoad = (pid: unknown): StorageRef => {
    // ('storage', storage_type, key, location, numel)
    if (!Array.isArray(pid) || pid.length !== 5 || pid[0] !== 'storage') return malformed('unexpected persistent id (expected a storage reference)');
    const [, type, key, location, numel] = pid as unknown[];
    if (!resolvedTypes.has(type as StorageType)) return malformed('storage reference without a storage type');
    if (typeof key !== 'string' || !/^[0-9A-Za-z_]+$/.test(key)) return malformed(`bad storage key ${JSON.stringify(key)}`);
    if (typeof location !== 'string') return malformed('bad storage location');
    if (!isNonNegativeInt(numel)) return malformed(`storage ${key} has an invalid element count`);
    const storageType = type as StorageType;
    const cached = storages.get(key);
    if (cached) {
      if (cached.type.className !== storageType.className) malformed(`storage ${key} is used with two dtypes`);
      if (numel > cached.numel) malformed(`storage ${key} is declared with two sizes`);
      return cached;
    }
    const available = storageSize(key);
    if (available === undefined) {
      throw new WeightsError('corrupt-zip', fileName, `the archive has no record data/${key} for a tensor storage: the file is incomplete. Re-save or re-download it.`);
    }
    // Checked before anything is allocated for this storage.
    const needed = numel * storageType.itemSize;
    if (needed > available) {
      throw new WeightsError(
        'corrupt-zip',
        fileName,
        `storage data/${key} declares ${numel} ${storageType.dtype} elements (${formatBytes(needed)}) but the archive holds only ${formatBytes(available)} for it: the file is truncated or corrupted. Re-save or re-download it.`,
      );
    }
    const ref = new StorageRef(key, storageType, numel);
    storages.set(key, ref);
    return ref;
  };

  const parser = new Parser({
    nameResolver: { resolve: resolveGlobal as never },
    persistentResolver: { resolve: persistentLoad as never },
    extensionResolver: {
      resolve: (code: number) => refuse(`copyreg extension code ${code}`, ''),
    },
    unpicklingTypeOfDictionary: 'Map',
    unpicklingTypeOfSet: 'array',
  });
  guardPickle(pkl, {
    classifyGlobal,
    refuseExtension: (code) => refuse(`copyreg extension code ${code}`, ''),
    malformed,
    maxValues: options.maxValues,
  });
  try {
    return parser.parse(pkl);
  } catch (error) {
    if (error instanceof WeightsError) throw error;
    // pickleparser's own failures (bad opcode, truncated stream, calling a non-callable) are TypeErrors etc.
    return malformed(clip((error as Error).message));
  }
}
