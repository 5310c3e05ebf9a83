/** Images per person as a bar chart (the original's class-balance plot), in the given order. */
import { DEFAULT_LOCALE, localeText, type Locale } from '../i18n/index.js';
import { localeSeparators } from './locale-layout.js';
import type { BarTrace, PlotlyFigure } from './plotly-types.js';
import { escapePlotlyText } from './plotly-text.js';

export interface ClassDistributionOptions {
  title?: string;
  /** Language of every word in the figure (default English); person names stay as they are. */
  locale?: Locale;
}

export function classDistributionFigure(counts: readonly { name: string; count: number }[], options: ClassDistributionOptions = {}): PlotlyFigure<BarTrace> {
  if (counts.length === 0) throw new Error('classDistributionFigure: no classes given; pass one {name, count} per person (countClasses gives them).');
  const seen = new Set<string>();
  for (const { name } of counts) {
    // Plotly merges bars that share a category name, which would silently add two people up.
    if (seen.has(name)) throw new Error(`classDistributionFigure: the name "${name}" appears twice; every class needs its own name.`);
    seen.add(name);
  }
  const { t, n } = localeText(options.locale ?? DEFAULT_LOCALE);
  const words = t.classDistribution;
  const total = counts.reduce((sum, c) => sum + c.count, 0);
  const names = counts.map((c) => escapePlotlyText(c.name));
  return {
    data: [
      {
        type: 'bar',
        name: words.trace,
        x: names,
        y: counts.map((c) => c.count),
        text: counts.map((c) => String(c.count)),
        // Numbers on the bars only while they stay readable.
        textposition: counts.length <= 40 ? 'outside' : 'none',
        hovertext: counts.map((c, i) => words.hover(names[i]!, c.count)),
        hovertemplate: '%{hovertext}<extra></extra>',
        marker: { color: '#1f77b4' },
        cliponaxis: false,
      },
    ],
    layout: {
      title: { text: options.title ?? words.title(counts.length, total) },
      // 'category' keeps names like "7" from being read as numbers.
      xaxis: { title: { text: words.personAxis }, type: 'category', tickangle: counts.length > 8 ? -45 : 0, automargin: true },
      yaxis: { title: { text: words.imagesAxis }, rangemode: 'tozero' },
      bargap: 0.2,
      showlegend: false,
      hovermode: 'closest',
      margin: { t: 70 },
      ...localeSeparators(n),
    },
  };
}
