/**
 * A standalone HTML page of Plotly figures: the plotly.js bundle is inlined once (no CDN, so the
 * page works opened from disk with no network), each figure gets its own div, and the figure
 * specs travel as inert JSON that the page script hands to Plotly.newPlot.
 */
import { FIGURE_PAGE_SCRIPT } from './page-script.js';
import { plotlyBundle } from './plotly-bundle.js';
import type { PlotlyFigure } from './plotly-types.js';
import { writeFileAtomically } from '../core/atomic-write.js';

export interface HtmlFigure {
  readonly figure: PlotlyFigure;
  /** Heading above the figure. */
  readonly title?: string;
  /** Height of the figure's box in CSS pixels (default 480); the width follows the page. */
  readonly height?: number;
}

export interface FigureHtmlOptions {
  /** Page title and top heading. */
  readonly title?: string;
}

const DEFAULT_HEIGHT = 480;

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * A <script> element running `source`. Inline when safe; a "</script" or "<!--" inside the code
 * could end or confuse the element, so such code goes in as a data: URL (still offline).
 */
export function scriptElement(source: string): string {
  if (!/<\/script|<!--/i.test(source)) return `<script>${source}</script>`;
  return `<script src="data:text/javascript;base64,${Buffer.from(source, 'utf8').toString('base64')}"></script>`;
}

/** JSON that can sit inside a <script> element: "<" is escaped, which JSON.parse undoes. */
function inertJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

function figureHeight(figure: HtmlFigure): number {
  const height = figure.height ?? figure.figure.layout.height ?? DEFAULT_HEIGHT;
  if (!(height > 0)) throw new RangeError(`figureHtml: figure height must be > 0 px, got ${height}`);
  return height;
}

export function figureHtml(figures: readonly HtmlFigure[], options: FigureHtmlOptions = {}): string {
  const title = options.title ?? 'FGSM figures';
  const sections = figures.map((f, i) => {
    const heading = f.title ? `<h2>${escapeHtml(f.title)}</h2>\n` : '';
    return `<section>\n${heading}<div class="fgsm-figure" id="fgsm-figure-${i}" style="height:${figureHeight(f)}px"></div>\n</section>`;
  });
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    '<style>',
    'body { font-family: system-ui, "Segoe UI", Roboto, "DejaVu Sans", Arial, sans-serif; color: #222; background: #fff; max-width: 1100px; margin: 24px auto; padding: 0 16px; }',
    'section { margin-bottom: 32px; }',
    '.fgsm-figure { width: 100%; }',
    '.fgsm-figure-error { color: #b00020; white-space: pre-wrap; }',
    '</style>',
    '<!-- plotly.js, inlined so this page needs no network -->',
    scriptElement(plotlyBundle()),
    '</head>',
    '<body>',
    `<h1>${escapeHtml(title)}</h1>`,
    '<noscript>These charts are drawn with JavaScript; enable it to see them.</noscript>',
    ...sections,
    `<script type="application/json" id="fgsm-figure-data">${inertJson(figures.map((f) => f.figure))}</script>`,
    scriptElement(FIGURE_PAGE_SCRIPT),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** Writes figureHtml(...) to `path` atomically (temporary file + rename). */
export async function writeFigureHtml(path: string, figures: readonly HtmlFigure[], options: FigureHtmlOptions = {}): Promise<void> {
  await writeFileAtomically(path, figureHtml(figures, options), { makeFolder: true });
}
