/**
 * Training history: loss (left) and accuracy (right) per epoch, train and validation, with the
 * epoch whose validation accuracy was best (the checkpoint the trainer keeps) marked.
 */
import type { EpochRecord } from '../train/trainer.js';
import { DEFAULT_LOCALE, localeText, type Catalogue, type Locale } from '../i18n/index.js';
import { localeSeparators } from './locale-layout.js';
import type { PlotlyFigure, ScatterTrace } from './plotly-types.js';

const TRAIN_COLOUR = '#1f77b4';
const VALIDATION_COLOUR = '#ff7f0e';
const SUBPLOT_GAP = 0.1;

export interface TrainingCurveOptions {
  title?: string;
  /** Language of every word in the figure (default English). */
  locale?: Locale;
}

/** The epoch the trainer keeps: the first with the highest validation accuracy (NaN never wins). */
export function bestEpoch(history: readonly EpochRecord[]): EpochRecord | undefined {
  let best: EpochRecord | undefined;
  for (const record of history) if (!best || record.valAccuracy > best.valAccuracy) best = record;
  return best && Number.isFinite(best.valAccuracy) ? best : undefined;
}

function curve(
  history: readonly EpochRecord[],
  split: 'train' | 'validation',
  value: (r: EpochRecord) => number,
  axes: { xaxis: string; yaxis: string },
  format: (v: number) => string,
  words: Catalogue['training'],
): ScatterTrace {
  const colour = split === 'train' ? TRAIN_COLOUR : VALIDATION_COLOUR;
  const name = words.split[split];
  return {
    type: 'scatter',
    mode: 'lines+markers',
    name,
    legendgroup: split,
    // One legend entry per split; the right subplot's curves follow it through legendgroup.
    showlegend: axes.xaxis === 'x',
    x: history.map((r) => r.epoch),
    y: history.map(value),
    text: history.map((r) => words.hover(r.epoch, name, format(value(r)))),
    hovertemplate: '%{text}<extra></extra>',
    xaxis: axes.xaxis,
    yaxis: axes.yaxis,
    marker: { size: 6, color: colour },
    line: { width: 2, color: colour, dash: split === 'train' ? 'solid' : 'dash' },
    cliponaxis: false,
  };
}

export function trainingCurveFigure(history: readonly EpochRecord[], options: TrainingCurveOptions = {}): PlotlyFigure<ScatterTrace> {
  if (history.length === 0) throw new Error('trainingCurveFigure: the history is empty (no epoch finished); train for at least one epoch.');
  const { t, n } = localeText(options.locale ?? DEFAULT_LOCALE);
  const words = t.training;
  const left = { xaxis: 'x', yaxis: 'y' };
  const right = { xaxis: 'x2', yaxis: 'y2' };
  const percent = (v: number) => n.percent(v);
  const data: ScatterTrace[] = [
    curve(history, 'train', (r) => r.trainLoss, left, words.loss, words),
    curve(history, 'validation', (r) => r.valLoss, left, words.loss, words),
    curve(history, 'train', (r) => r.trainAccuracy, right, percent, words),
    curve(history, 'validation', (r) => r.valAccuracy, right, percent, words),
  ];
  const best = bestEpoch(history);
  if (best) {
    data.push({
      type: 'scatter',
      mode: 'markers',
      name: words.best(best.epoch),
      x: [best.epoch],
      y: [best.valAccuracy],
      text: [words.bestHover(best.valAccuracy, best.epoch)],
      hovertemplate: '%{text}<extra></extra>',
      xaxis: 'x2',
      yaxis: 'y2',
      marker: { size: 14, symbol: 'star', color: VALIDATION_COLOUR, line: { width: 1, color: '#333' } },
      cliponaxis: false,
    });
  }
  const half = (1 - SUBPLOT_GAP) / 2;
  // Whole epochs only: a 3-epoch run should not get ticks at 1.5 and 2.5.
  const epochAxis = { title: { text: words.epochAxis }, dtick: 1, zeroline: false };
  return {
    data,
    layout: {
      title: { text: options.title ?? words.title(history.length) },
      xaxis: { ...epochAxis, domain: [0, half], anchor: 'y' },
      yaxis: { title: { text: words.lossAxis }, rangemode: 'tozero', anchor: 'x' },
      xaxis2: { ...epochAxis, domain: [half + SUBPLOT_GAP, 1], anchor: 'y2' },
      yaxis2: { title: { text: words.accuracyAxis }, range: [0, 1], tickformat: '.0%', anchor: 'x2' },
      annotations: [
        { text: words.lossPanel, x: half / 2, y: 1, xref: 'paper', yref: 'paper', xanchor: 'center', yanchor: 'bottom', showarrow: false },
        { text: words.accuracyPanel, x: half + SUBPLOT_GAP + half / 2, y: 1, xref: 'paper', yref: 'paper', xanchor: 'center', yanchor: 'bottom', showarrow: false },
      ],
      legend: { orientation: 'h', x: 0.5, xanchor: 'center', y: -0.18, yanchor: 'top' },
      hovermode: 'closest',
      margin: { t: 80 },
      ...localeSeparators(n),
    },
  };
}
