/** The English words a Spanish notebook's charts must not show, found in any HTML that carries chart outputs. */
import assert from 'node:assert/strict';
import { englishVocabulary, shownStrings, wordsOf } from '../i18n/figure-words.js';

/** Every figure a chart output hands to Plotly.newPlot, in the order they appear in `html`. */
export function figuresIn(html: string): { data: unknown[]; layout: { separators?: string } }[] {
  return [...html.matchAll(/\n {2}var figure = (.*);\n/g)].map((match) => JSON.parse(match[1]!) as { data: unknown[]; layout: { separators?: string } });
}

/** "where: word, word in "text"" for every English word (of the en catalogue and the English figures) shown in a chart of `html`. */
export async function englishInCharts(html: string, where: string): Promise<string[]> {
  const english = await englishVocabulary();
  const leaks: string[] = [];
  const labels = [...html.matchAll(/class="fgsm-notebook-chart"[^>]*aria-label="([^"]*)"|aria-label="([^"]*)"[^>]*class="fgsm-notebook-chart"/g)].map((m) => m[1] ?? m[2] ?? '');
  const figures = figuresIn(html);
  assert.ok(figures.length > 0, `${where} carries chart figures`);
  for (const figure of figures) assert.equal(figure.layout.separators, ',.', `decimal comma in every chart of ${where}`);
  for (const text of [...labels, ...figures.flatMap((figure) => shownStrings(figure))]) {
    const found = wordsOf(text).filter((word) => english.has(word));
    if (found.length > 0) leaks.push(`${where}: ${found.join(', ')} in "${text.slice(0, 160)}"`);
  }
  return leaks;
}
