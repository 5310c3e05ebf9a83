/** What a figure's layout needs from its locale beyond words: Plotly's own number separators. */
import type { NumberFormat } from '../i18n/numbers.js';

/** Spread last into a layout; empty for English so its figures stay exactly as before. */
export function localeSeparators(n: NumberFormat): { separators?: string } {
  return n.plotlySeparators === undefined ? {} : { separators: n.plotlySeparators };
}
