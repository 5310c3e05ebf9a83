/** The families by name, loaded lazily: a worker imports only its own (sharp and danfo are heavy). */
import type { Family } from '../types.js';

const LOADERS: Readonly<Record<string, () => Promise<Family>>> = {
  'pth-pickle': () => import('./pth.js').then((m) => m.pthPickleFamily),
  'pth-zip': () => import('./pth.js').then((m) => m.pthZipFamily),
  'pth-storage': () => import('./pth.js').then((m) => m.pthStorageFamily),
  images: () => import('./images.js').then((m) => m.imagesFamily),
  csv: () => import('./csv.js').then((m) => m.csvFamily),
  'faceapi-manifest': () => import('./faceapi-manifest.js').then((m) => m.faceApiManifestFamily),
  'face-photos': () => import('./face-photos.js').then((m) => m.facePhotosFamily),
  // Checks the harness itself (tests only): input 1 hangs, input 2 kills its process, input 3 throws.
  _selftest: () => import('./selftest.js').then((m) => m.selfTestFamily),
};

/** The families a run covers by default. */
export const FAMILY_NAMES: readonly string[] = Object.keys(LOADERS).filter((name) => !name.startsWith('_'));

export const isFamily = (name: string): boolean => Object.hasOwn(LOADERS, name);

export function loadFamily(name: string): Promise<Family> {
  const load = isFamily(name) ? LOADERS[name] : undefined;
  if (!load) throw new Error(`Unknown fuzz family "${name}"; known: ${FAMILY_NAMES.join(', ')}`);
  return load();
}
