/**
 * The package's own files (the bundled faces and models) wherever fgsm-faces runs from: the
 * repository (tsx, tslab) or an installed copy under node_modules (`npm i fgsm-faces`, `npx`).
 * Found through Node's self-reference of 'fgsm-faces/package.json' (package.json `exports` lists
 * it), since src may not use import.meta (see project-require.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { resolveInstalled } from './project-require.js';

let cachedRoot: string | null | undefined;

/** The folder holding fgsm-faces' package.json; undefined when it cannot be found. */
export function packageRoot(): string | undefined {
  if (cachedRoot === undefined) {
    const manifest = resolveInstalled('fgsm-faces/package.json');
    cachedRoot = manifest ? path.dirname(manifest) : null;
  }
  return cachedRoot ?? undefined;
}

/**
 * A bundled file or folder, given relative to the package root ('models', 'data/sample_faces'):
 * the working folder's copy when it has one (the repository, or a project with its own models/),
 * else the installed package's. Unchanged when neither exists, so errors name the path asked for.
 */
export function bundledPath(relativePath: string): string {
  if (existsSync(relativePath)) return relativePath;
  const root = packageRoot();
  const inPackage = root === undefined ? undefined : path.join(root, relativePath);
  return inPackage !== undefined && existsSync(inPackage) ? inPackage : relativePath;
}

/** fgsm-faces' version, from its package.json ('unknown' when the package cannot be found). */
export function packageVersion(): string {
  const root = packageRoot();
  if (root === undefined) return 'unknown';
  const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version?: unknown };
  return typeof manifest.version === 'string' ? manifest.version : 'unknown';
}
