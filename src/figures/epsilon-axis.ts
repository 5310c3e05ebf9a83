/**
 * Where each epsilon goes on the x axis. A linear axis shows every epsilon as it is; a log axis
 * spreads the tiny epsilons of the original study (0.0001 ... 1) but has no place for 0, so the
 * clean point is drawn one decade left of the smallest positive epsilon, behind a dashed break,
 * with its tick labelled "0 (clean)" and the axis title saying so. Nothing pretends 0 is on the scale.
 */
import { DEFAULT_LOCALE, localeText, type Locale } from '../i18n/index.js';
import type { PlotlyAxis } from './plotly-types.js';

export interface EpsilonPlacement {
  /** x of each epsilon in data units, parallel to the input list. */
  readonly positions: number[];
  /** Axis settings (type, ticks, range, title); domain and anchor are the caller's. */
  readonly axis: PlotlyAxis;
  /** Where the dashed axis break goes (data units); only on a log axis that shows epsilon 0. */
  readonly breakAt?: number;
  readonly logX: boolean;
}

export function placeEpsilons(epsilons: readonly number[], logX: boolean, locale: Locale = DEFAULT_LOCALE): EpsilonPlacement {
  const { t, n } = localeText(locale);
  const words = t.epsilonAxis;
  const positive = epsilons.filter((eps) => eps > 0);
  if (!logX) return { positions: [...epsilons], axis: { type: 'linear', title: { text: words.title }, zeroline: false }, logX: false };
  if (positive.length === 0) {
    // Only epsilon 0: a log scale has nothing to show, so say so rather than fake one.
    return { positions: [...epsilons], axis: { type: 'linear', title: { text: `${words.title} (${words.logNeedsPositive})` } }, logX: false };
  }
  const firstDecade = Math.floor(Math.log10(Math.min(...positive)));
  const lastDecade = Math.ceil(Math.log10(Math.max(...positive)));
  const decades = Array.from({ length: lastDecade - firstDecade + 1 }, (_, i) => 10 ** (firstDecade + i));
  const hasClean = epsilons.some((eps) => eps === 0);
  const cleanAt = 10 ** (firstDecade - 1);
  const leftmost = hasClean ? cleanAt : decades[0]!;
  const axis: PlotlyAxis = {
    type: 'log',
    // Two short lines so the note still fits under a narrow subplot.
    title: { text: hasClean ? `${words.title}, ${words.logScale}<br>${words.cleanLeftOfBreak}` : `${words.title}, ${words.logScale}` },
    tickvals: hasClean ? [cleanAt, ...decades] : decades,
    ticktext: hasClean ? [words.cleanTick, ...decades.map(n.number)] : decades.map(n.number),
    // Log axes take their range in log10 units.
    range: [Math.log10(leftmost) - 0.35, lastDecade + 0.2],
    zeroline: false,
    automargin: true,
  };
  return {
    positions: epsilons.map((eps) => (eps === 0 ? cleanAt : eps)),
    axis,
    breakAt: hasClean ? 10 ** (firstDecade - 0.5) : undefined,
    logX: true,
  };
}
