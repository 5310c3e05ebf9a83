/**
 * How many faces each attack first breaks at each epsilon of the sweep (the per-sample minimal
 * epsilon), as grouped bars: the list's epsilons are discrete, so a bar per epsilon is the honest
 * histogram. "wrong when clean" and "never broken" bracket the sweep.
 */
import type { AttackStudyResults } from '../eval/study.js';
import { DEFAULT_LOCALE, localeText, type Locale } from '../i18n/index.js';
import { localeSeparators } from './locale-layout.js';
import { escapePlotlyText } from './plotly-text.js';
import type { BarTrace, PlotlyFigure } from './plotly-types.js';
import { attackColours } from './robustness-curves-figure.js';

/** Category labels: clean-wrong, each positive epsilon ascending, never broken. */
export function minimalEpsilonCategories(epsilons: readonly number[], locale: Locale = DEFAULT_LOCALE): string[] {
  const { t, n } = localeText(locale);
  const positive = [...new Set(epsilons.filter((e) => e > 0))].sort((a, b) => a - b);
  return [t.minimalEpsilon.cleanWrong, ...positive.map(n.epsilonLabel), t.minimalEpsilon.neverBroken];
}

export function minimalEpsilonCounts(minimal: readonly (number | null)[], epsilons: readonly number[]): number[] {
  // The English labels only serve as keys here: epsilons that print alike share a bar.
  const { t, n } = localeText('en');
  const categories = minimalEpsilonCategories(epsilons, 'en');
  const counts = categories.map(() => 0);
  for (const m of minimal) {
    const label = m === null ? t.minimalEpsilon.neverBroken : m === 0 ? t.minimalEpsilon.cleanWrong : n.epsilonLabel(m);
    counts[categories.indexOf(label)]!++;
  }
  return counts;
}

export function minimalEpsilonFigure(study: AttackStudyResults, options: { title?: string; locale?: Locale } = {}): PlotlyFigure<BarTrace> {
  const locale = options.locale ?? DEFAULT_LOCALE;
  const { t, n } = localeText(locale);
  const words = t.minimalEpsilon;
  const categories = minimalEpsilonCategories(study.epsilons, locale);
  const last = categories.length - 1;
  const colours = attackColours(study.attacks);
  const data: BarTrace[] = study.attacks.map((attack, a) => {
    const counts = minimalEpsilonCounts(attack.curve.minimalEpsilon, study.epsilons);
    const name = escapePlotlyText(attack.name);
    return {
      type: 'bar',
      name,
      x: categories,
      y: counts,
      hovertext: counts.map((c, i) => `${words.hover(name, c, study.total)} — ${i === last ? words.robustEverywhere : i === 0 ? words.alreadyWrong : words.firstBroken(categories[i]!)}`),
      hovertemplate: '%{hovertext}<extra></extra>',
      textposition: 'none',
      marker: { color: colours[a]! },
    };
  });
  return {
    data,
    layout: {
      title: { text: options.title ?? words.title(study.total) },
      xaxis: { type: 'category', title: { text: words.axis } },
      yaxis: { title: { text: words.facesAxis }, rangemode: 'tozero' },
      barmode: 'group',
      hovermode: 'closest',
      margin: { t: 70 },
      ...localeSeparators(n),
    },
  };
}
