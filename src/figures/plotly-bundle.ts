/**
 * The plotly.js browser bundle, read from node_modules and cached, so pages can inline it and work
 * offline. Found with require.resolve: from this file when src is compiled to CommonJS
 * (__filename exists), else from the working directory (ESM under tsx has no __filename and src
 * may not use import.meta). FGSM_PLOTLY_BUNDLE overrides both, e.g. for a kernel started elsewhere.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { resolutionBases, resolveInstalled } from '../core/project-require.js';

/** Preferred first: the minified builds, then plotly.js-dist's full build (v3 ships only that one). */
const BUNDLE_CANDIDATES = ['plotly.js-dist-min/plotly.min.js', 'plotly.js-dist/plotly.min.js', 'plotly.js-dist/plotly.js'];

export interface PlotlyBundleInfo {
  readonly path: string;
  readonly source: string;
  /** From the bundle's header comment, e.g. "3.7.0". */
  readonly version: string | undefined;
}

let cached: PlotlyBundleInfo | undefined;

function locateBundle(): string {
  const override = process.env.FGSM_PLOTLY_BUNDLE;
  if (override) return path.resolve(override);
  for (const candidate of BUNDLE_CANDIDATES) {
    const found = resolveInstalled(candidate);
    if (found) return found;
  }
  throw new Error(
    `Cannot find the plotly.js bundle (${BUNDLE_CANDIDATES.join(', ')}) from ${resolutionBases().map((b) => path.dirname(b)).join(' or ')}. ` +
      'Fix: run `npm ci` in the fgsm-faces folder and start from there, or set FGSM_PLOTLY_BUNDLE to a plotly.min.js file.',
  );
}

/** The bundle with where it came from; read once per process. */
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
  cached = { path: file, source, version: /plotly\.js v(\d+\.\d+\.\d+\S*)/.exec(source.slice(0, 500))?.[1] };
  return cached;
}

/** The plotly.js bundle's JavaScript source (cached), e.g. for a notebook to inline once. */
export function plotlyBundle(): string {
  return plotlyBundleInfo().source;
}
