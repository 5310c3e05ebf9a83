/**
 * The set-up cell: choose the tfjs backend, embed plotly.js, and show what runs the notebook
 * (versions, backend, paths), so a reader of the exported report knows where the numbers came from.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { initBackend, type BackendChoice, type BackendPreference } from '../engines/tfjs/backend.js';
import { findChromium } from '../figures/chromium.js';
import { DEFAULT_RESULTS_DIR, REAL_DATA_DIR, defaultDataDir, defaultModelsDir } from '../study/defaults.js';
import { findBundledWeights } from '../study/weights-info.js';
import { plotlyBundleInfo } from '../figures/plotly-bundle.js';
import { notebookText } from './locale.js';
import { initPlotly } from './plotly.js';
import { showKeyValues } from './table.js';

const say = notebookText.t.notebook.environment;

export interface NotebookSetup {
  readonly backend: BackendChoice;
  /** Dataset folder used by default: the real one if present, else the synthetic sample. */
  readonly dataDir: string;
  readonly modelsDir: string;
  readonly resultsDir: string;
  /** Weights files found in modelsDir (our format), by name. */
  readonly bundledModels: readonly string[];
}

function packageVersion(name: string): string {
  try {
    const require = createRequire(path.join(process.cwd(), 'noop.js'));
    return (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version;
  } catch {
    return say.notInstalled;
  }
}

function chromiumDescription(): string {
  try {
    return findChromium() ?? say.chromiumMissing;
  } catch (error) {
    return (error as Error).message;
  }
}

export async function setUpNotebook(options: { backend?: BackendPreference; quiet?: boolean } = {}): Promise<NotebookSetup> {
  // The backend's one-line choice would otherwise go to stderr, which notebooks show in red.
  const backend = await initBackend({ prefer: options.backend, log: () => undefined });
  const dataDir = defaultDataDir();
  const modelsDir = defaultModelsDir();
  const bundled = await findBundledWeights(modelsDir);
  const setup: NotebookSetup = {
    backend,
    dataDir,
    modelsDir,
    resultsDir: DEFAULT_RESULTS_DIR,
    bundledModels: bundled.map((b) => b.path),
  };
  initPlotly();
  if (options.quiet) return setup;
  const plotly = plotlyBundleInfo();
  showKeyValues(
    [
      ['Node.js', process.version],
      [say.cellTypeScript, `${packageVersion('tslab')} / ${packageVersion('@tslab/typescript-for-tslab')}`],
      ['TensorFlow.js', packageVersion('@tensorflow/tfjs-core')],
      [say.backend, say.backendHint(backend.detail)],
      ['danfo.js', packageVersion('danfojs-node')],
      ['plotly.js', `${plotly.version ?? '?'} (${plotly.origin.replace(`${process.cwd()}${path.sep}`, '')})`],
      [say.chromium, chromiumDescription()],
      // The kernel's folder, as the repository folder's name: the full path is of no use in a saved report.
      [say.workingDirectory, say.repositoryRoot(path.basename(process.cwd()))],
      [say.data, `${dataDir}${dataDir === REAL_DATA_DIR ? '' : say.syntheticSample}`],
      [say.bundledModels, setup.bundledModels.length > 0 ? setup.bundledModels.join(', ') : say.noModels(setup.modelsDir)],
      [say.results, `${DEFAULT_RESULTS_DIR}/`],
    ],
    say.caption,
  );
  return setup;
}
