/**
 * Several sweeps side by side, one subplot per model with a shared accuracy axis (the original's
 * `results_subplots`). The original typed each subplot title by hand and swapped two of them; here
 * every title comes from its own results.model, so a title cannot name another model's curve.
 */
import type { SweepResults } from '../eval/sweep.js';
import { SERIES_COLOURS, accuracyTraces, accuracyYAxis, axisBreakShape, checkSweepResults } from './accuracy-figure.js';
import { DEFAULT_LOCALE, localeText, type Locale } from '../i18n/index.js';
import { placeEpsilons } from './epsilon-axis.js';
import { localeSeparators } from './locale-layout.js';
import { escapePlotlyText } from './plotly-text.js';
import type { PlotlyAnnotation, PlotlyFigure, PlotlyLayout, PlotlyShape, ScatterTrace } from './plotly-types.js';

export interface ModelsComparisonOptions {
  logX?: boolean;
  title?: string;
  /** Language of every word in the figure (default English). */
  locale?: Locale;
}

/** Horizontal space between subplots, as a fraction of the plot width. */
const SUBPLOT_GAP = 0.05;

/**
 * One title per subplot: the model name, plus the engine when two sweeps share a model name
 * (e.g. resnet18 on wasm and on cpu), plus a number if even that repeats.
 */
export function subplotTitles(results: readonly SweepResults[]): string[] {
  const count = (key: (r: SweepResults) => string, value: string) => results.filter((r) => key(r) === value).length;
  const titles = results.map((r) => (count((x) => x.model, r.model) > 1 ? `${r.model} (${r.engine})` : r.model));
  const seen = new Map<string, number>();
  return titles.map((title) => {
    if (titles.filter((t) => t === title).length === 1) return title;
    const n = (seen.get(title) ?? 0) + 1;
    seen.set(title, n);
    return `${title} #${n}`;
  });
}

export function modelsComparisonFigure(results: readonly SweepResults[], options: ModelsComparisonOptions = {}): PlotlyFigure<ScatterTrace> {
  if (results.length === 0) throw new Error('modelsComparisonFigure: no results given; pass one SweepResults per model.');
  results.forEach((r) => checkSweepResults(r, 'modelsComparisonFigure'));
  const locale = options.locale ?? DEFAULT_LOCALE;
  const { t, n } = localeText(locale);
  const titles = subplotTitles(results);
  const width = (1 - SUBPLOT_GAP * (results.length - 1)) / results.length;
  const data: ScatterTrace[] = [];
  const annotations: PlotlyAnnotation[] = [];
  const shapes: PlotlyShape[] = [];
  const layout: PlotlyLayout = {
    title: { text: options.title ?? t.accuracy.comparisonTitle(results.length) },
    yaxis: accuracyYAxis(locale),
    showlegend: false,
    hovermode: 'closest',
    margin: { t: 90 },
  };
  results.forEach((r, i) => {
    const axisId = i === 0 ? 'x' : `x${i + 1}`;
    const start = i * (width + SUBPLOT_GAP);
    const placement = placeEpsilons(r.epsilons.map((e) => e.epsilon), options.logX ?? false, locale);
    const axis = { ...placement.axis, domain: [start, start + width] as [number, number], anchor: 'y' };
    if (i === 0) layout.xaxis = axis;
    else layout[`xaxis${i + 1}`] = axis;
    // Every subplot draws on the same 'y' axis: that is what makes the accuracy scale shared.
    data.push(...accuracyTraces(r, placement, { xaxis: axisId, yaxis: 'y' }, SERIES_COLOURS[i % SERIES_COLOURS.length]!, locale));
    annotations.push({ text: `<b>${escapePlotlyText(titles[i]!)}</b>`, x: start + width / 2, y: 1, xref: 'paper', yref: 'paper', xanchor: 'center', yanchor: 'bottom', showarrow: false, font: { size: 15 } });
    const shape = axisBreakShape(placement, axisId);
    if (shape) shapes.push(shape);
  });
  layout.annotations = annotations;
  layout.shapes = shapes;
  return { data, layout: { ...layout, ...localeSeparators(n) } };
}
