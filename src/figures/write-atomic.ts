/**
 * Writes via a temporary file in the same folder and a rename, so a viewer (or a notebook reading
 * the figure) never sees half a PNG or HTML page, and a failed write leaves the old file intact.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export async function writeFileAtomic(path: string, data: Uint8Array | string): Promise<void> {
  const temporary = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(temporary, data);
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw new Error(`Cannot write ${path}: ${(error as Error).message}. Check that the folder is writable and the disk is not full.`);
  }
}
