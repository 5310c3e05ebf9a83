/**
 * A checking pass over a pickle's opcodes that runs BEFORE pickleparser sees the stream.
 *
 * pickleparser is lenient where Python is strict, and some of its leniencies are dangerous on
 * hostile input: a missing memo entry becomes `undefined`, POP on an empty stack is ignored, a
 * negative BINBYTES length moves its read position backwards (a loop), LONG4 builds its BigInt in
 * quadratic time (a hang), BUILD with a `__dict__` key injects items into a dict, SETITEM/APPEND
 * on the wrong type fail with JS messages. So this pass simulates the unpickler on value KINDS
 * (no values except short strings and global names): it reads every opcode with bounds checks,
 * resolves every global through the caller's whitelist (so a forbidden one is named before any
 * object exists), types every stack operation, and bounds the number of values created. Only a
 * stream that passes is given to pickleparser, whose behaviour on it then matches Python's.
 */

/** What a stack slot holds, as far as safety and typing need to know. */
type Kind = 'none' | 'bool' | 'int' | 'float' | 'str' | 'bytes' | 'tuple' | 'list' | 'dict' | 'set' | 'frozenset' | 'callable' | 'storage-type' | 'storage' | 'tensor';

interface Slot {
  readonly kind: Kind;
  /** For `str`: the value, when short (needed by STACK_GLOBAL and to spot `__dict__` keys). */
  readonly text?: string;
  /** For `callable`: what calling it makes. */
  readonly makes?: Kind;
  /** For `dict`: a key `__dict__` was set (BUILD would then treat the dict as an attribute dict). */
  dunderDictKey?: boolean;
}

/** How the whitelist classifies a global: a callable that makes `makes`, or a storage type. */
export type GlobalClass = { readonly kind: 'callable'; readonly makes: 'dict' | 'tensor' } | { readonly kind: 'storage-type' };

export interface PickleGuardOptions {
  /** Resolves `module.name` or throws the caller's "forbidden global" error. */
  readonly classifyGlobal: (module: string, name: string) => GlobalClass;
  /** Refuses a copyreg extension code (EXT1/2/4); must throw. */
  readonly refuseExtension: (code: number) => never;
  /** Throws the caller's "malformed pickle" error; `why` is one plain sentence fragment. */
  readonly malformed: (why: string) => never;
  /** Values the stream may create in all (each push counts once). Bounds pickleparser's memory. */
  readonly maxValues?: number;
}

/** 2^21 values: ~100x what a ResNet-101 state_dict needs, and ~100 MB at worst inside pickleparser. */
export const DEFAULT_MAX_PICKLE_VALUES = 2 ** 21;
/** Longest int a state_dict needs (int64); LONG1/LONG4 beyond this are refused (LONG4 is quadratic in pickleparser). */
const MAX_LONG_BYTES = 8;
const HIGHEST_PROTOCOL = 5;
const SHORT_TEXT = 256;

const OPCODE_NAMES: Record<number, string> = {
  0x28: 'MARK', 0x2e: 'STOP', 0x30: 'POP', 0x31: 'POP_MARK', 0x32: 'DUP', 0x46: 'FLOAT', 0x49: 'INT', 0x4a: 'BININT', 0x4b: 'BININT1',
  0x4c: 'LONG', 0x4d: 'BININT2', 0x4e: 'NONE', 0x50: 'PERSID', 0x51: 'BINPERSID', 0x52: 'REDUCE', 0x53: 'STRING', 0x54: 'BINSTRING',
  0x55: 'SHORT_BINSTRING', 0x56: 'UNICODE', 0x58: 'BINUNICODE', 0x61: 'APPEND', 0x62: 'BUILD', 0x63: 'GLOBAL', 0x64: 'DICT', 0x7d: 'EMPTY_DICT',
  0x65: 'APPENDS', 0x67: 'GET', 0x68: 'BINGET', 0x69: 'INST', 0x6a: 'LONG_BINGET', 0x6c: 'LIST', 0x5d: 'EMPTY_LIST', 0x6f: 'OBJ', 0x70: 'PUT',
  0x71: 'BINPUT', 0x72: 'LONG_BINPUT', 0x73: 'SETITEM', 0x74: 'TUPLE', 0x29: 'EMPTY_TUPLE', 0x75: 'SETITEMS', 0x47: 'BINFLOAT', 0x80: 'PROTO',
  0x81: 'NEWOBJ', 0x82: 'EXT1', 0x83: 'EXT2', 0x84: 'EXT4', 0x85: 'TUPLE1', 0x86: 'TUPLE2', 0x87: 'TUPLE3', 0x88: 'NEWTRUE', 0x89: 'NEWFALSE',
  0x8a: 'LONG1', 0x8b: 'LONG4', 0x42: 'BINBYTES', 0x43: 'SHORT_BINBYTES', 0x8c: 'SHORT_BINUNICODE', 0x8d: 'BINUNICODE8', 0x8e: 'BINBYTES8',
  0x8f: 'EMPTY_SET', 0x90: 'ADDITEMS', 0x91: 'FROZENSET', 0x92: 'NEWOBJ_EX', 0x93: 'STACK_GLOBAL', 0x94: 'MEMOIZE', 0x95: 'FRAME',
  0x96: 'BYTEARRAY8', 0x97: 'NEXT_BUFFER', 0x98: 'READONLY_BUFFER',
};

const HASHABLE: ReadonlySet<Kind> = new Set(['none', 'bool', 'int', 'float', 'str', 'bytes', 'tuple', 'frozenset', 'callable', 'storage-type']);

/** Checks `pkl` as described above; returns normally only for a stream pickleparser may run. */
export function guardPickle(pkl: Uint8Array, options: PickleGuardOptions): void {
  const maxValues = options.maxValues ?? DEFAULT_MAX_PICKLE_VALUES;
  const view = new DataView(pkl.buffer, pkl.byteOffset, pkl.byteLength);
  const latin1 = new TextDecoder('latin1');
  const utf8 = new TextDecoder('utf-8');
  let pos = 0;
  let opStart = 0;
  let opName = '';
  let values = 0;
  let stack: Slot[] = [];
  const metastack: Slot[][] = [];
  const memo = new Map<number, Slot>();

  const fail = (why: string): never => options.malformed(`${why} (opcode ${opName} at byte ${opStart})`);
  const need = (count: number): number => {
    if (!Number.isSafeInteger(count) || count < 0 || count > pkl.length - pos) fail(`it needs ${count} more bytes but the pickle ends ${pkl.length - pos} bytes later`);
    const at = pos;
    pos += count;
    return at;
  };
  const u8 = () => view.getUint8(need(1));
  const u16 = () => view.getUint16(need(2), true);
  const u32 = () => view.getUint32(need(4), true);
  const u64 = () => {
    const at = need(8);
    const value = view.getUint32(at, true) + view.getUint32(at + 4, true) * 2 ** 32;
    // Past 2^53 the length is a lie anyway; need() then refuses it.
    return value;
  };
  const line = (): string => {
    const end = pkl.indexOf(0x0a, pos);
    if (end < 0) fail('a text argument has no end of line');
    const text = latin1.decode(pkl.subarray(pos, end));
    pos = end + 1;
    return text;
  };
  // Decoded as pickleparser decodes them (BINSTRING as "ascii", i.e. windows-1252), so both see one name.
  const text = (length: number, decoder = utf8): string => {
    const at = need(length);
    return length <= SHORT_TEXT ? decoder.decode(pkl.subarray(at, at + length)) : '';
  };

  const push = (slot: Slot): void => {
    if (++values > maxValues) fail(`the pickle creates more than ${maxValues} values, far more than a state_dict needs`);
    stack.push(slot);
  };
  const pop = (): Slot => {
    const slot = stack.pop();
    return slot ?? fail('the stack is empty');
  };
  const top = (): Slot => stack[stack.length - 1] ?? fail('the stack is empty');
  const popMark = (): Slot[] => {
    const items = stack;
    const below = metastack.pop();
    if (!below) return fail('there is no MARK to pop to');
    stack = below;
    return items;
  };
  const expect = (slot: Slot, kinds: readonly Kind[], role: string): Slot => {
    if (!kinds.includes(slot.kind)) fail(`${role} is a ${slot.kind}, expected ${kinds.join(' or ')}`);
    return slot;
  };
  const setKey = (dict: Slot, key: Slot): void => {
    if (!HASHABLE.has(key.kind)) fail(`a dict key is a ${key.kind}, which is unhashable`);
    if (key.kind === 'str' && key.text === '__dict__') dict.dunderDictKey = true;
  };
  const resolve = (module: string, name: string): Slot => {
    const cls = options.classifyGlobal(module, name);
    return cls.kind === 'callable' ? { kind: 'callable', makes: cls.makes } : { kind: 'storage-type' };
  };
  const textInt = (value: string, what: string): void => {
    if (!/^[-+]?\d+L?$/.test(value.trim())) fail(`${what} ${JSON.stringify(value.slice(0, 40))} is not an integer`);
  };
  const memoIndex = (value: string): number => {
    if (!/^\d{1,10}$/.test(value)) fail(`memo index ${JSON.stringify(value.slice(0, 40))} is not a number`);
    return Number(value);
  };
  const put = (index: number): void => {
    memo.set(index, top());
  };
  const get = (index: number): void => {
    const slot = memo.get(index);
    if (!slot) fail(`memo index ${index} was never stored (out of range)`);
    push(slot!);
  };

  for (;;) {
    if (pos >= pkl.length) {
      opStart = pos;
      opName = 'end of data';
      fail('the pickle ends without a STOP opcode');
    }
    opStart = pos;
    const op = pkl[pos++]!;
    opName = OPCODE_NAMES[op] ?? `0x${op.toString(16).padStart(2, '0')}`;
    switch (op) {
      case 0x80: { // PROTO
        const version = u8();
        if (version > HIGHEST_PROTOCOL) fail(`pickle protocol ${version} does not exist`);
        break;
      }
      case 0x95: // FRAME: only a length prefix; the framed opcodes follow inline
        u64();
        break;
      case 0x2e: // STOP
        if (stack.length === 0) fail('STOP with an empty stack');
        return;
      case 0x28: // MARK
        if (++values > maxValues) fail(`the pickle creates more than ${maxValues} values, far more than a state_dict needs`);
        metastack.push(stack);
        stack = [];
        break;
      case 0x31: // POP_MARK
        popMark();
        break;
      case 0x30: // POP: Python pops a MARK when the stack is empty, pickleparser does not; refuse both ways
        pop();
        break;
      case 0x32: // DUP
        push(top());
        break;
      case 0x70: // PUT
        put(memoIndex(line()));
        break;
      case 0x71: // BINPUT
        put(u8());
        break;
      case 0x72: // LONG_BINPUT
        put(u32());
        break;
      case 0x94: // MEMOIZE
        put(memo.size);
        break;
      case 0x67: // GET
        get(memoIndex(line()));
        break;
      case 0x68: // BINGET
        get(u8());
        break;
      case 0x6a: // LONG_BINGET
        get(u32());
        break;
      case 0x4e: // NONE
        push({ kind: 'none' });
        break;
      case 0x88: // NEWTRUE
      case 0x89: // NEWFALSE
        push({ kind: 'bool' });
        break;
      case 0x49: { // INT (also True/False as 01/00)
        const value = line();
        textInt(value, 'INT');
        push({ kind: 'int' });
        break;
      }
      case 0x4c: // LONG
        textInt(line(), 'LONG');
        push({ kind: 'int' });
        break;
      case 0x46: { // FLOAT
        const value = line();
        if (Number.isNaN(Number.parseFloat(value)) && !/nan/i.test(value)) fail(`FLOAT ${JSON.stringify(value.slice(0, 40))} is not a number`);
        push({ kind: 'float' });
        break;
      }
      case 0x4a: // BININT
        need(4);
        push({ kind: 'int' });
        break;
      case 0x4b: // BININT1
        need(1);
        push({ kind: 'int' });
        break;
      case 0x4d: // BININT2
        need(2);
        push({ kind: 'int' });
        break;
      case 0x8a: { // LONG1
        const length = u8();
        if (length > MAX_LONG_BYTES) fail(`an integer of ${length} bytes is larger than int64`);
        need(length);
        push({ kind: 'int' });
        break;
      }
      case 0x8b: { // LONG4
        const length = u32();
        if (length > MAX_LONG_BYTES) fail(`an integer of ${length} bytes is larger than int64`);
        need(length);
        push({ kind: 'int' });
        break;
      }
      case 0x47: // BINFLOAT
        need(8);
        push({ kind: 'float' });
        break;
      case 0x53: { // STRING: quoted repr
        const value = line();
        if (!(value.length >= 2 && value[0] === value[value.length - 1] && (value[0] === '"' || value[0] === "'"))) fail('STRING argument is not quoted');
        push({ kind: 'str', text: value.length - 2 <= SHORT_TEXT ? value.slice(1, -1) : '' });
        break;
      }
      case 0x56: { // UNICODE
        const value = line();
        push({ kind: 'str', text: value.length <= SHORT_TEXT ? value : '' });
        break;
      }
      case 0x54: // BINSTRING
        push({ kind: 'str', text: text(u32(), latin1) });
        break;
      case 0x58: // BINUNICODE
        push({ kind: 'str', text: text(u32()) });
        break;
      case 0x55: // SHORT_BINSTRING
        push({ kind: 'str', text: text(u8(), latin1) });
        break;
      case 0x8c: // SHORT_BINUNICODE
        push({ kind: 'str', text: text(u8()) });
        break;
      case 0x8d: // BINUNICODE8
        push({ kind: 'str', text: text(u64()) });
        break;
      case 0x42: // BINBYTES: unsigned in Python, read as signed int32 by pickleparser (a negative length loops)
        need(u32());
        push({ kind: 'bytes' });
        break;
      case 0x43: // SHORT_BINBYTES
        need(u8());
        push({ kind: 'bytes' });
        break;
      case 0x8e: // BINBYTES8
      case 0x96: // BYTEARRAY8
        need(u64());
        push({ kind: 'bytes' });
        break;
      case 0x29: // EMPTY_TUPLE
        push({ kind: 'tuple' });
        break;
      case 0x74: // TUPLE
        popMark();
        push({ kind: 'tuple' });
        break;
      case 0x85: // TUPLE1
      case 0x86: // TUPLE2
      case 0x87: // TUPLE3
        for (let i = 0; i < op - 0x84; i++) pop();
        push({ kind: 'tuple' });
        break;
      case 0x5d: // EMPTY_LIST
        push({ kind: 'list' });
        break;
      case 0x6c: // LIST
        popMark();
        push({ kind: 'list' });
        break;
      case 0x7d: // EMPTY_DICT
        push({ kind: 'dict' });
        break;
      case 0x64: // DICT: pickleparser stores these items as properties of a Map, not as entries
        fail('the protocol 0/1 DICT opcode is not supported (torch.save writes protocol 2)');
        break;
      case 0x8f: // EMPTY_SET
        push({ kind: 'set' });
        break;
      case 0x91: { // FROZENSET
        const items = popMark();
        for (const item of items) if (!HASHABLE.has(item.kind)) fail(`a set member is a ${item.kind}, which is unhashable`);
        push({ kind: 'frozenset' });
        break;
      }
      case 0x90: { // ADDITEMS
        const items = popMark();
        expect(top(), ['set'], 'the target of ADDITEMS');
        for (const item of items) if (!HASHABLE.has(item.kind)) fail(`a set member is a ${item.kind}, which is unhashable`);
        break;
      }
      case 0x61: // APPEND
        pop();
        expect(top(), ['list'], 'the target of APPEND');
        break;
      case 0x65: // APPENDS
        popMark();
        expect(top(), ['list'], 'the target of APPENDS');
        break;
      case 0x73: { // SETITEM
        pop();
        const key = pop();
        setKey(expect(top(), ['dict'], 'the target of SETITEM'), key);
        break;
      }
      case 0x75: { // SETITEMS
        const items = popMark();
        if (items.length % 2 !== 0) fail(`SETITEMS got ${items.length} items, not key/value pairs`);
        const dict = expect(top(), ['dict'], 'the target of SETITEMS');
        for (let i = 0; i < items.length; i += 2) setKey(dict, items[i]!);
        break;
      }
      case 0x63: { // GLOBAL
        const module = line();
        const name = line();
        push(resolve(module, name));
        break;
      }
      case 0x93: { // STACK_GLOBAL
        const name = pop();
        const module = pop();
        if (module.kind !== 'str' || name.kind !== 'str' || module.text === undefined || name.text === undefined || module.text === '' || name.text === '') {
          fail('STACK_GLOBAL needs a module and a name as strings');
        }
        push(resolve(module.text!, name.text!));
        break;
      }
      case 0x69: { // INST: names its class inline; the whitelist speaks first
        const module = line();
        const name = line();
        resolve(module, name);
        fail('INST creates class instances, which a state_dict never contains');
        break;
      }
      case 0x6f: // OBJ
      case 0x81: // NEWOBJ
      case 0x92: // NEWOBJ_EX
        fail(`${opName} creates class instances, which a state_dict never contains`);
        break;
      case 0x82: // EXT1
        options.refuseExtension(u8());
        break;
      case 0x83: // EXT2
        options.refuseExtension(u16());
        break;
      case 0x84: // EXT4
        options.refuseExtension(u32());
        break;
      case 0x52: { // REDUCE
        const args = pop();
        const callable = pop();
        if (callable.kind !== 'callable') fail(`REDUCE calls a ${callable.kind}, which is not callable`);
        expect(args, ['tuple'], 'the arguments of REDUCE');
        push({ kind: callable.makes! });
        break;
      }
      case 0x62: { // BUILD
        const state = pop();
        const target = top();
        // torch.save's OrderedDicts carry attribute state (`_metadata`); nothing else in a state_dict gets BUILD.
        if (target.kind !== 'dict') fail(`BUILD sets the state of a ${target.kind}; only dicts may have state in a state_dict`);
        if (state.kind !== 'dict' && state.kind !== 'none') fail(`BUILD state is a ${state.kind}, expected a dict`);
        if (state.dunderDictKey) fail('BUILD state has a "__dict__" key, which would inject dict entries');
        break;
      }
      case 0x51: // BINPERSID
        expect(pop(), ['tuple'], 'the persistent id');
        push({ kind: 'storage' });
        break;
      case 0x50: // PERSID: text ids; torch.save writes BINPERSID
        line();
        fail('text persistent ids are not storage references (torch.save writes BINPERSID)');
        break;
      case 0x97: // NEXT_BUFFER
      case 0x98: // READONLY_BUFFER
        fail('out-of-band buffers (protocol 5) are not used by torch.save');
        break;
      default:
        fail(`unknown opcode 0x${op.toString(16).padStart(2, '0')}`);
    }
  }
}
