/**
 * Results files are written whole or not at all: the content goes to a hidden temporary file in
 * the same folder, which is renamed over the final name only once complete. A crash or Ctrl-C
 * therefore never leaves a truncated file under a real name.
 */
import { randomBytes } from 'node:crypto';
import { rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';

/** A hidden sibling path that keeps the extension (some producers pick the format from it). */
export function temporaryPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp${extname(path)}`);
}

/** Lets `produce` write the file at a temporary path, then renames it to `path`. */
export async function produceFileAtomically(path: string, produce: (temporaryPath: string) => Promise<void>): Promise<void> {
  const temporary = temporaryPathFor(path);
  try {
    await produce(temporary);
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}

export function writeFileAtomically(path: string, data: string | Uint8Array): Promise<void> {
  return produceFileAtomically(path, (temporary) => writeFile(temporary, data));
}

export function writeJsonAtomically(path: string, value: unknown): Promise<void> {
  return writeFileAtomically(path, `${JSON.stringify(value, null, 2)}\n`);
}
