/**
 * Robust accuracy per identity (people x epsilon) for one attack, as a heatmap: who stays
 * recognised, and up to which budget. Cells show the rate; hover adds counts and the Wilson CI.
 */
import type { AttackSummary } from '../eval/study.js';
import { DEFAULT_LOCALE, localeText, type Locale } from '../i18n/index.js';
import { localeSeparators } from './locale-layout.js';
import { escapePlotlyText } from './plotly-text.js';
import type { HeatmapTrace, PlotlyFigure } from './plotly-types.js';
import { attackRole } from './robustness-format.js';

export function perIdentityFigure(attack: AttackSummary, classNames: readonly string[], options: { title?: string; locale?: Locale } = {}): PlotlyFigure<HeatmapTrace> {
  if (attack.results.length === 0) throw new Error(`perIdentityFigure: attack ${attack.name} has no results.`);
  const { t, n } = localeText(options.locale ?? DEFAULT_LOCALE);
  const words = t.perIdentity;
  const order = attack.results.map((r, e) => ({ eps: r.epsilon, e })).sort((a, b) => a.eps - b.eps);
  const classes = attack.results[0]!.perClass.classes.length;
  const names = Array.from({ length: classes }, (_, k) => escapePlotlyText(classNames[k] ?? t.unknownClass(k)));
  const cell = (k: number, e: number) => attack.results[e]!.perClass.classes[k]!.accuracy;
  return {
    data: [
      {
        type: 'heatmap',
        name: attack.name,
        x: order.map((o) => (o.eps === 0 ? t.epsilonAxis.cleanTick : n.epsilonLabel(o.eps))),
        y: names,
        z: names.map((_, k) => order.map((o) => cell(k, o.e).rate)),
        zmin: 0,
        zmax: 1,
        // Spelled out: plotly.js has no built-in red-yellow-green scale (that name exists only in plotly.py).
        colorscale: [[0, '#d73027'], [0.5, '#fee08b'], [1, '#1a9850']],
        texttemplate: '%{z:.0%}',
        hovertext: names.map((name, k) =>
          order.map((o) => words.hover(name, n.epsilonLabel(o.eps), cell(k, o.e))),
        ),
        hovertemplate: '%{hovertext}<extra></extra>',
        colorbar: { title: { text: words.colourBar }, tickformat: '.0%' },
        xgap: 1,
        ygap: 1,
      },
    ],
    layout: {
      title: { text: options.title ?? words.title(escapePlotlyText(attack.name), t.role[attackRole(attack)]) },
      xaxis: { type: 'category', title: { text: t.epsilonAxis.title } },
      yaxis: { type: 'category', autorange: 'reversed', automargin: true, title: { text: words.personAxis, standoff: 12 } },
      margin: { t: 70 },
      ...localeSeparators(n),
    },
  };
}
