/**
 * Checks, before any slow work, that a folder can receive files: it is created if needed and a
 * probe file is written and removed. (Permission bits are not enough: root ignores them.)
 */
import { mkdir, unlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ConfigError } from './errors.js';

export async function ensureWritableDirectory(dir: string, flag: string): Promise<void> {
  const probe = join(dir, `.fgsm-faces-write-test-${process.pid}`);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(probe, '');
    await unlink(probe);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOTDIR' || code === 'EEXIST'
        ? 'a file is in the way (the path or one of its parents is a regular file)'
        : code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
          ? 'permission denied'
          : (error as Error).message;
    throw new ConfigError(`cannot write to ${resolve(dir)}: ${why}. Fix: choose another ${flag} folder.`);
  }
}
