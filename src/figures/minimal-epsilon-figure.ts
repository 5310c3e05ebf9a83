/**
 * How many faces each attack first breaks at each epsilon of the sweep (the per-sample minimal
 * epsilon), as grouped bars: the list's epsilons are discrete, so a bar per epsilon is the honest
 * histogram. "wrong when clean" and "never broken" bracket the sweep.
 */
import type { AttackStudyResults } from '../eval/study.js';
import { formatPercent } from './format.js';
import type { RichBarTrace, RichFigure } from './plotly-rich-types.js';
import { escapePlotlyText } from './plotly-text.js';
import { attackColours } from './robustness-curves-figure.js';
import { epsilonLabel } from './robustness-format.js';

export const CLEAN_WRONG = 'wrong when clean';
export const NEVER_BROKEN = 'never broken';

/** Category labels: clean-wrong, each positive epsilon ascending, never broken. */
export function minimalEpsilonCategories(epsilons: readonly number[]): string[] {
  const positive = [...new Set(epsilons.filter((e) => e > 0))].sort((a, b) => a - b);
  return [CLEAN_WRONG, ...positive.map(epsilonLabel), NEVER_BROKEN];
}

export function minimalEpsilonCounts(minimal: readonly (number | null)[], epsilons: readonly number[]): number[] {
  const categories = minimalEpsilonCategories(epsilons);
  const counts = categories.map(() => 0);
  for (const m of minimal) {
    const label = m === null ? NEVER_BROKEN : m === 0 ? CLEAN_WRONG : epsilonLabel(m);
    counts[categories.indexOf(label)]!++;
  }
  return counts;
}

export function minimalEpsilonFigure(study: AttackStudyResults, options: { title?: string } = {}): RichFigure {
  const categories = minimalEpsilonCategories(study.epsilons);
  const colours = attackColours(study.attacks);
  const data: RichBarTrace[] = study.attacks.map((attack, a) => {
    const counts = minimalEpsilonCounts(attack.curve.minimalEpsilon, study.epsilons);
    const name = escapePlotlyText(attack.name);
    return {
      type: 'bar',
      name,
      x: categories,
      y: counts,
      hovertext: counts.map((c, i) => `<b>${name}</b>: ${c} of ${study.total} faces (${formatPercent(c / study.total)}) — ${categories[i] === NEVER_BROKEN ? 'robust at every ε of the list' : categories[i] === CLEAN_WRONG ? 'already misclassified' : `first broken at ε = ${categories[i]}`}`),
      hovertemplate: '%{hovertext}<extra></extra>',
      textposition: 'none',
      marker: { color: colours[a]! },
    };
  });
  return {
    data,
    layout: {
      title: { text: options.title ?? `Minimal epsilon per face: the smallest ε of the sweep that breaks it (${study.total} test images)` },
      xaxis: { type: 'category', title: { text: 'Minimal epsilon (ε)' } },
      yaxis: { title: { text: 'Faces' }, rangemode: 'tozero' },
      barmode: 'group',
      hovermode: 'closest',
      margin: { t: 70 },
    },
  };
}
