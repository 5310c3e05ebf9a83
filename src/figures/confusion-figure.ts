/**
 * The adversarial confusion matrix at one epsilon as a heatmap: rows = the true person, columns =
 * whom the model sees after the attack ("who becomes whom"). The diagonal is what survived.
 */
import type { AttackEpsilonMetrics } from '../eval/attack-metrics.js';
import { DEFAULT_LOCALE, localeText, type Locale } from '../i18n/index.js';
import { localeSeparators } from './locale-layout.js';
import { escapePlotlyText } from './plotly-text.js';
import type { HeatmapTrace, PlotlyFigure } from './plotly-types.js';

export function confusionFigure(metrics: AttackEpsilonMetrics, classNames: readonly string[], options: { title?: string; locale?: Locale } = {}): PlotlyFigure<HeatmapTrace> {
  const { t, n } = localeText(options.locale ?? DEFAULT_LOCALE);
  const words = t.confusion;
  const confusion = metrics.perClass.confusion;
  const names = confusion.map((_, k) => escapePlotlyText(classNames[k] ?? t.unknownClass(k)));
  const rowTotals = confusion.map((row) => row.reduce((a, b) => a + b, 0));
  return {
    data: [
      {
        type: 'heatmap',
        name: metrics.attack,
        x: names,
        y: names,
        z: confusion.map((row) => [...row]),
        zmin: 0,
        colorscale: [[0, '#f7fbff'], [1, '#08306b']], // white = no face, dark = many
        texttemplate: '%{z}',
        hovertext: confusion.map((row, truth) =>
          row.map((count, p) => words.hover(names[truth]!, names[p]!, count, rowTotals[truth]!)),
        ),
        hovertemplate: '%{hovertext}<extra></extra>',
        colorbar: { title: { text: words.colourBar } },
        xgap: 1,
        ygap: 1,
      },
    ],
    layout: {
      title: { text: options.title ?? words.title(escapePlotlyText(metrics.attack), n.epsilonLabel(metrics.epsilon), metrics.robustAccuracy.rate ?? Number.NaN) },
      xaxis: { type: 'category', title: { text: words.predictedAxis }, tickangle: -35, automargin: true },
      yaxis: { type: 'category', title: { text: words.trueAxis, standoff: 12 }, autorange: 'reversed', automargin: true },
      margin: { t: 70 },
      ...localeSeparators(n),
    },
  };
}
