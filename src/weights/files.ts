/** File helpers shared by the weight formats: readable errors for missing files, atomic writes. */
import { readFile } from 'node:fs/promises';
import { FileWriteError, writeFileAtomically } from '../core/atomic-write.js';
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

/** The one atomic writer, with its failure as a WeightsError naming the file. */
export async function writeFileAtomic(path: string, data: Uint8Array | string): Promise<void> {
  try {
    await writeFileAtomically(path, data);
  } catch (error) {
    const reason = error instanceof FileWriteError ? error.reason : (error as Error).message;
    throw new WeightsError('missing-file', path, `cannot be written (${reason}). Check that the folder exists and is writable.`);
  }
}
