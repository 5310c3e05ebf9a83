/** The notebook's own Plotly figures (src/figures), built in its locale: the data and training cells' charts. */
import type { EpochRecord } from '../train/trainer.js';
import { classDistributionFigure } from '../figures/class-distribution-figure.js';
import { trainingCurveFigure } from '../figures/training-curve-figure.js';
import { escapePlotlyText } from '../figures/plotly-text.js';
import type { BarTrace, PlotlyFigure, ScatterTrace } from '../figures/plotly-types.js';
import { NOTEBOOK_LOCALE, notebookText } from './locale.js';

const { t } = notebookText;

/** Images per person (a Plotly bar chart). */
export function classDistributionChart(counts: readonly { name: string; count: number }[]): PlotlyFigure<BarTrace> {
  return classDistributionFigure(counts, { locale: NOTEBOOK_LOCALE });
}

/** Loss and accuracy per epoch of the training run that produced the weights. */
export function trainingCurveChart(history: readonly EpochRecord[], model: string): PlotlyFigure<ScatterTrace> {
  return trainingCurveFigure(history, { title: t.training.modelTitle(escapePlotlyText(model), history.length), locale: NOTEBOOK_LOCALE });
}
