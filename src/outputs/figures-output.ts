/**
 * The one place the study and the training run turn results into figure files (src/figures does
 * the drawing): `<base>.html` always (interactive, offline), `<base>.png` when a Chromium is found.
 * The browser is started on the first PNG and shared; without one, the user is told ONCE how to
 * get PNGs and the HTML files are still written.
 */
import type { SweepOutput, SweepResults } from '../eval/sweep.js';
import {
  accuracyFigure,
  examplesGridPng,
  lazyPngRenderer,
  modelsComparisonFigure,
  trainingCurveFigure,
  writeFigureHtml,
  type LazyPngRenderer,
  type PlotlyFigure,
} from '../figures/index.js';
import type { EpochRecord } from '../train/trainer.js';
import { writeFileAtomically } from '../core/atomic-write.js';

export interface FigureOutputOptions {
  /** Also write PNGs (needs Chromium). Default true. */
  readonly png?: boolean;
  readonly warn: (message: string) => void;
}

export interface FigureOutput {
  /** accuracy vs epsilon of one model: `<base>.html` (+ `.png`). Returns the files written. */
  accuracy(results: SweepResults, base: string): Promise<string[]>;
  /** All models side by side: `<base>.html` (+ `.png`). */
  comparison(results: readonly SweepResults[], base: string): Promise<string[]>;
  /** Loss and accuracy per epoch: `<base>.html` (+ `.png`). */
  trainingCurve(history: readonly EpochRecord[], base: string, title: string): Promise<string[]>;
  /** The grid of adversarial examples with names and confidences (a PNG, no browser needed). */
  examples(output: SweepOutput, classNames: readonly string[], pngPath: string): Promise<string[]>;
  close(): Promise<void>;
}

/** Pixel sizes of the PNGs; the comparison widens with the number of models. */
export const ACCURACY_PNG_SIZE = { width: 1000, height: 600 } as const;
export const TRAINING_PNG_SIZE = { width: 1000, height: 600 } as const;
export function comparisonPngSize(models: number): { width: number; height: number } {
  return { width: Math.min(4000, Math.max(1000, 480 * models)), height: 600 };
}

/** A run's PNG renderer (study, training, robustness); without a Chromium the user hears once that the HTML is complete. */
export function runPngRenderer(warn: (message: string) => void): LazyPngRenderer {
  return lazyPngRenderer((reason) => warn(`PNG figures skipped: ${reason}. The HTML figures are complete.`));
}

export function openFigureOutput(options: FigureOutputOptions): FigureOutput {
  const wantPng = options.png ?? true;
  const renderer = runPngRenderer(options.warn);

  const write = async (figure: PlotlyFigure, base: string, size: { width: number; height: number }, title: string): Promise<string[]> => {
    const html = `${base}.html`;
    await writeFigureHtml(html, [{ figure, height: size.height }], { title });
    const files = [html];
    const png = wantPng ? await renderer.get() : undefined;
    if (png) {
      await png.render(figure, `${base}.png`, size);
      files.push(`${base}.png`);
    }
    return files;
  };

  return {
    accuracy: (results, base) => write(accuracyFigure(results, { logX: true }), base, ACCURACY_PNG_SIZE, `FGSM accuracy vs epsilon: ${results.model}`),
    comparison: (results, base) => write(modelsComparisonFigure(results, { logX: true }), base, comparisonPngSize(results.length), 'FGSM accuracy vs epsilon by model'),
    trainingCurve: (history, base, title) => write(trainingCurveFigure(history), base, TRAINING_PNG_SIZE, title),
    examples: async (output, classNames, pngPath) => {
      await writeFileAtomically(pngPath, await examplesGridPng(output, classNames));
      return [pngPath];
    },
    close: async () => {
      // A browser that will not close must not turn a finished run into a failed one.
      await renderer.close();
    },
  };
}
