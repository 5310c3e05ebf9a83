/**
 * The three .pth families: pickle opcodes (crafted attacks, mutations of real state_dict pickles,
 * random opcode streams), zip structure (truncation, header fields, bombs, nesting, legacy files)
 * and storages (declared sizes, views, shapes).
 */
import { existsSync } from 'node:fs';
import { createDeflateRaw } from 'node:zlib';
import fc from 'fast-check';
import { zipSync } from 'fflate';
import { crc32 } from 'node:zlib';
import { PickleWriter, WeightsError, readPth, writePth } from '../../../src/weights/index.js';
import { attackPickles, float32Bytes, pushTensor, stateDictPickle, torchZip } from '../pth-build.js';
import { describeError, inputSeed, isClearMessage, type Family, type FuzzContext, type FuzzInput, type RunResult } from '../types.js';

const FILE = 'fuzz.pth';

/** Runs readPth on a whole file and classifies the result. */
export function runPth(bytes: Uint8Array, ctx: FuzzContext): RunResult {
  let result: RunResult;
  try {
    const { tensors } = readPth(bytes, FILE);
    for (const [name, t] of tensors) {
      const numel = t.shape.reduce((a, b) => a * b, 1);
      if (!(t.data instanceof Float32Array) || t.data.length !== numel) return { outcome: 'crash', detail: `accepted tensor ${name} has ${t.data.length} values for shape [${t.shape.join(', ')}]` };
    }
    result = { outcome: 'accepted' };
  } catch (error) {
    if (error instanceof WeightsError && error.message.startsWith(`${FILE}: `) && isClearMessage(error.message, FILE)) result = { outcome: 'clear' };
    else result = { outcome: 'crash', detail: describeError(error) };
  }
  if (existsSync(ctx.canary)) return { outcome: 'crash', detail: `CODE EXECUTED: canary ${ctx.canary} exists` };
  return result;
}

const sample = <T>(arb: fc.Arbitrary<T>, seed: number): T => fc.sample(arb, { seed, numRuns: 1 })[0]!;

// ---------------------------------------------------------------- pickles

/** Valid state_dict pickles to mutate, with the storages they need. */
function basePickles(): { pkl: Uint8Array; storages: Record<string, Uint8Array> }[] {
  const storages = { '0': float32Bytes([1, 2, 3, 4, 5, 6]), '1': float32Bytes([7, 8]) };
  const two: [string, (w: PickleWriter) => void][] = [
    ['conv.weight', (w) => pushTensor(w, { key: '0', numel: 6 }, 0, [2, 3], [3, 1])],
    ['bn.bias', (w) => pushTensor(w, { key: '1', numel: 2 }, 0, [2], [1])],
  ];
  return [
    { pkl: stateDictPickle(two), storages },
    { pkl: stateDictPickle(two, { metadata: true }), storages },
    { pkl: stateDictPickle([['t', (w) => pushTensor(w, { key: '0', numel: 6 }, 1, [3, 2], [1, 3])]]), storages },
  ];
}

/** One opcode with plausible arguments, for insertion and random streams. */
const opcodeToken: fc.Arbitrary<number[]> = fc.oneof(
  fc.constantFrom(0x28, 0x2e, 0x30, 0x31, 0x32, 0x4e, 0x29, 0x5d, 0x7d, 0x74, 0x6c, 0x85, 0x86, 0x87, 0x88, 0x89, 0x61, 0x65, 0x73, 0x75, 0x62, 0x52, 0x51, 0x94, 0x8f, 0x90, 0x91, 0x93, 0x81, 0x92, 0x6f, 0x64, 0x97, 0x98).map((op) => [op]),
  fc.tuple(fc.constantFrom(0x4b, 0x68, 0x71, 0x43, 0x55, 0x8c, 0x8a, 0x82, 0x80), fc.nat(255)).map(([op, arg]) => [op, arg]),
  fc.tuple(fc.constantFrom(0x4a, 0x6a, 0x72, 0x58, 0x42, 0x54, 0x8b, 0x84), fc.constantFrom(0, 1, 2, 5, 255, 0x7fffffff, 0x80000000, 0xffffffff)).map(([op, n]) => [op, n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, n >>> 24]),
  fc.tuple(fc.constantFrom(0x8d, 0x8e, 0x96, 0x95), fc.constantFrom(0, 3, 2 ** 32, 2 ** 53, 2 ** 63)).map(([op, n]) => {
    const bytes: number[] = [op];
    let v = BigInt(n);
    for (let i = 0; i < 8; i++, v >>= 8n) bytes.push(Number(v & 0xffn));
    return bytes;
  }),
  fc.constantFrom('collections\nOrderedDict\n', 'torch._utils\n_rebuild_tensor_v2\n', 'torch\nFloatStorage\n', 'os\nsystem\n', 'builtins\neval\n', 'torch\nComplexFloatStorage\n', '__torch__\nM\n').map((g) => [0x63, ...new TextEncoder().encode(g)]),
  fc.constantFrom('I12\n', 'L-3L\n', 'F1.5\n', 'S\'x\'\n', 'Vname\n', 'p3\n', 'g3\n', 'g999\n', 'Iabc\n', 'Pid\n').map((t) => [...new TextEncoder().encode(t)]),
  fc.nat(255).map((op) => [op]),
);

type Mutation = { kind: 'flip'; at: number; value: number } | { kind: 'insert'; at: number; token: number[] } | { kind: 'delete'; at: number; length: number } | { kind: 'duplicate'; at: number; length: number } | { kind: 'truncate'; at: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), value: fc.nat(255) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), token: opcodeToken }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 16 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 32 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);

function mutate(bytes: Uint8Array, mutations: readonly Mutation[]): Uint8Array {
  let out = [...bytes];
  for (const m of mutations) {
    const at = out.length === 0 ? 0 : m.at % out.length;
    if (m.kind === 'flip') out[at] = m.value;
    else if (m.kind === 'insert') out.splice(at, 0, ...m.token);
    else if (m.kind === 'delete') out.splice(at, m.length);
    else if (m.kind === 'duplicate') out.splice(at, 0, ...out.slice(at, at + m.length));
    else out = out.slice(0, at);
  }
  return Uint8Array.from(out);
}

/** A leaf of checkpoint metadata: what training scripts put next to the weights. */
type Extra = { kind: 'int'; value: number } | { kind: 'float'; value: number } | { kind: 'str'; value: string } | { kind: 'none' } | { kind: 'bool'; value: boolean } | { kind: 'list'; items: Extra[] } | { kind: 'dict'; entries: [string, Extra][] };

const extra: fc.Arbitrary<Extra> = fc.letrec<{ extra: Extra }>((tie) => ({
  extra: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ kind: fc.constant('int' as const), value: fc.oneof(fc.integer(), fc.maxSafeInteger()) }),
    fc.record({ kind: fc.constant('float' as const), value: fc.double() }),
    fc.record({ kind: fc.constant('str' as const), value: fc.string({ maxLength: 10 }) }),
    fc.record({ kind: fc.constant('none' as const) }),
    fc.record({ kind: fc.constant('bool' as const), value: fc.boolean() }),
    fc.record({ kind: fc.constant('list' as const), items: fc.array(tie('extra'), { maxLength: 4 }) }),
    fc.record({ kind: fc.constant('dict' as const), entries: fc.array(fc.tuple(fc.string({ maxLength: 6 }), tie('extra')), { maxLength: 3 }) }),
  ),
})).extra;

function writeExtra(w: PickleWriter, value: Extra): void {
  if (value.kind === 'int') w.int(value.value);
  else if (value.kind === 'float') w.float(value.value);
  else if (value.kind === 'str') w.str(value.value);
  else if (value.kind === 'none') w.none();
  else if (value.kind === 'bool') w.bool(value.value);
  else if (value.kind === 'list') {
    w.emptyList().mark();
    value.items.forEach((item) => writeExtra(w, item));
    w.appends();
  } else {
    w.emptyDict().mark();
    value.entries.forEach(([k, v]) => writeExtra(w.str(k), v));
    w.setitems();
  }
}

const checkpointPlan = fc.record({
  tensors: fc.uniqueArray(fc.record({ name: fc.stringMatching(/^[a-z][a-z0-9_.]{0,10}$/), shape: fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 3 }), parameter: fc.boolean(), memo: fc.boolean() }), { selector: (t) => t.name, minLength: 1, maxLength: 5 }),
  dataParallel: fc.boolean(),
  metadata: fc.boolean(),
  wrapper: fc.constantFrom('none' as const, 'state_dict' as const, 'model_state_dict' as const),
  extras: fc.array(fc.tuple(fc.constantFrom('epoch', 'optimizer', 'arch', 'history', 'best_acc'), extra), { maxLength: 3 }),
});

type CheckpointPlan = typeof checkpointPlan extends fc.Arbitrary<infer T> ? T : never;

/** A valid state_dict or training checkpoint, every tensor on its own storage: it must load. */
function checkpoint(plan: CheckpointPlan): { zip: Uint8Array; names: string[] } {
  const storages: Record<string, Uint8Array> = {};
  const w = new PickleWriter().proto(2);
  if (plan.wrapper !== 'none') w.emptyDict().mark();
  for (const [key, value] of plan.wrapper === 'none' ? [] : plan.extras) writeExtra(w.str(`${key}_`), value);
  if (plan.wrapper !== 'none') w.str(plan.wrapper);
  w.global('collections', 'OrderedDict').emptyTuple().reduce().mark();
  let memo = 0;
  plan.tensors.forEach((t, i) => {
    const numel = t.shape.reduce((a, b) => a * b, 1);
    storages[String(i)] = float32Bytes(Array.from({ length: numel }, (_, j) => i + j / 8));
    w.str((plan.dataParallel ? 'module.' : '') + t.name);
    if (t.parameter) w.global('torch._utils', '_rebuild_parameter');
    const strides = t.shape.map((_, d) => t.shape.slice(d + 1).reduce((a, b) => a * b, 1));
    pushTensor(w, { key: String(i), numel }, 0, t.shape, strides);
    if (t.memo && memo < 200) w.binput(memo++);
    if (t.parameter) w.bool(true).global('collections', 'OrderedDict').emptyTuple().reduce().raw(0x87).reduce(); // TUPLE3, REDUCE
  });
  w.setitems();
  if (plan.metadata) w.emptyDict().str('_metadata').emptyDict().setitem().build();
  if (plan.wrapper !== 'none') w.setitems();
  return { zip: torchZip(w.stop(), storages), names: plan.tensors.map((t) => t.name) };
}

export const pthPickleFamily: Family = {
  name: 'pth-pickle',
  crafted: (ctx) => attackPickles(`touch ${ctx.canary}`).length + 1,
  input(seed, index, ctx): FuzzInput {
    const attacks = attackPickles(`touch ${ctx.canary}`);
    if (index < attacks.length) return { label: `attack:${attacks[index]!.label}`, data: torchZip(attacks[index]!.pkl, { '0': float32Bytes([1, 2]) }) };
    if (index === attacks.length) {
      // LONG4 with a 1 MiB integer: quadratic inside pickleparser (a hang before the guard).
      return { label: 'crafted:LONG4 1MiB', data: torchZip(Uint8Array.from([0x80, 2, 0x8b, 0, 0, 0x10, 0, ...new Uint8Array(0x100000).fill(1), 0x2e])) };
    }
    if (index % 5 === 0) {
      const made = checkpoint(sample(checkpointPlan, inputSeed(seed, index)));
      return { label: 'valid-checkpoint', data: { mustLoad: made.zip, names: made.names } };
    }
    const bases = basePickles();
    const s = inputSeed(seed, index);
    const plan = sample(
      fc.oneof(
        { weight: 3, arbitrary: fc.record({ mode: fc.constant('mutate' as const), base: fc.nat(bases.length - 1), mutations: fc.array(mutation, { minLength: 1, maxLength: 4 }) }) },
        { weight: 1, arbitrary: fc.record({ mode: fc.constant('stream' as const), tokens: fc.array(opcodeToken, { maxLength: 24 }), stop: fc.boolean() }) },
        { weight: 1, arbitrary: fc.record({ mode: fc.constant('splice' as const), base: fc.nat(bases.length - 1), attack: fc.nat(attacks.length - 1), at: fc.nat() }) },
      ),
      s,
    );
    if (plan.mode === 'mutate') {
      const base = bases[plan.base]!;
      return { label: `mutate:${plan.mutations.map((m) => m.kind).join('+')}`, data: torchZip(mutate(base.pkl, plan.mutations), base.storages) };
    }
    if (plan.mode === 'stream') {
      const body = [0x80, 2, ...plan.tokens.flat(), ...(plan.stop ? [0x2e] : [])];
      return { label: 'stream', data: torchZip(Uint8Array.from(body), { '0': float32Bytes([1, 2]) }) };
    }
    // An attack's opcodes (without PROTO and STOP) spliced into a valid pickle.
    const base = bases[plan.base]!;
    const payload = attacks[plan.attack]!.pkl;
    const inner = payload[0] === 0x80 ? payload.subarray(2, -1) : payload.subarray(0, -1);
    const at = 2 + (plan.at % (base.pkl.length - 2));
    return { label: `splice:${attacks[plan.attack]!.label}`, data: torchZip(Uint8Array.from([...base.pkl.subarray(0, at), ...inner, ...base.pkl.subarray(at)]), base.storages) };
  },
  async run(input, ctx) {
    const data = input.data as Uint8Array | { mustLoad: Uint8Array; names: string[] };
    if (data instanceof Uint8Array) return runPth(data, ctx);
    // A valid checkpoint refused is a false alarm of the guard: count it as a failure too.
    try {
      const names = [...readPth(data.mustLoad, FILE).tensors.keys()];
      return names.join('\n') === data.names.join('\n') ? { outcome: 'accepted' } : { outcome: 'crash', detail: `valid checkpoint loaded as [${names.join(', ')}], expected [${data.names.join(', ')}]` };
    } catch (error) {
      return { outcome: 'crash', detail: `valid checkpoint refused: ${describeError(error)}` };
    }
  },
};

// ---------------------------------------------------------------- zip structure

/** Deflate of `size` zero bytes, streamed so that making a bomb never holds the bomb. */
async function deflatedZeros(size: number): Promise<Uint8Array> {
  const chunk = new Uint8Array(1 << 20);
  const out: Buffer[] = [];
  const stream = createDeflateRaw({ level: 9 });
  stream.on('data', (b: Buffer) => out.push(b));
  const done = new Promise((resolve) => stream.on('end', resolve));
  for (let left = size; left > 0; left -= chunk.length) {
    const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
    if (!stream.write(piece)) await new Promise((resolve) => stream.once('drain', resolve));
  }
  stream.end();
  await done;
  return new Uint8Array(Buffer.concat(out));
}

/** A one-entry-per-file zip with given (possibly lying) method, sizes and crc, built by hand. */
function handZip(files: { name: string; data: Uint8Array; method?: number; size?: number; crc?: number; flags?: number }[]): Uint8Array {
  const enc = new TextEncoder();
  const locals: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  const header = (signature: number, f: (typeof files)[number], name: Uint8Array, localOffset?: number): Uint8Array => {
    const isCentral = localOffset !== undefined;
    const out = new Uint8Array((isCentral ? 46 : 30) + name.length);
    const v = new DataView(out.buffer);
    let p = 0;
    const u16 = (x: number) => (v.setUint16(p, x, true), (p += 2));
    const u32 = (x: number) => (v.setUint32(p, x >>> 0, true), (p += 4));
    u32(signature);
    if (isCentral) u16(20);
    u16(20);
    u16(f.flags ?? 0);
    u16(f.method ?? 0);
    u32(0x00210000);
    u32(f.crc ?? crc32(f.data));
    u32(f.data.length);
    u32(f.size ?? f.data.length);
    u16(name.length);
    u16(0);
    if (isCentral) {
      u16(0);
      u16(0);
      u16(0);
      u32(0);
      u32(localOffset);
    }
    out.set(name, p);
    return out;
  };
  for (const f of files) {
    const name = enc.encode(f.name);
    const local = header(0x04034b50, f, name);
    central.push(header(0x02014b50, f, name, offset));
    locals.push(local, f.data);
    offset += local.length + f.data.length;
  }
  const centralSize = central.reduce((a, c) => a + c.length, 0);
  const eocd = new Uint8Array(22);
  const v = new DataView(eocd.buffer);
  v.setUint32(0, 0x06054b50, true);
  v.setUint16(8, files.length, true);
  v.setUint16(10, files.length, true);
  v.setUint32(12, centralSize, true);
  v.setUint32(16, offset, true);
  return new Uint8Array(Buffer.concat([...locals, ...central, eocd]));
}

function validParams(): Map<string, { shape: number[]; data: Float32Array }> {
  return new Map([
    ['conv.weight', { shape: [2, 3], data: Float32Array.from([1, 2, 3, 4, 5, 6]) }],
    ['bn.running_var', { shape: [2], data: Float32Array.from([0.5, 1.5]) }],
  ]);
}

async function craftedZips(): Promise<[string, Uint8Array][]> {
  const valid = writePth(validParams());
  const pkl = stateDictPickle([['w', (w) => pushTensor(w, { key: '0', numel: 2 }, 0, [2], [1])]]);
  const enc = new TextEncoder();
  const bomb = await deflatedZeros(128 << 20);
  const pklBomb = await deflatedZeros(40 << 20);
  const legacyPickle = Uint8Array.from([0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19, 0x2e]);
  const tar = new Uint8Array(1024);
  tar.set(enc.encode('archive/'), 0);
  tar.set(enc.encode('ustar'), 257);
  return [
    ['valid', valid],
    ['empty file', new Uint8Array(0)],
    ['legacy pickle (< 1.6)', legacyPickle],
    ['legacy tar (< 1.6)', tar],
    ['only the zip magic', Uint8Array.from([0x50, 0x4b, 0x03, 0x04])],
    ['storage zip bomb (128 MiB of zeros)', handZip([{ name: 'archive/data.pkl', data: pkl }, { name: 'archive/data/0', data: bomb, method: 8, size: 128 << 20, crc: 0 }])],
    ['data.pkl zip bomb (40 MiB)', handZip([{ name: 'archive/data.pkl', data: pklBomb, method: 8, size: 40 << 20, crc: 0 }])],
    ['declared size lie (4 GiB from 1 KiB)', handZip([{ name: 'archive/data.pkl', data: new Uint8Array(1024), method: 8, size: 0xfffffff0 }])],
    ['nested: model zipped for download', zipSync({ 'resnet18.pth': valid }, { level: 0 })],
    ['nested: data.pkl is a zip', torchZip(valid)],
    ['duplicate entry names', handZip([{ name: 'archive/data.pkl', data: pkl }, { name: 'archive/data.pkl', data: pkl }])],
    ['encrypted entry', handZip([{ name: 'archive/data.pkl', data: pkl, flags: 1 }])],
    ['bzip2 entry (method 12)', handZip([{ name: 'archive/data.pkl', data: pkl, method: 12 }])],
    ['bad CRC', handZip([{ name: 'archive/data.pkl', data: pkl, crc: 1234 }])],
    ['torchscript archive', zipSync({ 'm/data.pkl': legacyPickle, 'm/constants.pkl': new Uint8Array(1), 'm/code/m.py': new Uint8Array(1) }, { level: 0 })],
    ['two archives', zipSync({ 'a/data.pkl': pkl, 'b/data.pkl': pkl }, { level: 0 })],
    ['huge byteorder record', torchZip(pkl, { '0': float32Bytes([1, 2]) }, { byteorder: 'little'.repeat(1000) })],
    ['bad byteorder', torchZip(pkl, { '0': float32Bytes([1, 2]) }, { byteorder: 'middle\n\u0000' })],
  ];
}

let craftedZipCache: Promise<[string, Uint8Array][]> | undefined;

/** Offsets of the records a zip reader trusts: EOCD, central and local headers. */
function structuralOffsets(zip: Uint8Array): number[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const found: number[] = [];
  for (let i = 0; i + 4 <= zip.length; i++) {
    const sig = view.getUint32(i, true);
    if (sig === 0x06054b50 || sig === 0x02014b50 || sig === 0x04034b50) found.push(i);
  }
  return found;
}

export const pthZipFamily: Family = {
  name: 'pth-zip',
  crafted: async () => (await (craftedZipCache ??= craftedZips())).length,
  async input(seed, index): Promise<FuzzInput> {
    const crafted = await (craftedZipCache ??= craftedZips());
    if (index < crafted.length) return { label: `crafted:${crafted[index]![0]}`, data: crafted[index]![1] };
    const bases = [writePth(validParams()), torchZip(stateDictPickle([['w', (w) => pushTensor(w, { key: '0', numel: 2 }, 0, [2], [1])]]), { '0': float32Bytes([1, 2]) }, { deflate: true })];
    const plan = sample(
      fc.record({
        base: fc.nat(bases.length - 1),
        edits: fc.array(
          fc.oneof(
            fc.record({ kind: fc.constant('field' as const), record: fc.nat(), field: fc.nat(45), width: fc.constantFrom(1, 2, 4), value: fc.constantFrom(0, 1, 0x7f, 0xff, 0xffff, 0xffffffff, 0x80000000, 64, 4096) }),
            fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), value: fc.nat(255) }),
            fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
            fc.record({ kind: fc.constant('prefix' as const), length: fc.integer({ min: 1, max: 100 }) }),
            fc.record({ kind: fc.constant('append' as const), length: fc.integer({ min: 1, max: 100 }) }),
          ),
          { minLength: 1, maxLength: 3 },
        ),
      }),
      inputSeed(seed, index),
    );
    let zip = Uint8Array.from(bases[plan.base]!);
    for (const e of plan.edits) {
      if (e.kind === 'field') {
        // Overwrite a field of a header record: sizes, offsets, counts, name lengths.
        const records = structuralOffsets(zip);
        if (records.length === 0) continue;
        const at = records[e.record % records.length]! + 4 + e.field;
        const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
        if (at + e.width > zip.length) continue;
        if (e.width === 1) view.setUint8(at, e.value & 0xff);
        else if (e.width === 2) view.setUint16(at, e.value & 0xffff, true);
        else view.setUint32(at, e.value >>> 0, true);
      } else if (e.kind === 'flip') {
        if (zip.length) zip[e.at % zip.length] = e.value;
      } else if (e.kind === 'truncate') {
        zip = zip.slice(0, zip.length ? e.at % zip.length : 0);
      } else if (e.kind === 'prefix') {
        zip = Uint8Array.from([...new Uint8Array(e.length).fill(0x41), ...zip]);
      } else {
        zip = Uint8Array.from([...zip, ...new Uint8Array(e.length).fill(0x50)]);
      }
    }
    return { label: `zip:${plan.edits.map((e) => e.kind).join('+')}`, data: zip };
  },
  run: async (input, ctx) => runPth(input.data as Uint8Array, ctx),
};

// ---------------------------------------------------------------- storages and views

const DTYPES: [string, number][] = [['FloatStorage', 4], ['HalfStorage', 2], ['DoubleStorage', 8], ['LongStorage', 8], ['ByteStorage', 1], ['BoolStorage', 1], ['BFloat16Storage', 2], ['IntStorage', 4], ['ComplexFloatStorage', 8], ['QInt8Storage', 1]];
const extent = fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 0, max: 8 }) }, { weight: 1, arbitrary: fc.constantFrom(2 ** 16, 2 ** 31, 2 ** 32, 1e10, 1e12, 2 ** 53 - 1) });

export const pthStorageFamily: Family = {
  name: 'pth-storage',
  crafted: () => 2,
  input(seed, index): FuzzInput {
    if (index === 0) {
      // A 40 GB tensor declared in a ~1 KB file.
      const pkl = stateDictPickle([['fc.weight', (w) => pushTensor(w, { key: '0', numel: 1e10 }, 0, [100000, 100000], [100000, 1])]]);
      return { label: 'crafted:40 GB tensor in 1 KB', data: torchZip(pkl, { '0': float32Bytes([1, 2, 3, 4]) }) };
    }
    if (index === 1) {
      // Stride-0 views: 8 tensors each expanding 1 stored element to 2^27.
      const entries: [string, (w: PickleWriter) => void][] = Array.from({ length: 8 }, (_, i) => [`x${i}`, (w: PickleWriter) => pushTensor(w, { key: '0', numel: 1 }, 0, [2 ** 14, 2 ** 13], [0, 0])]);
      return { label: 'crafted:expanded views (8 x 2^27 from 1 element)', data: torchZip(stateDictPickle(entries), { '0': float32Bytes([1]) }) };
    }
    if (index % 4 === 0) {
      // Property: whatever valid params writePth writes, readPth gives back bit for bit.
      const params = sample(
        fc.uniqueArray(fc.record({ name: fc.string({ minLength: 1, maxLength: 12 }), shape: fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 4 }) }), { selector: (t) => t.name, minLength: 1, maxLength: 4 }).chain((ts) =>
          fc.tuple(...ts.map((t) => fc.float32Array({ minLength: t.shape.reduce((a, b) => a * b, 1), maxLength: t.shape.reduce((a, b) => a * b, 1) }).map((data) => [t.name, { shape: t.shape, data }] as const))),
        ),
        inputSeed(seed, index),
      );
      return { label: 'roundtrip', data: { roundtrip: new Map(params) } };
    }
    const plan = sample(
      fc.array(
        fc.record({
          dtype: fc.nat(DTYPES.length - 1),
          numel: extent,
          present: fc.oneof(fc.constant('exact' as const), fc.constant('short' as const), fc.constant('long' as const), fc.constant('missing' as const)),
          offset: extent,
          shape: fc.array(extent, { maxLength: 5 }),
          stride: fc.array(extent, { maxLength: 5 }),
          sameStorage: fc.boolean(),
        }),
        { minLength: 1, maxLength: 3 },
      ),
      inputSeed(seed, index),
    );
    const storages: Record<string, Uint8Array> = {};
    const entries: [string, (w: PickleWriter) => void][] = plan.map((t, i) => {
      const [type, itemSize] = DTYPES[t.dtype]!;
      const key = t.sameStorage && i > 0 ? '0' : String(i);
      const numel = t.sameStorage && i > 0 ? plan[0]!.numel : t.numel;
      if (!(key in storages) && t.present !== 'missing') {
        const exact = Math.min(numel * itemSize, 4096); // huge declarations are written short: the point is the lie
        storages[key] = new Uint8Array(t.present === 'short' ? Math.max(0, exact - 1) : t.present === 'long' ? exact + 7 : exact).map((_, j) => (j * 31) & 0xff);
      }
      const stride = t.shape.map((_, d) => t.stride[d] ?? 1);
      return [`t${i}`, (w: PickleWriter) => pushTensor(w, { type, key, numel }, t.offset, t.shape, stride)];
    });
    return { label: 'storage', data: torchZip(stateDictPickle(entries), storages) };
  },
  async run(input, ctx) {
    const data = input.data as Uint8Array | { roundtrip: Map<string, { shape: number[]; data: Float32Array }> };
    if (data instanceof Uint8Array) return runPth(data, ctx);
    try {
      const back = readPth(writePth(data.roundtrip), FILE).tensors;
      for (const [name, t] of data.roundtrip) {
        const got = back.get(name);
        const same = got && got.shape.join() === t.shape.join() && Buffer.compare(Buffer.from(got.data.buffer, got.data.byteOffset, got.data.byteLength), Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength)) === 0;
        if (!same) return { outcome: 'crash', detail: `round trip changed tensor ${JSON.stringify(name)}` };
      }
      return back.size === data.roundtrip.size ? { outcome: 'accepted' } : { outcome: 'crash', detail: 'round trip changed the tensor count' };
    } catch (error) {
      return { outcome: 'crash', detail: `round trip failed: ${describeError(error)}` };
    }
  },
};
