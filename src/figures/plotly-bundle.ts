/**
 * The plotly.js browser bundle, read from node_modules, minified once and cached, so pages (the
 * results' HTML figures, the notebook) can inline it and work offline. plotly.js-dist 3.x ships
 * only its 11 MB unminified build; esbuild (a dependency) minifies it to ~4.9 MB in about two
 * seconds, which keeps an exported notebook under 10 MB. Found with require.resolve (see
 * core/project-require.ts); FGSM_PLOTLY_BUNDLE overrides it, e.g. for a kernel started elsewhere.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { requireInstalled, resolutionBases, resolveInstalled } from '../core/project-require.js';

const BUNDLE = 'plotly.js-dist/plotly.js';

export interface PlotlyBundleInfo {
  /** The file read. */
  readonly path: string;
  /** The JavaScript to inline (minified unless the file already was). */
  readonly source: string;
  /** From the bundle's header comment, e.g. "3.7.0". */
  readonly version: string | undefined;
  /** Where the source came from and how, for the notebook's set-up cell. */
  readonly origin: string;
}

interface Esbuild {
  transformSync(code: string, options: { minify: boolean; charset: 'utf8'; legalComments: 'inline' }): { code: string };
}

let cached: PlotlyBundleInfo | undefined;

function locateBundle(): string {
  const override = process.env.FGSM_PLOTLY_BUNDLE;
  if (override) return path.resolve(override);
  const found = resolveInstalled(BUNDLE);
  if (found) return found;
  throw new Error(
    `Cannot find the plotly.js bundle (${BUNDLE}) from ${resolutionBases().map((b) => path.dirname(b)).join(' or ')}. ` +
      'Fix: run `npm ci` in the fgsm-faces folder and start from there, or set FGSM_PLOTLY_BUNDLE to a plotly.min.js file.',
  );
}

/** The bundle with where it came from; read (and minified) once per process. */
export function plotlyBundleInfo(): PlotlyBundleInfo {
  if (cached) return cached;
  const file = locateBundle();
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`Cannot read the plotly.js bundle ${file}: ${(error as Error).message}. Fix: reinstall with \`npm ci\` or correct FGSM_PLOTLY_BUNDLE.`);
  }
  if (!source.includes('Plotly')) throw new Error(`${file} does not look like a plotly.js bundle. Fix: point FGSM_PLOTLY_BUNDLE at plotly.min.js or reinstall with \`npm ci\`.`);
  const version = /plotly\.js v(\d+\.\d+\.\d+\S*)/.exec(source.slice(0, 500))?.[1];
  if (file.endsWith('.min.js')) {
    cached = { path: file, source, version, origin: file };
  } else {
    const esbuild = requireInstalled<Esbuild>('esbuild', 'run `npm ci` in the fgsm-faces folder (esbuild minifies plotly.js for the pages).');
    // charset utf8 keeps non-ASCII characters as they are (escaping them would grow the file).
    const minified = esbuild.transformSync(source, { minify: true, charset: 'utf8', legalComments: 'inline' }).code;
    cached = { path: file, source: minified, version, origin: `${file} (minified with esbuild)` };
  }
  return cached;
}

/** The plotly.js bundle's JavaScript source (cached), e.g. for a notebook to inline once. */
export function plotlyBundle(): string {
  return plotlyBundleInfo().source;
}
