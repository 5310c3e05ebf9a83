/**
 * The plotly.js source a notebook embeds once. plotly.js-dist 3.x ships only the 11 MB unminified
 * build, which would push the exported HTML past 10 MB; when no minified build is installed
 * (plotly.js-dist-min), it is minified here with esbuild (~1 s, once per kernel), which tsx
 * already brings along. Without esbuild the full build is used: bigger, but it works the same.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { plotlyBundleInfo } from '../figures/plotly-bundle.js';

export interface NotebookPlotlySource {
  readonly source: string;
  readonly version: string | undefined;
  /** How the source was obtained, for the set-up cell. */
  readonly origin: string;
}

interface EsbuildLike {
  transformSync(code: string, options: { minify: boolean; charset: 'utf8'; legalComments: 'inline' }): { code: string };
}

let cached: NotebookPlotlySource | undefined;

function loadEsbuild(): EsbuildLike | undefined {
  const bases = [path.join(process.cwd(), 'noop.js')];
  if (typeof __filename === 'string') bases.unshift(__filename);
  for (const base of bases) {
    try {
      // tsx depends on esbuild; resolved through tsx first so the version is the one tsx installed.
      const fromTsx = createRequire(createRequire(base).resolve('tsx/package.json'));
      return fromTsx('esbuild') as EsbuildLike;
    } catch {
      try {
        return createRequire(base)('esbuild') as EsbuildLike;
      } catch {
        // Not reachable from this base.
      }
    }
  }
  return undefined;
}

export function notebookPlotlySource(): NotebookPlotlySource {
  if (cached) return cached;
  const info = plotlyBundleInfo();
  const file = path.basename(info.path);
  if (file.endsWith('.min.js')) {
    cached = { source: info.source, version: info.version, origin: info.path };
    return cached;
  }
  const esbuild = loadEsbuild();
  if (!esbuild) {
    cached = { source: info.source, version: info.version, origin: `${info.path} (not minified: esbuild not found)` };
    return cached;
  }
  // charset utf8 keeps non-ASCII characters as they are (escaping them would grow the file).
  const minified = esbuild.transformSync(info.source, { minify: true, charset: 'utf8', legalComments: 'inline' }).code;
  cached = { source: minified, version: info.version, origin: `${info.path} (minified with esbuild)` };
  return cached;
}
