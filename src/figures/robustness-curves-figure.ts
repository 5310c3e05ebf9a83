/**
 * Robust accuracy against epsilon for every attack of a study AND the random-noise baseline on one
 * chart: a line per attack, its 95% Wilson interval as a filled band, the clean accuracy as one
 * marker with Wilson error bars, and, where it differs, the monotone worst-case curve dashed.
 */
import type { AttackStudyResults, AttackSummary } from '../eval/study.js';
import type { Rate } from '../eval/wilson.js';
import { SERIES_COLOURS, accuracyYAxis, axisBreakShape } from './accuracy-figure.js';
import { DEFAULT_LOCALE, localeText, type Locale } from '../i18n/index.js';
import { placeEpsilons } from './epsilon-axis.js';
import { localeSeparators } from './locale-layout.js';
import { escapePlotlyText } from './plotly-text.js';
import type { PlotlyFigure, ScatterTrace } from './plotly-types.js';
import { attackRole, withAlpha } from './robustness-format.js';

export interface RobustnessCurvesOptions {
  /** Log-scale epsilon axis, epsilon 0 left of a break (see epsilon-axis.ts). Default true. */
  readonly logX?: boolean;
  /** 'robust' (RobustBench, default) or 'original' (correct before AND after, the notebook's rule). */
  readonly rule?: 'robust' | 'original';
  readonly title?: string;
  /** Language of every word in the figure (default English). */
  readonly locale?: Locale;
}

export const NOISE_COLOUR = '#7f7f7f';

/** Attack colours: the noise baseline grey, the attacks the usual cycle (grey skipped). */
export function attackColours(attacks: readonly Pick<AttackSummary, 'kind'>[]): string[] {
  const cycle = SERIES_COLOURS.filter((c) => c !== NOISE_COLOUR);
  let next = 0;
  return attacks.map((a) => (a.kind === 'noise' ? NOISE_COLOUR : cycle[next++ % cycle.length]!));
}

export function robustnessCurvesFigure(study: AttackStudyResults, options: RobustnessCurvesOptions = {}): PlotlyFigure<ScatterTrace> {
  if (study.epsilons.length === 0) throw new Error('robustnessCurvesFigure: the study has no epsilons.');
  const rule = options.rule ?? 'robust';
  const locale = options.locale ?? DEFAULT_LOCALE;
  const { t, n } = localeText(locale);
  const words = t.robustness;
  const rateText = (rate: Rate) => words.rate(rate);
  // Sorted, so lines run left to right whatever order the epsilons were given in.
  const order = study.epsilons.map((eps, e) => ({ eps, e })).sort((a, b) => a.eps - b.eps);
  const placement = placeEpsilons(order.map((o) => o.eps), options.logX ?? true, locale);
  const attacked = order.map((o, i) => ({ ...o, x: placement.positions[i]!, sorted: i })).filter((o) => !placement.logX || o.eps > 0);
  const colours = attackColours(study.attacks);
  const data: ScatterTrace[] = [];

  study.attacks.forEach((attack, a) => {
    const colour = colours[a]!;
    const name = escapePlotlyText(attack.name);
    const role = attackRole(attack);
    const roleName = t.role[role];
    const rates = attacked.map((o) => (rule === 'robust' ? attack.results[o.e]!.robustAccuracy : attack.results[o.e]!.robustAccuracyOriginalRule));
    const xs = attacked.map((o) => o.x);
    data.push({
      type: 'scatter',
      mode: 'lines',
      name: words.band(name),
      x: [...xs, ...[...xs].reverse()],
      y: [...rates.map((r) => r.upper), ...rates.map((r) => r.lower).reverse()],
      fill: 'toself',
      fillcolor: withAlpha(colour, role === 'baseline' ? 0.12 : 0.18),
      line: { width: 0, color: colour },
      hoverinfo: 'skip',
      showlegend: false,
      legendgroup: attack.name,
    });
    data.push({
      type: 'scatter',
      mode: 'lines+markers',
      name: words.line(name, roleName),
      x: xs,
      y: rates.map((r) => r.rate),
      text: attacked.map((o, i) => {
        const r = attack.results[o.e]!;
        const success = r.targetedSuccessRate ? `<br>${words.targetReached} ${rateText(r.targetedSuccessRate)}` : `<br>${words.attackSuccess} ${rateText(r.attackSuccessRate)}`;
        return `${words.hover(name, roleName, n.epsilonLabel(o.eps))}<br>${rule === 'robust' ? words.hoverRobust : words.hoverOriginalRule} ${rateText(rates[i]!)}${success}`;
      }),
      hovertemplate: '%{text}<extra></extra>',
      marker: { size: 7, color: colour },
      line: { width: 2, color: colour, dash: role === 'baseline' ? 'dot' : 'solid' },
      cliponaxis: false,
      legendgroup: attack.name,
    });
    if (rule === 'robust' && !attack.curve.monotone) {
      const monotone = attacked.map((o) => attack.monotoneRobustAccuracy[o.sorted]!);
      data.push({
        type: 'scatter',
        mode: 'lines',
        name: words.monotone(name),
        x: xs,
        y: monotone.map((r) => r.rate),
        text: attacked.map((o, i) => `${words.monotoneHover(name, n.epsilonLabel(o.eps))}<br>${rateText(monotone[i]!)}`),
        hovertemplate: '%{text}<extra></extra>',
        line: { width: 2, color: colour, dash: 'dash' },
        legendgroup: attack.name,
      });
    }
  });

  const clean = order.findIndex((o) => o.eps === 0);
  if (clean >= 0) {
    const r = study.clean.accuracy;
    data.push({
      type: 'scatter',
      mode: 'markers',
      name: words.clean,
      x: [placement.positions[clean]!],
      y: [r.rate],
      text: [`${words.cleanHover} ${rateText(r)}`],
      hovertemplate: '%{text}<extra></extra>',
      marker: { size: 11, symbol: 'diamond', color: '#222' },
      error_y: { type: 'data', symmetric: false, array: [r.upper - (r.rate ?? 0)], arrayminus: [(r.rate ?? 0) - r.lower], visible: true, color: '#222', thickness: 1.5, width: 6 },
      cliponaxis: false,
    });
  }
  const shape = axisBreakShape(placement, 'x');
  // Ticks at the sweep's own epsilons, in the k/255 units budgets are quoted in, not at decades.
  const xaxis = placement.logX ? { ...placement.axis, tickvals: order.map((_, i) => placement.positions[i]!), ticktext: order.map((o) => (o.eps === 0 ? t.epsilonAxis.cleanTick : n.epsilonLabel(o.eps))) } : placement.axis;
  const what = rule === 'robust' ? words.robustAccuracy : words.originalRuleAccuracy;
  return {
    data,
    layout: {
      title: { text: options.title ?? words.title(what, escapePlotlyText(study.model), study.total) },
      xaxis,
      yaxis: { ...accuracyYAxis(locale), title: { text: what } },
      shapes: shape ? [shape] : [],
      showlegend: true,
      hovermode: 'closest',
      margin: { t: 70 },
      ...localeSeparators(n),
    },
  };
}
