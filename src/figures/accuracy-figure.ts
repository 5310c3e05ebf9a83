/**
 * Accuracy against epsilon for one sweep (the original notebook's main plot), plus the trace and
 * axis builders that the side-by-side model comparison reuses.
 */
import type { EpsilonResult, SweepResults } from '../eval/sweep.js';
import { DEFAULT_LOCALE, localeText, messages, type Locale } from '../i18n/index.js';
import { placeEpsilons, type EpsilonPlacement } from './epsilon-axis.js';
import { localeSeparators } from './locale-layout.js';
import { escapePlotlyText } from './plotly-text.js';
import type { PlotlyAxis, PlotlyFigure, PlotlyLine, PlotlyMarker, PlotlyShape, ScatterTrace } from './plotly-types.js';

export interface AccuracyFigureOptions {
  /** Log-scale epsilon axis; epsilon 0 is then drawn left of a marked break (see epsilon-axis.ts). */
  logX?: boolean;
  title?: string;
  /** Language of every word in the figure (default English). */
  locale?: Locale;
}

/** Plotly's default colour cycle, so one model keeps one colour across its traces. */
export const SERIES_COLOURS: readonly string[] = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f'];

export function checkSweepResults(results: SweepResults, caller: string): void {
  if (results.epsilons.length === 0) {
    throw new Error(`${caller}: the results of model "${results.model}" have no epsilons; run the sweep with at least one epsilon.`);
  }
}

/** The hover text of one point: accuracy with its counts and the attack success rate. */
export function accuracyHoverText(point: EpsilonResult, results: SweepResults, locale: Locale = DEFAULT_LOCALE): string {
  const words = messages(locale).accuracy;
  const flipped = Math.round(point.attackSuccessRate * results.initiallyCorrect);
  return [
    words.hoverEpsilon(escapePlotlyText(results.model), point.epsilon),
    words.hoverAccuracy(point.accuracy, point.correct, point.total),
    words.hoverSuccess(point.attackSuccessRate, flipped, results.initiallyCorrect),
  ].join('<br>');
}

export function accuracyYAxis(locale: Locale = DEFAULT_LOCALE): PlotlyAxis {
  return { title: { text: messages(locale).accuracy.axis }, range: [0, 1], tickformat: '.0%', zeroline: false };
}

/**
 * The traces of one sweep on the given axes. On a log axis the clean point is its own trace
 * (hollow diamond, not joined to the line) because its x position is a stand-in, not a value.
 */
export function accuracyTraces(results: SweepResults, placement: EpsilonPlacement, axes: { xaxis: string; yaxis: string }, colour: string, locale: Locale = DEFAULT_LOCALE): ScatterTrace[] {
  const words = messages(locale).accuracy;
  const points = results.epsilons.map((point, i) => ({ point, x: placement.positions[i]! }));
  const separateClean = placement.breakAt !== undefined;
  const attacked = separateClean ? points.filter((p) => p.point.epsilon > 0) : points;
  const trace = (shown: typeof points, name: string, mode: ScatterTrace['mode'], marker: PlotlyMarker, line?: PlotlyLine): ScatterTrace => ({
    type: 'scatter',
    mode,
    name: escapePlotlyText(name),
    x: shown.map((p) => p.x),
    y: shown.map((p) => p.point.accuracy),
    text: shown.map((p) => accuracyHoverText(p.point, results, locale)),
    hovertemplate: '%{text}<extra></extra>',
    xaxis: axes.xaxis,
    yaxis: axes.yaxis,
    marker,
    ...(line ? { line } : {}),
    cliponaxis: false,
    legendgroup: results.model,
  });
  const traces = [trace(attacked, separateClean ? words.attackedTrace(results.model) : results.model, 'lines+markers', { size: 8, color: colour }, { width: 2, color: colour })];
  if (separateClean) {
    const clean = points.filter((p) => p.point.epsilon === 0);
    traces.push(trace(clean, words.cleanTrace(results.model), 'markers', { size: 11, symbol: 'diamond-open', color: colour, line: { width: 2, color: colour } }));
  }
  return traces;
}

/** The dashed vertical line that separates the clean point from the log scale, if there is one. */
export function axisBreakShape(placement: EpsilonPlacement, xref: string): PlotlyShape | undefined {
  if (placement.breakAt === undefined) return undefined;
  return { type: 'line', xref, yref: 'paper', x0: placement.breakAt, x1: placement.breakAt, y0: 0, y1: 1, line: { width: 1, color: '#888', dash: 'dash' } };
}

export function accuracyFigure(results: SweepResults, options: AccuracyFigureOptions = {}): PlotlyFigure<ScatterTrace> {
  checkSweepResults(results, 'accuracyFigure');
  const locale = options.locale ?? DEFAULT_LOCALE;
  const { t, n } = localeText(locale);
  const placement = placeEpsilons(results.epsilons.map((r) => r.epsilon), options.logX ?? false, locale);
  const shape = axisBreakShape(placement, 'x');
  return {
    data: accuracyTraces(results, placement, { xaxis: 'x', yaxis: 'y' }, SERIES_COLOURS[0]!, locale),
    layout: {
      title: { text: options.title ?? t.accuracy.title(escapePlotlyText(results.model), results.total) },
      xaxis: placement.axis,
      yaxis: accuracyYAxis(locale),
      shapes: shape ? [shape] : [],
      showlegend: placement.breakAt !== undefined,
      hovermode: 'closest',
      margin: { t: 70 },
      ...localeSeparators(n),
    },
  };
}
