/**
 * Files are written whole or not at all: the content goes to a hidden temporary file in the same
 * folder, is flushed to disk (fsync), renamed over the final name, and the folder itself is
 * flushed so the rename survives a power cut. A crash, Ctrl-C or kill therefore never leaves a
 * truncated file under a real name, and a failed write leaves the previous version intact.
 * This is the project's one atomic writer (results, figures, weights, split files).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';

/** A write that failed; the message names the file and the fix. */
export class FileWriteError extends Error {
  override readonly name = 'FileWriteError';
  constructor(
    readonly path: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`cannot write ${path}: ${reason}. Fix: check that the folder exists and is writable and that the disk is not full.`, options);
  }
}

/**
 * A hidden sibling path that keeps the extension (some producers pick the format from it) and
 * names this process, so a later run can recognise and remove what a killed one left behind.
 */
export function temporaryPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp${extname(path)}`);
}

/** Flushes a file or folder to disk; folders cannot be opened for fsync on some systems (Windows). */
export async function syncToDisk(path: string): Promise<void> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if (['EISDIR', 'EPERM', 'EACCES'].includes((error as NodeJS.ErrnoException).code ?? '')) return;
    throw error;
  }
  try {
    await handle.sync();
  } catch (error) {
    // Some file systems refuse fsync on folders (EINVAL); the data itself was synced.
    if (!['EINVAL', 'EISDIR', 'EPERM', 'EBADF'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
  } finally {
    await handle.close();
  }
}

export interface AtomicWriteOptions {
  /** Create the file's folder first (figures written next to their HTML, models/ subfolders). */
  readonly makeFolder?: boolean;
}

/** Lets `produce` write the file at a temporary path, then flushes it and renames it to `path`. */
export async function produceFileAtomically(path: string, produce: (temporaryPath: string) => Promise<void>, options: AtomicWriteOptions = {}): Promise<void> {
  const temporary = temporaryPathFor(path);
  try {
    if (options.makeFolder) await mkdir(dirname(path), { recursive: true });
    await produce(temporary);
    await syncToDisk(temporary);
    await rename(temporary, path);
    await syncToDisk(dirname(path));
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw new FileWriteError(path, (error as Error).message, { cause: error });
  }
}

export function writeFileAtomically(path: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  return produceFileAtomically(path, (temporary) => writeFile(temporary, data), options);
}

export function writeJsonAtomically(path: string, value: unknown, options: AtomicWriteOptions = {}): Promise<void> {
  return writeFileAtomically(path, `${JSON.stringify(value, null, 2)}\n`, options);
}
