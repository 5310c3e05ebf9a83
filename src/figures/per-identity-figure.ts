/**
 * Robust accuracy per identity (people x epsilon) for one attack, as a heatmap: who stays
 * recognised, and up to which budget. Cells show the rate; hover adds counts and the Wilson CI.
 */
import type { AttackSummary } from '../eval/study.js';
import { formatPercent } from './format.js';
import type { RichFigure } from './plotly-rich-types.js';
import { escapePlotlyText } from './plotly-text.js';
import { attackRole, epsilonLabel } from './robustness-format.js';

export function perIdentityFigure(attack: AttackSummary, classNames: readonly string[], options: { title?: string } = {}): RichFigure {
  if (attack.results.length === 0) throw new Error(`perIdentityFigure: attack ${attack.name} has no results.`);
  const order = attack.results.map((r, e) => ({ eps: r.epsilon, e })).sort((a, b) => a.eps - b.eps);
  const classes = attack.results[0]!.perClass.classes.length;
  const names = Array.from({ length: classes }, (_, k) => escapePlotlyText(classNames[k] ?? `class ${k}`));
  const cell = (k: number, e: number) => attack.results[e]!.perClass.classes[k]!.accuracy;
  return {
    data: [
      {
        type: 'heatmap',
        name: attack.name,
        x: order.map((o) => (o.eps === 0 ? '0 (clean)' : epsilonLabel(o.eps))),
        y: names,
        z: names.map((_, k) => order.map((o) => cell(k, o.e).rate)),
        zmin: 0,
        zmax: 1,
        // Spelled out: plotly.js has no built-in red-yellow-green scale (that name exists only in plotly.py).
        colorscale: [[0, '#d73027'], [0.5, '#fee08b'], [1, '#1a9850']],
        texttemplate: '%{z:.0%}',
        hovertext: names.map((name, k) =>
          order.map((o) => {
            const r = cell(k, o.e);
            return `<b>${name}</b> · ε = ${epsilonLabel(o.eps)}<br>robust accuracy ${formatPercent(r.rate ?? NaN)} (${r.count}/${r.total})<br>95% Wilson CI [${formatPercent(r.lower)}, ${formatPercent(r.upper)}]`;
          }),
        ),
        hovertemplate: '%{hovertext}<extra></extra>',
        colorbar: { title: { text: 'robust accuracy' }, tickformat: '.0%' },
        xgap: 1,
        ygap: 1,
      },
    ],
    layout: {
      title: { text: options.title ?? `Robust accuracy per identity: ${escapePlotlyText(attack.name)} (${attackRole(attack)})` },
      xaxis: { type: 'category', title: { text: 'Epsilon (ε)' } },
      yaxis: { type: 'category', autorange: 'reversed', automargin: true, title: { text: 'True person', standoff: 12 } },
      margin: { t: 70 },
    },
  };
}
