/**
 * The saved notebook's charts are Spanish through and through: the figure JSON inside every chart
 * output (titles, axes, legends, hovers, ticks, annotations, slider labels) holds no word of the
 * English catalogue or of the figures built in English. Reads the saved file; runs nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { englishVocabulary, shownStrings, wordsOf } from '../i18n/figure-words.js';
import { chartOutputs, readNotebook } from './notebook-file.js';

const NOTEBOOK = 'notebooks/Grupo1_FGSM.ipynb';

/** The figure a chart output draws: the JSON its script hands to Plotly.newPlot. */
function figureOf(html: string): { data: unknown[]; layout: { separators?: string } } {
  const json = /\n {2}var figure = (.*);\n/.exec(html)?.[1];
  assert.ok(json, 'the chart output carries its figure');
  return JSON.parse(json) as { data: unknown[]; layout: { separators?: string } };
}

test('every chart saved in the notebook is in Spanish: no English word in its figure', async () => {
  const english = await englishVocabulary();
  const charts = chartOutputs(readNotebook(NOTEBOOK));
  assert.ok(charts.length >= 7, `the notebook has its charts (${charts.length})`);
  const leaks: string[] = [];
  for (const chart of charts) {
    const figure = figureOf(chart.html);
    assert.equal(figure.layout.separators, ',.', `decimal comma in ${chart.cellId}`);
    const ariaLabel = /aria-label="([^"]*)"/.exec(chart.html)?.[1] ?? '';
    for (const text of [ariaLabel, ...shownStrings(figure)]) {
      const found = wordsOf(text).filter((word) => english.has(word));
      if (found.length > 0) leaks.push(`${chart.cellId}: ${found.join(', ')} in "${text.slice(0, 160)}"`);
    }
  }
  assert.deepEqual(leaks, []);
});
