/**
 * Finding installed packages without `import.meta` (which src may not use: the tslab kernel compiles
 * src to CommonJS, and Node would then load the file as an ES module and fail). Resolution starts
 * from this file when it is compiled to CommonJS (__filename exists), else from the working folder,
 * then from the running script (an installed `fgsm-faces` command started from any folder).
 */
import { createRequire } from 'node:module';
import path from 'node:path';

export function resolutionBases(): string[] {
  const bases: string[] = [];
  if (typeof __filename === 'string') bases.push(__filename);
  bases.push(path.join(process.cwd(), 'noop.js'));
  if (process.argv[1]) bases.push(path.resolve(process.argv[1]));
  return bases;
}

/** `require.resolve(specifier)` from the first base that has it; undefined when none does. */
export function resolveInstalled(specifier: string): string | undefined {
  for (const base of resolutionBases()) {
    try {
      return createRequire(base).resolve(specifier);
    } catch {
      // Not installed from this base; try the next.
    }
  }
  return undefined;
}

/** `require(specifier)` for a CommonJS package, with a clear error when it is not installed. */
export function requireInstalled<T>(specifier: string, fix: string): T {
  const resolved = resolveInstalled(specifier);
  if (!resolved) throw new Error(`Cannot find ${specifier} from ${resolutionBases().map((b) => path.dirname(b)).join(' or ')}. Fix: ${fix}`);
  return createRequire(resolved)(resolved) as T;
}
