/**
 * The accuracy figure as a reader explores it (the notebook, the facade's plot): two buttons switch
 * the epsilon axis between logarithmic and linear (the original plotted it linear, where the small
 * epsilons all crowd at 0), and the legend sits under the plot.
 */
import type { SweepResults } from '../eval/sweep.js';
import { DEFAULT_LOCALE, messages, type Locale } from '../i18n/index.js';
import { accuracyFigure } from './accuracy-figure.js';
import { placeEpsilons } from './epsilon-axis.js';
import type { PlotlyAxis, PlotlyFigure, ScatterTrace } from './plotly-types.js';

function axisUpdate(axis: PlotlyAxis, showBreak: boolean, locale: Locale): Record<string, unknown> {
  return {
    'xaxis.type': axis.type,
    'xaxis.title.text': axis.title?.text ?? messages(locale).epsilonAxis.title,
    'xaxis.tickvals': axis.tickvals ?? null,
    'xaxis.ticktext': axis.ticktext ?? null,
    'xaxis.range': axis.range ?? null,
    'xaxis.autorange': axis.range ? false : true,
    'shapes[0].visible': showBreak,
  };
}

/**
 * Accuracy against epsilon for one model, with [log | linear] buttons. On the linear axis the clean
 * point keeps its stand-in position (10^-k, indistinguishable from 0 at that scale).
 */
export function interactiveAccuracyFigure(results: SweepResults, options: { logX?: boolean; locale?: Locale } = {}): PlotlyFigure<ScatterTrace> {
  const logX = options.logX ?? true;
  const locale = options.locale ?? DEFAULT_LOCALE;
  const t = messages(locale);
  const figure = accuracyFigure(results, { logX: true, locale });
  const epsilons = results.epsilons.map((r) => r.epsilon);
  const log = placeEpsilons(epsilons, true, locale);
  const hasBreak = log.breakAt !== undefined;
  const linearAxis: PlotlyAxis = { type: 'linear', title: { text: messages(locale).epsilonAxis.title }, range: [-0.02, Math.max(...epsilons, 0.01) * 1.04] };
  figure.layout.updatemenus = [
    {
      type: 'buttons',
      direction: 'right',
      x: 1,
      y: 1.02,
      xanchor: 'right',
      yanchor: 'bottom',
      showactive: true,
      active: logX ? 0 : 1,
      pad: { r: 0, t: 0 },
      buttons: [
        { label: t.notebook.charts.logButton, method: 'relayout', args: [axisUpdate(log.axis, hasBreak, locale)] },
        { label: t.notebook.charts.linearButton, method: 'relayout', args: [axisUpdate(linearAxis, false, locale)] },
      ],
    },
  ];
  if (!logX) {
    figure.layout.xaxis = linearAxis;
    figure.layout.shapes = (figure.layout.shapes ?? []).map((s) => ({ ...s, visible: false }));
  }
  figure.layout.showlegend = true;
  figure.layout.legend = { orientation: 'h', x: 0, y: -0.28, yanchor: 'top' };
  figure.layout.margin = { t: 90, b: 110 };
  return figure;
}
