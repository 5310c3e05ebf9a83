/**
 * A minimal protocol-2 pickle writer: the opcodes torch.save itself emits for a state_dict, so the
 * result loads with torch.load (also with weights_only=True). pickleparser only reads, hence this.
 * Tests also use the raw opcode methods to build hostile pickles by hand.
 */

export class PickleWriter {
  private readonly chunks: number[] = [];
  private readonly encoder = new TextEncoder();

  private byte(...values: number[]): this {
    for (const v of values) this.chunks.push(v & 0xff);
    return this;
  }

  private u32(value: number): this {
    return this.byte(value, value >>> 8, value >>> 16, value >>> 24);
  }

  private bytes(data: Uint8Array): this {
    for (const b of data) this.chunks.push(b);
    return this;
  }

  proto(version = 2): this {
    return this.byte(0x80, version);
  }

  /** GLOBAL: pushes `module.name` (resolved by the unpickler). */
  global(module: string, name: string): this {
    return this.byte(0x63).bytes(this.encoder.encode(`${module}\n${name}\n`));
  }

  mark(): this {
    return this.byte(0x28);
  }

  /** TUPLE: everything since the last mark. */
  tuple(): this {
    return this.byte(0x74);
  }

  tuple1(): this {
    return this.byte(0x85);
  }

  emptyTuple(): this {
    return this.byte(0x29);
  }

  emptyDict(): this {
    return this.byte(0x7d);
  }

  /** REDUCE: callable(*args) with the two top stack items. */
  reduce(): this {
    return this.byte(0x52);
  }

  /** BINPERSID: persistent_load(top of stack). */
  binpersid(): this {
    return this.byte(0x51);
  }

  /** SETITEMS: key/value pairs since the last mark go into the dict below the mark. */
  setitems(): this {
    return this.byte(0x75);
  }

  /** SETITEM: one key/value pair into the dict below them. */
  setitem(): this {
    return this.byte(0x73);
  }

  /** BUILD: obj.__setstate__(state) with the two top stack items. */
  build(): this {
    return this.byte(0x62);
  }

  bool(value: boolean): this {
    return this.byte(value ? 0x88 : 0x89);
  }

  none(): this {
    return this.byte(0x4e);
  }

  int(value: number): this {
    if (!Number.isSafeInteger(value)) throw new Error(`PickleWriter.int: ${value} is not a safe integer`);
    if (value >= 0 && value < 0x100) return this.byte(0x4b, value);
    if (value >= 0 && value < 0x10000) return this.byte(0x4d, value, value >>> 8);
    if (value >= -(2 ** 31) && value < 2 ** 31) return this.byte(0x4a).u32(value >>> 0);
    // LONG1: minimal little-endian two's complement.
    const digits: number[] = [];
    let big = BigInt(value);
    for (;;) {
      const b = Number(big & 0xffn);
      digits.push(b);
      big >>= 8n;
      if ((big === 0n && !(b & 0x80)) || (big === -1n && b & 0x80)) break;
    }
    return this.byte(0x8a, digits.length, ...digits);
  }

  /** BINUNICODE: a Python str. */
  str(value: string): this {
    const data = this.encoder.encode(value);
    return this.byte(0x58).u32(data.length).bytes(data);
  }

  /** Raw opcode bytes, for hand-built (and hostile) pickles. */
  raw(...values: number[]): this {
    return this.byte(...values);
  }

  emptyList(): this {
    return this.byte(0x5d);
  }

  /** APPENDS: items since the last mark go into the list below the mark. */
  appends(): this {
    return this.byte(0x65);
  }

  /** BINFLOAT: a Python float (big-endian float64). */
  float(value: number): this {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setFloat64(0, value, false);
    return this.byte(0x47).bytes(bytes);
  }

  /** BINPUT: memo[index] = top of stack. */
  binput(index: number): this {
    return this.byte(0x71, index);
  }

  /** BINGET: push memo[index]. */
  binget(index: number): this {
    return this.byte(0x68, index);
  }

  stop(): Uint8Array {
    this.byte(0x2e);
    return Uint8Array.from(this.chunks);
  }
}

export interface PickledTensor {
  readonly name: string;
  readonly shape: readonly number[];
  /** The `data/<key>` record holding this tensor's float32 values. */
  readonly storageKey: string;
}

/** `OrderedDict(name -> _rebuild_tensor_v2(FloatStorage, 0, shape, contiguous strides, False, OrderedDict()))`. */
export function stateDictPickle(tensors: readonly PickledTensor[]): Uint8Array {
  const w = new PickleWriter().proto(2).global('collections', 'OrderedDict').emptyTuple().reduce().mark();
  for (const { name, shape, storageKey } of tensors) {
    const numel = shape.reduce((a, b) => a * b, 1);
    const strides = shape.map((_, d) => shape.slice(d + 1).reduce((a, b) => a * b, 1));
    w.str(name).global('torch._utils', '_rebuild_tensor_v2').mark();
    w.mark().str('storage').global('torch', 'FloatStorage').str(storageKey).str('cpu').int(numel).tuple().binpersid();
    w.int(0);
    w.mark();
    for (const n of shape) w.int(n);
    w.tuple().mark();
    for (const s of strides) w.int(s);
    w.tuple().bool(false).global('collections', 'OrderedDict').emptyTuple().reduce().tuple().reduce();
  }
  return w.setitems().stop();
}
