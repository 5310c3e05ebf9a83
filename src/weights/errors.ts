/**
 * The one error type of the weights layer. Every message starts with the file it is about and
 * ends with what to do, so the CLI and the notebook can print `message` without a stack trace.
 */

export type WeightsErrorCode =
  | 'missing-file'
  | 'unknown-format'
  | 'legacy-format'
  | 'corrupt-zip'
  | 'not-state-dict'
  | 'forbidden-global'
  | 'unsupported-dtype'
  | 'bad-tensor'
  | 'non-finite'
  | 'mismatch'
  | 'bad-manifest'
  | 'bad-metadata';

export class WeightsError extends Error {
  override readonly name = 'WeightsError';
  constructor(
    readonly code: WeightsErrorCode,
    /** The file the error is about, as the caller named it. */
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
  }
}

/** `a, b, c and 7 more`: a long list of names cut down for an error message. */
export function listSome(items: readonly string[], max = 8, separator = ', '): string {
  const shown = items.slice(0, max).map(clip);
  const rest = items.length - shown.length;
  return rest > 0 ? `${shown.join(separator)} and ${rest} more` : shown.join(separator);
}

const MAX_ITEM_CHARS = 120;

/** Keeps a message one short line whatever a hostile file names its entries: control characters escaped, long names cut. */
export function clip(item: string): string {
  // eslint-disable-next-line no-control-regex
  const flat = item.replace(/[\x00-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return flat.length > MAX_ITEM_CHARS ? `${flat.slice(0, MAX_ITEM_CHARS)}...` : flat;
}

export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} bytes` : `${value.toFixed(1)} ${units[unit]}`;
}

/** What the first bytes of an unrecognised file look like, for "not a weights file" messages. */
export function describeFileStart(bytes: Uint8Array): string {
  const head = bytes.subarray(0, 16);
  const hex = [...head].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  const text = new TextDecoder('latin1').decode(head);
  return /^[\x20-\x7e\t\r\n]+$/.test(text) ? `it starts with the text ${JSON.stringify(text)}` : `its first bytes are ${hex}`;
}
