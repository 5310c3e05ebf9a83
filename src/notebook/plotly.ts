/**
 * Interactive Plotly charts in the tslab notebook, working offline, in the spirit of plotly.py's
 * init_notebook_mode: the plotly.js source is embedded ONCE (initPlotly, or the first chart), and
 * every chart output only carries its figure and a few lines that draw it with window.Plotly.
 * Each chart output also carries a PNG of itself (when a Chromium is found) twice: as an <img> inside
 * the chart's HTML, which the drawing script replaces with the live chart, and as image/png. Viewers
 * that run no JavaScript may still pick the text/html (an untrusted JupyterLab ranks its sanitized
 * HTML above image/png; nbconvert prefers HTML too), so the <img> is what their readers see;
 * JupyterLab's sanitizer keeps data: image URLs. image/png serves viewers that skip HTML.
 */
import { createHash } from 'node:crypto';
import type { PlotlyFigure } from '../figures/plotly-types.js';
import { escapeHtml, showBundle, type MimeBundle } from './display.js';
import { plotlyBundleInfo } from '../figures/plotly-bundle.js';
import { figurePng, type PngSize } from './png.js';

export interface ShowFigureOptions {
  /** Height of the chart in CSS pixels; default the layout's height, else 460. */
  readonly height?: number;
  /** Add the static PNG (default true; FGSM_NOTEBOOK_PNG=0 turns it off everywhere). */
  readonly png?: boolean;
  /** Pixel size of the PNG; default 900 x the chart's height. */
  readonly pngSize?: PngSize;
}

const DEFAULT_HEIGHT = 460;
const PNG_WIDTH = 900;

let plotlyEmbedded = false;

/** A <script> holding JavaScript; a "</script" inside would end it early, hence the data: URL then. */
function scriptTag(source: string): string {
  if (!/<\/script|<!--/i.test(source)) return `<script type="text/javascript">${source}</script>`;
  return `<script type="text/javascript" src="data:text/javascript;base64,${Buffer.from(source, 'utf8').toString('base64')}"></script>`;
}

/** The HTML that loads plotly.js into the page (skipped by the browser when that version is there). */
export function plotlyLoaderHtml(): string {
  const { source, version } = plotlyBundleInfo();
  const versionText = version ?? 'desconocida';
  // The guard saves re-parsing ~5 MB when the cell is run again in a live page.
  const guarded = `if (!(window.Plotly && window.Plotly.version === ${JSON.stringify(version ?? '')})) {\n${source}\n}`;
  return [
    `<div class="fgsm-plotly-loader" data-plotly-version="${escapeHtml(versionText)}" style="font-size:12px;color:#666">`,
    `plotly.js ${escapeHtml(versionText)} incluido en el cuaderno (funciona sin conexión).`,
    '</div>',
    scriptTag(guarded),
  ].join('\n');
}

/** Embeds plotly.js in the notebook: run once near the top, before any chart. */
export function initPlotly(): void {
  const { version, source } = plotlyBundleInfo();
  showBundle({
    'text/html': plotlyLoaderHtml(),
    'text/plain': `plotly.js ${version ?? ''} embedded (${(source.length / 1e6).toFixed(1)} MB); charts need a page that runs JavaScript.`,
  });
  plotlyEmbedded = true;
}

let chartsShown = 0;

/**
 * A page-unique element id that is the same on every run of the notebook (content hash + the
 * chart's number in this kernel), so refreshing the saved outputs does not change them needlessly.
 */
function chartId(figure: PlotlyFigure): string {
  const hash = createHash('sha256').update(JSON.stringify(figure)).digest('hex').slice(0, 12);
  return `fgsm-chart-${hash}-${++chartsShown}`;
}

/** JSON that can sit inside a <script>: "<" escaped (JSON.parse undoes it). */
function inertJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

export function figureHeight(figure: PlotlyFigure, options: ShowFigureOptions = {}): number {
  const height = options.height ?? figure.layout.height ?? DEFAULT_HEIGHT;
  if (!(height > 0)) throw new RangeError(`showFigure: the height must be > 0 px, got ${height}`);
  return height;
}

/**
 * One chart's HTML: a div and the script that draws into it once window.Plotly exists (it waits a
 * little, since in a live page the loader output may still be parsing). Until then the div shows the
 * chart's PNG when given (all a page without JavaScript shows), else a line of text. The page
 * records what it drew in window.fgsmNotebookCharts, which the browser tests read.
 */
export function figureChartHtml(figure: PlotlyFigure, options: ShowFigureOptions & { id?: string; pngImage?: Uint8Array } = {}): string {
  const id = options.id ?? chartId(figure);
  const height = figureHeight(figure, options);
  const title = figure.layout.title.text.replace(/<[^>]*>/g, '');
  const script = String.raw`(function () {
  var state = window.fgsmNotebookCharts = window.fgsmNotebookCharts || { drawn: 0, errors: [] };
  var element = document.getElementById(${JSON.stringify(id)});
  var figure = ${inertJson(figure)};
  var waited = 0;
  function fail(message) {
    state.errors.push(message);
    // Above the static image, if any, which stays.
    var note = document.createElement('div');
    note.textContent = message;
    note.style.color = '#b00020';
    element.insertBefore(note, element.firstChild);
  }
  function draw() {
    if (!window.Plotly) {
      if ((waited += 100) > 20000) return fail('plotly.js no está cargado: ejecute la celda de initPlotly() y después esta.');
      return setTimeout(draw, 100);
    }
    element.textContent = '';
    window.Plotly.newPlot(element, figure.data, figure.layout, { displaylogo: false, responsive: true })
      .then(function () { state.drawn++; element.setAttribute('data-drawn', 'true'); },
            function (error) { fail('No se pudo dibujar el gráfico: ' + ((error && error.message) || error)); });
  }
  draw();
})();`;
  const fallback = options.pngImage
    ? `<img src="data:image/png;base64,${Buffer.from(options.pngImage.buffer, options.pngImage.byteOffset, options.pngImage.byteLength).toString('base64')}" alt="${escapeHtml(title)}" title="Imagen estática: el gráfico interactivo se dibuja al ejecutar la celda." style="max-width:100%;height:auto">`
    : `Gráfico interactivo «${escapeHtml(title)}»: se dibuja con JavaScript al ejecutar la celda.`;
  return [
    `<div id="${id}" class="fgsm-notebook-chart" style="width:100%;height:${height}px" aria-label="${escapeHtml(title)}">`,
    fallback,
    '</div>',
    scriptTag(script),
  ].join('\n');
}

function pngWanted(options: ShowFigureOptions): boolean {
  return (options.png ?? true) && process.env.FGSM_NOTEBOOK_PNG !== '0';
}

/** The chart's MIME bundle: interactive HTML (holding the PNG when possible), the PNG, and the title. */
export async function figureBundle(figure: PlotlyFigure, options: ShowFigureOptions = {}): Promise<MimeBundle> {
  const png = pngWanted(options) ? await figurePng(figure, options.pngSize ?? { width: PNG_WIDTH, height: Math.round(figureHeight(figure, options)) }) : undefined;
  const bundle: Record<string, string | Uint8Array> = {
    'text/html': figureChartHtml(figure, { ...options, pngImage: png }),
    'text/plain': `[Plotly] ${figure.layout.title.text.replace(/<[^>]*>/g, '')}`,
  };
  if (png) bundle['image/png'] = png;
  return bundle;
}

/** Shows a Plotly figure ({data, layout}) in the notebook; embeds plotly.js first if not done yet. */
export async function showFigure(figure: PlotlyFigure, options: ShowFigureOptions = {}): Promise<void> {
  const bundle = await figureBundle(figure, options);
  if (!plotlyEmbedded) initPlotly();
  showBundle(bundle);
}
