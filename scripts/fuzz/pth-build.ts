/** Builders for hand-made torch.save archives and pickles (also used by the tests). */
import { zipSync } from 'fflate';
import { PickleWriter } from '../../src/weights/index.js';

export interface StorageSpec {
  readonly type?: string;
  readonly key: string;
  readonly numel: number;
}

/** Pushes `torch._utils._rebuild_tensor_v2(persistent ('storage', torch.<type>, key, 'cpu', numel), offset, size, stride, False, OrderedDict())`. */
export function pushTensor(w: PickleWriter, storage: StorageSpec, offset: number, size: readonly number[], stride: readonly number[]): PickleWriter {
  w.global('torch._utils', '_rebuild_tensor_v2').mark();
  w.mark().str('storage').global('torch', storage.type ?? 'FloatStorage').str(storage.key).str('cpu').int(storage.numel).tuple().binpersid();
  w.int(offset).mark();
  size.forEach((n) => w.int(n));
  w.tuple().mark();
  stride.forEach((n) => w.int(n));
  return w.tuple().bool(false).global('collections', 'OrderedDict').emptyTuple().reduce().tuple().reduce();
}

/** OrderedDict(entries), each entry pushing its own value; with `metadata`, BUILD adds `_metadata` state as torch does. */
export function stateDictPickle(entries: readonly [string, (w: PickleWriter) => void][], options: { metadata?: boolean } = {}): Uint8Array {
  const w = new PickleWriter().proto(2).global('collections', 'OrderedDict').emptyTuple().reduce().mark();
  for (const [name, push] of entries) {
    w.str(name);
    push(w);
  }
  w.setitems();
  if (options.metadata) {
    // state_dict()._metadata = OrderedDict({'': {'version': 1}}), pickled as BUILD with a dict state.
    w.emptyDict().str('_metadata').global('collections', 'OrderedDict').emptyTuple().reduce().str('').emptyDict().str('version').int(1).setitem().setitem().setitem().build();
  }
  return w.stop();
}

export function float32Bytes(values: readonly number[]): Uint8Array {
  return new Uint8Array(new Float32Array(values).buffer);
}

/** A torch.save-shaped zip built with fflate (independent of our own writer). */
export function torchZip(pkl: Uint8Array, storages: Record<string, Uint8Array> = {}, options: { prefix?: string; deflate?: boolean; byteorder?: string } = {}): Uint8Array {
  const prefix = options.prefix ?? 'archive';
  const files: Record<string, Uint8Array> = { [`${prefix}/data.pkl`]: pkl };
  for (const [key, bytes] of Object.entries(storages)) files[`${prefix}/data/${key}`] = bytes;
  files[`${prefix}/version`] = new TextEncoder().encode('3\n');
  if (options.byteorder) files[`${prefix}/byteorder`] = new TextEncoder().encode(options.byteorder);
  return zipSync(files, { level: options.deflate ? 6 : 0 });
}

/**
 * Pickles that run `command` under Python's pickle.loads (those marked `runsInPython`), written with
 * our writer or raw opcodes: the classic `os.system(cmd)` and its disguises.
 */
export function attackPickles(command: string): { label: string; pkl: Uint8Array; runsInPython: boolean }[] {
  const enc = new TextEncoder();
  const cmd = enc.encode(command);
  const u32 = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >>> 24];
  const binunicode = (bytes: Uint8Array) => [0x58, ...u32(bytes.length), ...bytes];
  const pyEval = enc.encode(`__import__('os').system(${JSON.stringify(command)})`);
  const w = () => new PickleWriter().proto(2);
  const attack = (label: string, pkl: Uint8Array, runsInPython = true) => ({ label, pkl, runsInPython });
  return [
    attack('os.system via GLOBAL+REDUCE', w().global('os', 'system').str(command).tuple1().reduce().stop()),
    attack('posix.system', w().global('posix', 'system').str(command).tuple1().reduce().stop()),
    attack('builtins.eval', w().global('builtins', 'eval').str(`__import__('os').system(${JSON.stringify(command)})`).tuple1().reduce().stop()),
    attack('builtins.exec', w().global('builtins', 'exec').str(`import os; os.system(${JSON.stringify(command)})`).tuple1().reduce().stop()),
    attack('subprocess.Popen', w().global('subprocess', 'Popen').mark().str('sh').str('-c').str(command).tuple().tuple1().reduce().stop()),
    attack('subprocess.check_call', w().global('subprocess', 'check_call').mark().str('sh').str('-c').str(command).tuple().tuple1().reduce().stop()),
    // Protocol 4 STACK_GLOBAL: module and name come from the stack.
    attack('STACK_GLOBAL os.system', Uint8Array.from([0x80, 4, ...binunicode(enc.encode('os')), ...binunicode(enc.encode('system')), 0x93, ...binunicode(cmd), 0x85, 0x52, 0x2e])),
    attack('STACK_GLOBAL builtins.eval', Uint8Array.from([0x80, 4, ...binunicode(enc.encode('builtins')), ...binunicode(enc.encode('eval')), 0x93, ...binunicode(pyEval), 0x85, 0x52, 0x2e])),
    // Protocol 0 INST: class lookup and call in one opcode.
    attack('INST os.system', Uint8Array.from([0x28, ...binunicode(cmd), 0x69, ...enc.encode('os\nsystem\n'), 0x2e])),
    // OBJ: MARK, class, args, OBJ calls class(*args).
    attack('OBJ os.system', Uint8Array.from([0x80, 2, 0x28, 0x63, ...enc.encode('os\nsystem\n'), ...binunicode(cmd), 0x6f, 0x2e])),
    // NEWOBJ calls cls.__new__(cls, *args): refused here; in Python it builds a Popen without running it.
    attack('NEWOBJ subprocess.Popen', Uint8Array.from([0x80, 2, 0x63, ...enc.encode('subprocess\nPopen\n'), ...binunicode(cmd), 0x85, 0x81, 0x2e]), false),
    // __reduce__ hidden after a legitimate tensor of a state_dict.
    // (Python needs torch and a persistent_load to reach the payload, so it is not replayed there.)
    attack('__reduce__ inside a state_dict', stateDictPickle([['conv.weight', (x) => pushTensor(x, { key: '0', numel: 2 }, 0, [2], [1])], ['payload', (x) => x.global('os', 'system').str(command).tuple1().reduce()]]), false),
    // BUILD whose state is the result of a code-running REDUCE.
    attack('BUILD with a REDUCE state', w().global('collections', 'OrderedDict').emptyTuple().reduce().global('os', 'system').str(command).tuple1().reduce().build().stop()),
    // The global stored in the memo, popped, and called later through GET.
    attack('memoised global', Uint8Array.from([0x80, 2, 0x63, ...enc.encode('os\nsystem\n'), 0x71, 0, 0x30, 0x68, 0, ...binunicode(cmd), 0x85, 0x52, 0x2e])),
    // getattr(__import__('os'), 'system')(cmd): forbidden globals chained.
    attack('builtins.getattr chain', w().global('builtins', 'getattr').mark().global('builtins', '__import__').str('os').tuple1().reduce().str('system').tuple().reduce().str(command).tuple1().reduce().stop()),
  ];
}
