/**
 * Just enough zip for torch.save archives. Reading parses the central directory by hand so that
 * sizes are checked against the file BEFORE anything is allocated, stored entries come back as
 * views (no copy of a 170 MB model), only the entries asked for are touched, and CRCs are checked.
 * fflate's unzipSync does not fit: it silently clamps truncated entries and allocates whatever
 * size a (possibly hostile) directory declares. fflate still inflates deflated entries.
 * Writing produces stored entries aligned to 64 bytes, like PyTorch's own writer.
 */
import { inflateSync } from 'fflate';
import { crc32 } from 'node:zlib';
import { WeightsError, clip } from './errors.js';

export interface ZipEntry {
  readonly name: string;
  /** 0 = stored, 8 = deflated. */
  readonly method: number;
  readonly compressedSize: number;
  /** Uncompressed size as declared by the directory; validated against the file before use. */
  readonly size: number;
  readonly crc32: number;
  readonly dataOffset: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
/** Deflate cannot expand data more than ~1032:1; a larger declared size is a lie. */
const MAX_DEFLATE_RATIO = 1032;

export function hasZipMagic(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5) && (bytes[3] === 4 || bytes[3] === 6);
}

/** Bounds-checked little-endian reads; any read past the end means a truncated archive. */
class Reader {
  private readonly view: DataView;
  constructor(
    readonly bytes: Uint8Array,
    private readonly fail: (why: string) => never,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  private check(offset: number, length: number): void {
    if (!Number.isSafeInteger(offset) || offset < 0 || offset + length > this.bytes.length) this.fail('a zip record points past the end of the file');
  }
  u16(offset: number): number {
    this.check(offset, 2);
    return this.view.getUint16(offset, true);
  }
  u32(offset: number): number {
    this.check(offset, 4);
    return this.view.getUint32(offset, true);
  }
  u64(offset: number): number {
    const value = this.u32(offset) + this.u32(offset + 4) * 2 ** 32;
    if (!Number.isSafeInteger(value)) this.fail('a zip64 size is larger than 2^53');
    return value;
  }
  slice(offset: number, length: number): Uint8Array {
    this.check(offset, length);
    return this.bytes.subarray(offset, offset + length);
  }
}

function findEndOfDirectory(r: Reader): number {
  const lowest = Math.max(0, r.bytes.length - 22 - 0xffff);
  for (let at = r.bytes.length - 22; at >= lowest; at--) {
    if (r.bytes[at] === 0x50 && r.u32(at) === EOCD) return at;
  }
  return -1;
}

/** Values from the zip64 extra field (id 1), present only for the fields that overflowed 32 bits. */
function applyZip64Extra(r: Reader, extraStart: number, extraLength: number, fields: { size: number; compressedSize: number; offset: number }): void {
  let at = extraStart;
  const end = extraStart + extraLength;
  while (at + 4 <= end) {
    const id = r.u16(at);
    const length = r.u16(at + 2);
    if (id === 1) {
      let p = at + 4;
      if (fields.size === 0xffffffff) {
        fields.size = r.u64(p);
        p += 8;
      }
      if (fields.compressedSize === 0xffffffff) {
        fields.compressedSize = r.u64(p);
        p += 8;
      }
      if (fields.offset === 0xffffffff) fields.offset = r.u64(p);
      return;
    }
    at += 4 + length;
  }
}

/**
 * Lists the archive's entries with validated offsets. Throws a WeightsError('corrupt-zip') naming
 * `fileName` when the directory is missing (truncated download) or inconsistent.
 */
export function readZipDirectory(bytes: Uint8Array, fileName: string): Map<string, ZipEntry> {
  const fail = (why: string): never => {
    throw new WeightsError('corrupt-zip', fileName, `the zip archive is truncated or corrupted (${why}). Re-download the file or re-save it with torch.save.`);
  };
  const r = new Reader(bytes, fail);
  const eocd = findEndOfDirectory(r);
  if (eocd < 0) fail('no end-of-central-directory record; the end of the file is missing');
  let count = r.u16(eocd + 10);
  let directoryOffset = r.u32(eocd + 16);
  if (eocd >= 20 && r.u32(eocd - 20) === ZIP64_LOCATOR) {
    const zip64 = r.u64(eocd - 12);
    if (r.u32(zip64) !== ZIP64_EOCD) fail('bad zip64 end-of-directory record');
    count = r.u64(zip64 + 32);
    directoryOffset = r.u64(zip64 + 48);
  }
  const entries = new Map<string, ZipEntry>();
  let at = directoryOffset;
  for (let i = 0; i < count; i++) {
    if (r.u32(at) !== CENTRAL) fail(`directory entry ${i} has a bad signature`);
    const flags = r.u16(at + 8);
    const method = r.u16(at + 10);
    const crc = r.u32(at + 16);
    const fields = { compressedSize: r.u32(at + 20), size: r.u32(at + 24), offset: r.u32(at + 42) };
    const nameLength = r.u16(at + 28);
    const extraLength = r.u16(at + 30);
    const commentLength = r.u16(at + 32);
    const name = new TextDecoder().decode(r.slice(at + 46, nameLength));
    applyZip64Extra(r, at + 46 + nameLength, extraLength, fields);
    at += 46 + nameLength + extraLength + commentLength;

    if (entries.has(name)) fail(`entry ${clip(JSON.stringify(name))} appears twice; readers would disagree on which one counts`);
    if (flags & 1) fail(`entry ${clip(JSON.stringify(name))} is encrypted`);
    if (method !== 0 && method !== 8) fail(`entry ${clip(JSON.stringify(name))} uses unsupported compression method ${method}`);
    if (r.u32(fields.offset) !== LOCAL) fail(`entry ${clip(JSON.stringify(name))} has no local header`);
    const dataOffset = fields.offset + 30 + r.u16(fields.offset + 26) + r.u16(fields.offset + 28);
    if (dataOffset + fields.compressedSize > bytes.length) fail(`entry ${clip(JSON.stringify(name))} extends past the end of the file`);
    if (method === 0 && fields.size !== fields.compressedSize) fail(`stored entry ${clip(JSON.stringify(name))} has inconsistent sizes`);
    if (method === 8 && fields.size > fields.compressedSize * MAX_DEFLATE_RATIO + 1024) fail(`entry ${clip(JSON.stringify(name))} declares an impossible uncompressed size`);
    entries.set(name, { name, method, compressedSize: fields.compressedSize, size: fields.size, crc32: crc, dataOffset });
  }
  return entries;
}

/** The entry's bytes: a view for stored entries, a fresh buffer for deflated ones; CRC checked. */
export function readZipEntry(bytes: Uint8Array, entry: ZipEntry, fileName: string): Uint8Array {
  const raw = bytes.subarray(entry.dataOffset, entry.dataOffset + entry.compressedSize);
  let data: Uint8Array;
  if (entry.method === 0) {
    data = raw;
  } else {
    try {
      data = inflateSync(raw, { out: new Uint8Array(entry.size) });
    } catch (error) {
      throw new WeightsError('corrupt-zip', fileName, `entry ${JSON.stringify(entry.name)} cannot be decompressed (${(error as Error).message}). Re-download or re-save the file.`);
    }
  }
  if (data.length !== entry.size || crc32(data) !== entry.crc32) {
    throw new WeightsError('corrupt-zip', fileName, `entry ${JSON.stringify(entry.name)} is corrupted (size or CRC-32 does not match the zip directory). Re-download or re-save the file.`);
  }
  return data;
}

export interface ZipInput {
  readonly name: string;
  readonly data: Uint8Array;
}

/** PyTorch pads local headers with an extra field of this id so that tensor data is 64-byte aligned. */
const PADDING_FIELD_ID = 0x4246; // "FB"
const ALIGNMENT = 64;
const DOS_DATE_1980_01_01 = 0x21; // fixed timestamp: identical inputs give identical archives

/** A zip of stored (uncompressed) entries whose data start on 64-byte boundaries. */
export function writeStoredZip(files: readonly ZipInput[]): Uint8Array {
  const encoder = new TextEncoder();
  const locals: { name: Uint8Array; padding: number; offset: number; crc: number; data: Uint8Array }[] = [];
  let offset = 0;
  for (const file of files) {
    const name = encoder.encode(file.name);
    const headerEnd = offset + 30 + name.length + 4;
    const padding = (ALIGNMENT - (headerEnd % ALIGNMENT)) % ALIGNMENT;
    locals.push({ name, padding, offset, crc: crc32(file.data), data: file.data });
    offset = headerEnd + padding + file.data.length;
  }
  const directoryOffset = offset;
  const directorySize = locals.reduce((sum, l) => sum + 46 + l.name.length, 0);
  const total = directoryOffset + directorySize + 22;
  if (total > 0xffffffff || locals.length > 0xffff) {
    throw new Error(`Cannot write a zip of ${total} bytes / ${locals.length} entries: archives over 4 GiB (zip64) are not supported by this writer.`);
  }
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  const UTF8_FLAG = 0x0800;
  for (const l of locals) {
    let p = l.offset;
    view.setUint32(p, LOCAL, true);
    view.setUint16(p + 4, 20, true); // version needed
    view.setUint16(p + 6, UTF8_FLAG, true);
    view.setUint16(p + 8, 0, true); // stored
    view.setUint16(p + 10, 0, true); // time
    view.setUint16(p + 12, DOS_DATE_1980_01_01, true);
    view.setUint32(p + 14, l.crc, true);
    view.setUint32(p + 18, l.data.length, true);
    view.setUint32(p + 22, l.data.length, true);
    view.setUint16(p + 26, l.name.length, true);
    view.setUint16(p + 28, 4 + l.padding, true);
    out.set(l.name, p + 30);
    p += 30 + l.name.length;
    view.setUint16(p, PADDING_FIELD_ID, true);
    view.setUint16(p + 2, l.padding, true);
    out.fill(0x5a, p + 4, p + 4 + l.padding); // 'Z', as PyTorch pads
    out.set(l.data, p + 4 + l.padding);
  }
  let p = directoryOffset;
  for (const l of locals) {
    view.setUint32(p, CENTRAL, true);
    view.setUint16(p + 4, 20, true); // version made by
    view.setUint16(p + 6, 20, true); // version needed
    view.setUint16(p + 8, UTF8_FLAG, true);
    view.setUint16(p + 10, 0, true);
    view.setUint16(p + 12, 0, true);
    view.setUint16(p + 14, DOS_DATE_1980_01_01, true);
    view.setUint32(p + 16, l.crc, true);
    view.setUint32(p + 20, l.data.length, true);
    view.setUint32(p + 24, l.data.length, true);
    view.setUint16(p + 28, l.name.length, true);
    // extra, comment, disk, internal and external attributes stay 0
    view.setUint32(p + 42, l.offset, true);
    out.set(l.name, p + 46);
    p += 46 + l.name.length;
  }
  view.setUint32(p, EOCD, true);
  view.setUint16(p + 8, locals.length, true);
  view.setUint16(p + 10, locals.length, true);
  view.setUint32(p + 12, directorySize, true);
  view.setUint32(p + 16, directoryOffset, true);
  return out;
}
