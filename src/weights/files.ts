/** File helpers shared by the weight formats: readable errors for missing files, atomic writes. */
import { randomBytes } from 'node:crypto';
import { readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { WeightsError } from './errors.js';

/** Reads a whole file; a missing path or a directory becomes a WeightsError naming it. */
export async function readWeightsFile(path: string): Promise<Uint8Array> {
  try {
    const buffer = await readFile(path);
    // A plain Uint8Array view: Buffer's slice() shares memory, which the decoders must not trip over.
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new WeightsError('missing-file', path, 'file not found. Check the path (relative paths start at the current directory).');
    if (code === 'EISDIR') throw new WeightsError('missing-file', path, 'is a directory, not a weights file. Pass the .pth or .json file inside it.');
    throw new WeightsError('missing-file', path, `cannot be read (${(error as Error).message}).`);
  }
}

/**
 * Writes via a temporary file in the same folder and a rename, so readers never see half a file
 * and an interrupted save leaves the previous version intact.
 */
export async function writeFileAtomic(path: string, data: Uint8Array | string): Promise<void> {
  const temporary = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await writeFile(temporary, data);
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw new WeightsError('missing-file', path, `cannot be written (${(error as Error).message}). Check that the folder exists and is writable.`);
  }
}
