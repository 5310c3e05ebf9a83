/**
 * The saved notebook's charts are Spanish through and through: the figure JSON inside every chart
 * output (titles, axes, legends, hovers, ticks, annotations, slider labels) holds no word of the
 * English catalogue or of the figures built in English. Reads the saved file; runs nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { englishInCharts } from './chart-words.js';
import { chartOutputs, readNotebook } from './notebook-file.js';

const NOTEBOOK = 'notebooks/Grupo1_FGSM.ipynb';

test('every chart saved in the notebook is in Spanish: no English word in its figure', async () => {
  const charts = chartOutputs(readNotebook(NOTEBOOK));
  assert.ok(charts.length >= 7, `the notebook has its charts (${charts.length})`);
  const leaks = (await Promise.all(charts.map((chart) => englishInCharts(chart.html, chart.cellId ?? 'a chart')))).flat();
  assert.deepEqual(leaks, []);
});
