/**
 * Typed errors of the data layer. Each message names the file(s) or rows at fault and says how to
 * fix it, so a user never has to read a stack trace to know what went wrong.
 */

export type DatasetErrorCode =
  | 'missing-root'
  | 'missing-faces-folder'
  | 'missing-index'
  | 'unreadable-index'
  | 'malformed-row'
  | 'unsafe-id'
  | 'duplicate-id'
  | 'bad-label'
  | 'missing-images'
  | 'empty-index'
  | 'bad-split-file'
  | 'split-mismatch';

/** A problem with the dataset folder, its index CSV or a split file. */
export class DatasetError extends Error {
  override readonly name = 'DatasetError';
  constructor(
    readonly code: DatasetErrorCode,
    message: string,
    /** The files (or CSV rows as `file`) the error is about, for programs that want to act on them. */
    readonly files: readonly string[] = [],
  ) {
    super(message);
  }
}

/** An image file that cannot be read or decoded (missing, corrupt, truncated, unknown format). */
export class ImageDecodeError extends Error {
  override readonly name = 'ImageDecodeError';
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`Cannot decode image ${file}: ${reason}. Fix: replace or delete the file (batching skips it and reports it).`);
  }
}

/** `a, b, c and 7 more`: names a few items of a possibly long list in an error message. */
export function describeSome(items: readonly string[], max = 5): string {
  const shown = items.slice(0, max);
  const rest = items.length - shown.length;
  return rest > 0 ? `${shown.join(', ')} and ${rest} more` : shown.join(', ');
}

/** File names quoted for messages: they may contain spaces and commas. */
export function quoted(items: readonly string[]): string[] {
  return items.map((s) => JSON.stringify(s));
}
