/**
 * The adversarial confusion matrix at one epsilon as a heatmap: rows = the true person, columns =
 * whom the model sees after the attack ("who becomes whom"). The diagonal is what survived.
 */
import type { AttackEpsilonMetrics } from '../eval/attack-metrics.js';
import { formatPercent } from './format.js';
import type { RichFigure } from './plotly-rich-types.js';
import { escapePlotlyText } from './plotly-text.js';
import { epsilonLabel } from './robustness-format.js';

export function confusionFigure(metrics: AttackEpsilonMetrics, classNames: readonly string[], options: { title?: string } = {}): RichFigure {
  const confusion = metrics.perClass.confusion;
  const names = confusion.map((_, k) => escapePlotlyText(classNames[k] ?? `class ${k}`));
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
        hovertext: confusion.map((row, t) =>
          row.map((count, p) => `<b>${names[t]}</b> → <b>${names[p]}</b><br>${count} of ${rowTotals[t]} faces (${formatPercent(rowTotals[t] ? count / rowTotals[t]! : NaN)})`),
        ),
        hovertemplate: '%{hovertext}<extra></extra>',
        colorbar: { title: { text: 'faces' } },
        xgap: 1,
        ygap: 1,
      },
    ],
    layout: {
      title: { text: options.title ?? `Who becomes whom: ${escapePlotlyText(metrics.attack)} at ε = ${epsilonLabel(metrics.epsilon)} (robust accuracy ${formatPercent(metrics.robustAccuracy.rate ?? NaN)})` },
      xaxis: { type: 'category', title: { text: 'Predicted person after the attack' }, tickangle: -35, automargin: true },
      yaxis: { type: 'category', title: { text: 'True person', standoff: 12 }, autorange: 'reversed', automargin: true },
      margin: { t: 70 },
    },
  };
}
