/**
 * The study's Plotly figures (src/figures) as the notebook shows them: built in its locale, and on
 * the accuracy chart two buttons to switch the epsilon axis between logarithmic and linear (the
 * original plotted it linear, where the small epsilons all crowd at 0).
 */
import type { SweepResults } from '../eval/sweep.js';
import type { EpochRecord } from '../train/trainer.js';
import { accuracyFigure } from '../figures/accuracy-figure.js';
import { classDistributionFigure } from '../figures/class-distribution-figure.js';
import { placeEpsilons } from '../figures/epsilon-axis.js';
import { modelsComparisonFigure } from '../figures/models-comparison-figure.js';
import { trainingCurveFigure } from '../figures/training-curve-figure.js';
import { escapePlotlyText } from '../figures/plotly-text.js';
import type { BarTrace, PlotlyAxis, PlotlyFigure, ScatterTrace } from '../figures/plotly-types.js';
import { NOTEBOOK_LOCALE, notebookText } from './locale.js';

const { t } = notebookText;

function axisUpdate(axis: PlotlyAxis, showBreak: boolean): Record<string, unknown> {
  return {
    'xaxis.type': axis.type,
    'xaxis.title.text': axis.title?.text ?? t.epsilonAxis.title,
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
export function accuracyChart(results: SweepResults, options: { logX?: boolean } = {}): PlotlyFigure<ScatterTrace> {
  const logX = options.logX ?? true;
  const figure = accuracyFigure(results, { logX: true, locale: NOTEBOOK_LOCALE });
  const epsilons = results.epsilons.map((r) => r.epsilon);
  const log = placeEpsilons(epsilons, true, NOTEBOOK_LOCALE);
  const hasBreak = log.breakAt !== undefined;
  const linearAxis: PlotlyAxis = { type: 'linear', title: { text: t.epsilonAxis.title }, range: [-0.02, Math.max(...epsilons, 0.01) * 1.04] };
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
        { label: t.notebook.charts.logButton, method: 'relayout', args: [axisUpdate(log.axis, hasBreak)] },
        { label: t.notebook.charts.linearButton, method: 'relayout', args: [axisUpdate(linearAxis, false)] },
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

/** Every model's accuracy curve side by side, on one shared accuracy axis. */
export function modelsComparisonChart(all: readonly SweepResults[], options: { logX?: boolean } = {}): PlotlyFigure<ScatterTrace> {
  return modelsComparisonFigure(all, { logX: options.logX ?? true, locale: NOTEBOOK_LOCALE });
}

/** Images per person (a Plotly bar chart). */
export function classDistributionChart(counts: readonly { name: string; count: number }[]): PlotlyFigure<BarTrace> {
  return classDistributionFigure(counts, { locale: NOTEBOOK_LOCALE });
}

/** Loss and accuracy per epoch of the training run that produced the weights. */
export function trainingCurveChart(history: readonly EpochRecord[], model: string): PlotlyFigure<ScatterTrace> {
  return trainingCurveFigure(history, { title: t.training.modelTitle(escapePlotlyText(model), history.length), locale: NOTEBOOK_LOCALE });
}
