/**
 * The `<root>/Faces/` folder: listing its images and checking that index ids stay inside it.
 */
import { readdir } from 'node:fs/promises';
import { join, posix, win32 } from 'node:path';
import { compareCodePoints, hasImageExtension } from './face-names.js';

export const FACES_FOLDER = 'Faces';

/** Image files under `facesDir`, as `/`-separated paths relative to it, sorted. Hidden entries are skipped. */
export async function listFaceImages(facesDir: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string, prefix: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue; // .DS_Store, ._AppleDouble files, .git
      const relative = prefix + entry.name;
      if (entry.isDirectory()) await walk(join(dir, entry.name), relative + '/');
      else if (hasImageExtension(entry.name)) found.push(relative);
    }
  };
  await walk(facesDir, '');
  return found.sort(compareCodePoints);
}

/**
 * Why an index id may not be used as a path under Faces/ (null when it is safe): absolute paths
 * and `..` would read files outside the dataset folder.
 */
export function unsafeIdReason(id: string): string | null {
  if (id.includes('\0')) return 'contains a NUL character';
  if (posix.isAbsolute(id) || win32.isAbsolute(id) || /^[a-zA-Z]:/.test(id)) return 'is an absolute path';
  if (id.split(/[\\/]/).includes('..')) return 'contains `..`';
  // `.`, `./` or `sub/` would make the Faces/ folder (or a subfolder) itself a sample.
  const normal = posix.normalize(id);
  if (normal === '.' || normal.endsWith('/')) return 'names a folder, not an image file';
  return null;
}

/** The id as a clean relative path (`./a.jpg` -> `a.jpg`, `a//b.jpg` -> `a/b.jpg`); call only on safe ids. */
export function normaliseId(id: string): string {
  return posix.normalize(id);
}
