/**
 * The study's Plotly figures (src/figures) dressed for the Spanish notebook: titles and axis
 * labels in Spanish, and on the accuracy chart two buttons to switch the epsilon axis between
 * logarithmic and linear (the original plotted it linear, where the small epsilons all crowd at 0).
 */
import type { SweepResults } from '../eval/sweep.js';
import type { EpochRecord } from '../train/trainer.js';
import { accuracyFigure } from '../figures/accuracy-figure.js';
import { classDistributionFigure } from '../figures/class-distribution-figure.js';
import { placeEpsilons } from '../figures/epsilon-axis.js';
import { modelsComparisonFigure } from '../figures/models-comparison-figure.js';
import { trainingCurveFigure } from '../figures/training-curve-figure.js';
import { escapePlotlyText } from '../figures/plotly-text.js';
import type { PlotlyAxis, PlotlyFigure, PlotlyLayout } from '../figures/plotly-types.js';

/** English wording of src/figures -> Spanish, longest first; text not listed stays as it is. */
const SPANISH: Glossary = [
  ['best validation accuracy', 'mejor exactitud de validación'],
  ['best validation (epoch', 'mejor validación (época'],
  [': the checkpoint kept', ': los pesos guardados'],
  ['Loss (cross-entropy)', 'Pérdida (entropía cruzada)'],
  ['<b>Loss</b>', '<b>Pérdida</b>'],
  [' at epoch ', ' en la época '],
  ['· train:', '· entrenamiento:'],
  ['· validation:', '· validación:'],
  ['epoch ', 'época '],
  ['Epoch', 'Época'],
  ['ε = 0 (clean): left of the dashed break', 'ε = 0 (sin ataque): a la izquierda de la línea discontinua'],
  ['log scale needs ε > 0; linear shown', 'la escala logarítmica necesita ε > 0; se muestra lineal'],
  ['attacked flipped', 'atacadas cambiadas'],
  ['attack success', 'éxito del ataque'],
  ['log scale', 'escala logarítmica'],
  ['(clean)', '(sin ataque)'],
  ['ε = 0, clean', 'ε = 0, sin ataque'],
  ['(FGSM)', '(FGSM)'],
  [' correct)', ' aciertos)'],
  ['accuracy ', 'exactitud '],
  [' of ', ' de '],
  ['Accuracy', 'Exactitud'],
  ['Person', 'Persona'],
  ['Images', 'Imágenes'],
];

/** English -> Spanish pairs, applied in order (longest first within a table). */
export type Glossary = readonly (readonly [string, string])[];

function translate(text: string, glossary: Glossary): string {
  return glossary.reduce((t, [en, es]) => t.split(en).join(es), text);
}

/** A tick label that is a plain decimal number, written with a decimal comma ("0.001" -> "0,001"). */
function spanishTick(text: string, glossary: Glossary): string {
  return /^\d+\.\d+$/.test(text) ? text.replace('.', ',') : translate(text, glossary);
}

/**
 * A deep copy of the figure with every string translated (titles, ticks, hover texts); `extra`
 * pairs (a figure family's own wording) go before the shared ones.
 */
export function inSpanishFigure<F extends PlotlyFigure>(figure: F, extra: Glossary = []): F {
  const translated = inSpanish(figure, '', extra);
  // Numbers Plotly formats itself (automatic ticks, hover values) with a decimal comma too.
  (translated.layout as PlotlyLayout & { separators?: string }).separators = ',.';
  return translated;
}

/** inSpanish for any part of a figure. */
export function inSpanish<T>(value: T, key = '', extra: Glossary = []): T {
  return translateDeep(value, key, extra.length > 0 ? [...extra, ...SPANISH] : SPANISH);
}

function translateDeep<T>(value: T, key: string, glossary: Glossary): T {
  if (typeof value === 'string') return (key === 'ticktext' ? spanishTick(value, glossary) : translate(value, glossary)) as T;
  if (Array.isArray(value)) return value.map((v) => translateDeep(v, key, glossary)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, translateDeep(v, k, glossary)])) as T;
  }
  return value;
}

/** Plotly's updatemenus (buttons); not in src/figures' schema subset, so typed here. */
interface UpdateMenu {
  type: 'buttons';
  direction: 'left' | 'right';
  x: number;
  y: number;
  xanchor: 'left' | 'right';
  yanchor: 'top' | 'bottom';
  showactive: boolean;
  active: number;
  pad?: { r?: number; t?: number };
  buttons: { label: string; method: 'relayout'; args: [Record<string, unknown>] }[];
}

export type NotebookFigure = PlotlyFigure & { layout: PlotlyLayout & { updatemenus?: UpdateMenu[] } };

function axisUpdate(axis: PlotlyAxis, showBreak: boolean): Record<string, unknown> {
  return {
    'xaxis.type': axis.type,
    'xaxis.title.text': translate(axis.title?.text ?? 'Epsilon (ε)', SPANISH),
    'xaxis.tickvals': axis.tickvals ?? null,
    'xaxis.ticktext': axis.ticktext ? axis.ticktext.map((text) => spanishTick(text, SPANISH)) : null,
    'xaxis.range': axis.range ?? null,
    'xaxis.autorange': axis.range ? false : true,
    'shapes[0].visible': showBreak,
  };
}

/**
 * Accuracy against epsilon for one model, with [log | lineal] buttons. On the linear axis the clean
 * point keeps its stand-in position (10^-k, indistinguishable from 0 at that scale).
 */
export function accuracyChart(results: SweepResults, options: { logX?: boolean } = {}): NotebookFigure {
  const logX = options.logX ?? true;
  const figure = inSpanishFigure(accuracyFigure(results, { logX: true, title: `FGSM: exactitud frente a ε (${results.model}, ${results.total} imágenes de prueba)` })) as NotebookFigure;
  const epsilons = results.epsilons.map((r) => r.epsilon);
  const log = placeEpsilons(epsilons, true);
  const hasBreak = log.breakAt !== undefined;
  const linearAxis: PlotlyAxis = { type: 'linear', title: { text: 'Epsilon (ε)' }, range: [-0.02, Math.max(...epsilons, 0.01) * 1.04] };
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
        { label: 'ε logarítmico', method: 'relayout', args: [axisUpdate(log.axis, hasBreak)] },
        { label: 'ε lineal', method: 'relayout', args: [axisUpdate(linearAxis, false)] },
      ],
    },
  ];
  if (!logX) {
    figure.layout.xaxis = inSpanish(linearAxis);
    figure.layout.shapes = (figure.layout.shapes ?? []).map((s) => ({ ...s, visible: false }) as typeof s);
  }
  figure.layout.showlegend = true;
  figure.layout.legend = { orientation: 'h', x: 0, y: -0.28, yanchor: 'top' };
  figure.layout.margin = { t: 90, b: 110 };
  return figure;
}

/** Every model's accuracy curve side by side, on one shared accuracy axis. */
export function modelsComparisonChart(all: readonly SweepResults[], options: { logX?: boolean } = {}): PlotlyFigure {
  return inSpanishFigure(modelsComparisonFigure(all, { logX: options.logX ?? true, title: `FGSM: exactitud frente a ε, ${all.length === 1 ? 'un modelo' : `${all.length} modelos`}` }));
}

/** Images per person (a Plotly bar chart). */
export function classDistributionChart(counts: readonly { name: string; count: number }[]): PlotlyFigure {
  const total = counts.reduce((sum, c) => sum + c.count, 0);
  const figure = inSpanishFigure(classDistributionFigure(counts, { title: `Imágenes por persona (${counts.length} personas, ${total} imágenes)` }));
  for (const trace of figure.data) {
    trace.name = 'imágenes';
    trace.hovertext = counts.map((c) => `${escapePlotlyText(c.name)}: ${c.count} ${c.count === 1 ? 'imagen' : 'imágenes'}`);
  }
  return figure;
}

/** Loss and accuracy per epoch of the training run that produced the weights. */
export function trainingCurveChart(history: readonly EpochRecord[], model: string): PlotlyFigure {
  const figure = inSpanishFigure(trainingCurveFigure(history, { title: `Entrenamiento de ${escapePlotlyText(model)}: pérdida y exactitud por época (${history.length} épocas)` }));
  const names: Record<string, string> = { train: 'entrenamiento', validation: 'validación' };
  for (const trace of figure.data) trace.name = names[trace.name ?? ''] ?? trace.name;
  return figure;
}
