/** The notebook helpers (src/notebook) without Jupyter: what they display, and how. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import {
  classDistributionChart,
  dataFrameHtml,
  dataFrameText,
  figureBundle,
  figureChartHtml,
  newLiveDisplay,
  notebookGridPng,
  notebookProgress,
  plotlyLoaderHtml,
  setDisplaySink,
  showBundle,
  showTable,
  type DisplayMessage,
} from '../../src/notebook/index.js';
import { numberFormat } from '../../src/i18n/index.js';
import { interactiveAccuracyFigure, modelsComparisonFigure, plotlyBundleInfo } from '../../src/figures/index.js';
import { comparisonAnalysis as comparisonAnalysisIn, sweepAnalysis as sweepAnalysisIn, sweepFacts, type ComparedModel } from '../../src/outputs/index.js';
import { wilsonInterval, type AttackSummary, type SweepResults } from '../../src/eval/index.js';

// The notebook shows the library's figures and analysis in Spanish.
const accuracyChart = (results: SweepResults, options: { logX?: boolean } = {}) => interactiveAccuracyFigure(results, { ...options, locale: 'es' });
const modelsComparisonChart = (all: readonly SweepResults[]) => modelsComparisonFigure(all, { logX: true, locale: 'es' });
const sweepAnalysis = (results: SweepResults) => sweepAnalysisIn(results, 'es');
const comparisonAnalysis = (all: readonly ComparedModel[]) => comparisonAnalysisIn(all, 'es');

const { fixed, number: num, percent: pct } = numberFormat('es');
import { sweepResults, testImage } from '../figures/fixtures.js';

function capture(run: () => void): { message: DisplayMessage; update: boolean }[] {
  const shown: { message: DisplayMessage; update: boolean }[] = [];
  setDisplaySink((message, update) => shown.push({ message, update }));
  try {
    run();
  } finally {
    setDisplaySink(undefined);
  }
  return shown;
}

test('a display bundle goes out as one output with every MIME type; binary data base64-encoded', () => {
  const shown = capture(() => showBundle({ 'text/html': '<b>x</b>', 'image/png': Uint8Array.from([1, 2, 3]), 'text/plain': 'x' }));
  assert.equal(shown.length, 1);
  assert.deepEqual(shown[0]!.message.data, { 'text/html': '<b>x</b>', 'image/png': 'AQID', 'text/plain': 'x' });
  assert.equal(shown[0]!.update, false);
});

test('a live display creates its output once, then replaces it under the same display id', () => {
  const shown = capture(() => {
    const live = newLiveDisplay();
    live.show({ 'text/plain': 'one' });
    live.show({ 'text/plain': 'two' });
  });
  assert.deepEqual(shown.map((s) => s.update), [false, true]);
  const id = shown[0]!.message.transient.display_id;
  assert.ok(id);
  assert.equal(shown[1]!.message.transient.display_id, id);
});

test('the progress bar updates at most once per interval, and always shows the end', () => {
  let now = 0;
  const states: string[] = [];
  const progress = notebookProgress('FGSM', 100, { display: { show: (b) => states.push(String(b['text/plain'])) }, now: () => now, intervalMs: 250 });
  for (let done = 10; done <= 100; done += 10) {
    now += 100;
    progress.update(done);
  }
  progress.finish();
  // 0 shown at creation, then every 3rd update (300 ms apart), the last (100/100), and the finish.
  assert.ok(states.length < 8, `throttled: ${states.length} states`);
  assert.match(states[0]!, /0\/100 imágenes/);
  assert.match(states.at(-2)!, /100\/100 imágenes \(100 %\)/);
  assert.match(states.at(-1)!, /✓ 100\/100 imágenes en 1,0 s/);
});

test('a chart output is a div plus a script; data cannot close the script early', () => {
  const results = sweepResults('</script><script>alert(1)</script>', [36, 30, 10, 2, 0]);
  const html = figureChartHtml(accuracyChart(results), { id: 'chart-1' });
  assert.equal(html.match(/<script/g)?.length, 1, 'one script element');
  assert.equal(html.match(/<\/script>/g)?.length, 1, 'closed once, at its end');
  assert.match(html, /<div id="chart-1" class="fgsm-notebook-chart" style="width:100%;height:460px"/);
  assert.match(html, /window\.Plotly\.newPlot/);
  assert.match(html, /se dibuja con JavaScript/, 'without a PNG, a line of text until it draws');
  assert.ok(!html.includes('<img'));
});

test('a chart with a PNG shows it inside its div until Plotly draws (what untrusted JupyterLab and GitHub show)', async () => {
  const figure = accuracyChart(sweepResults('resnet18', [36, 30, 10, 2, 0]));
  const html = figureChartHtml(figure, { id: 'chart-2', pngImage: Uint8Array.from([1, 2, 3]) });
  const title = figure.layout.title.text.replace(/<[^>]*>/g, '');
  const div = html.slice(0, html.indexOf('</div>'));
  assert.match(div, /<img src="data:image\/png;base64,AQID" alt="[^"]+"/, 'the PNG as a data: URL, inside the div');
  assert.ok(div.includes(`alt="${title.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')}"`), 'alt text = the title');
  assert.ok(!div.includes('se dibuja con JavaScript'), 'the image replaces the text placeholder');
  // The script empties the div (image included) right before drawing.
  assert.match(html, /element\.textContent = '';\s*window\.Plotly\.newPlot/);
  // Without Chromium (or with png: false) the bundle has neither the image nor image/png.
  const bundle = await figureBundle(figure, { png: false });
  assert.deepEqual(Object.keys(bundle).sort(), ['text/html', 'text/plain']);
  assert.ok(!String(bundle['text/html']).includes('<img'));
});

test('plotly.js is embedded minified (the HTML report must stay under 10 MB) and guarded against reloading', () => {
  const { source, version } = plotlyBundleInfo();
  assert.ok(source.length < 6e6, `plotly.js source is ${(source.length / 1e6).toFixed(1)} MB`);
  assert.match(version ?? '', /^\d+\.\d+\.\d+/);
  const html = plotlyLoaderHtml();
  assert.ok(html.includes(`window.Plotly.version === ${JSON.stringify(version)}`));
  assert.equal(html.match(/<script/g)?.length, 1);
});

test('tables: HTML escaped, numbers right-aligned and formatted, long tables cut', () => {
  const frame = { columns: ['name', 'accuracy'], values: [['<b>A&B</b>', 0.5], ['C', 0.25], ['D', 0.125]], index: [0, 1, 2] };
  const html = dataFrameHtml(frame as never, { format: { accuracy: (v) => pct(Number(v)) }, maxRows: 2, headers: { accuracy: 'exactitud' } });
  assert.ok(html.includes('&lt;b&gt;A&amp;B&lt;/b&gt;'));
  assert.ok(!html.includes('<b>A&B</b>'));
  assert.match(html, /text-align:right">50,0 %/);
  assert.match(html, /… 1 filas más/);
  assert.match(dataFrameText(frame as never, { format: { accuracy: (v) => pct(Number(v)) } }), /C\s+25,0 %/);
  const shown = capture(() => showTable(frame as never));
  assert.deepEqual(Object.keys(shown[0]!.message.data).sort(), ['text/html', 'text/plain']);
});

test('Spanish numbers', () => {
  assert.equal(pct(0.4567), '45,7 %');
  assert.equal(num(0.0001), '0,0001');
  assert.equal(num(12345), '12.345');
  assert.equal(fixed(0.03125, 3), '0,031');
});

test('charts: Spanish titles and axes, decimal commas on ticks, log/linear buttons', () => {
  const results = sweepResults('resnet18', [36, 30, 10, 2, 0]);
  const figure = accuracyChart(results);
  assert.equal(figure.layout.yaxis?.title?.text, 'Exactitud');
  assert.match(figure.layout.xaxis?.title?.text ?? '', /escala logarítmica/);
  assert.deepEqual(figure.layout.xaxis?.ticktext, ['0 (sin ataque)', '0,001', '0,01', '0,1', '1']);
  assert.deepEqual(figure.layout.updatemenus?.[0]?.buttons.map((b) => b.label), ['ε logarítmico', 'ε lineal']);
  assert.equal((accuracyChart(results, { logX: false }).layout.xaxis as { type?: string }).type, 'linear');
  const comparison = modelsComparisonChart([results, sweepResults('resnet101', [38, 35, 20, 5, 1])]);
  assert.match(comparison.layout.title.text, /2 modelos/);
  const bars = classDistributionChart([{ name: 'A<b>', count: 3 }, { name: 'B', count: 1 }]);
  assert.deepEqual(bars.data[0]!.hovertext, ['A&lt;b&gt;: 3 imágenes', 'B: 1 imagen']);
  assert.equal(bars.layout.xaxis?.title?.text, 'Persona');
});

test('the analysis is written from the numbers: the halving epsilon, reversals, each accuracy with its own interval', () => {
  const epsilons = [0, 0.001, 0.01, 0.1, 0.3];
  const results = sweepResults('resnet18', [36, 35, 12, 2, 5], { epsilons });
  const facts = sweepFacts(results);
  assert.equal(facts.halved?.epsilon, 0.01);
  assert.deepEqual(facts.reversals.map((r) => [r.from.epsilon, r.to.epsilon]), [[0.1, 0.3]]);
  const text = sweepAnalysis(results);
  // Each accuracy with its own 95% Wilson interval (36/40: 76,9-96,0 %; 12/40: 18,1-45,4 %).
  assert.match(text, /acierta el \*\*90,0 %\*\* de las imágenes \(36\/40; IC 95 %: 76,9–96,0 %\)/);
  assert.match(text, /menos de la mitad\*\* de la inicial con \*\*ε = 0,01\*\*: 30,0 % \(12\/40; IC 95 %: 18,1–45,4 %\)/);
  assert.match(text, /no es monótona/);
  assert.match(text, /intervalo de confianza del 95 % \(Wilson\)/);
  assert.doesNotMatch(text, /±/, 'no single error margin for every accuracy');
});

/**
 * A model whose every face has a minimal epsilon (0: wrong without attack, null: never fooled), FGSM
 * taken as monotone so that the counts at each epsilon follow from it.
 */
function comparedModel(model: string, minimal: readonly (number | null)[], epsilons: readonly number[], parameters: number): ComparedModel {
  const total = minimal.length;
  const recognised = minimal.filter((m) => m !== 0).length;
  const standing = (epsilon: number) => minimal.filter((m) => m === null || (m > epsilon && m !== 0)).length;
  const base = sweepResults(model, epsilons.map(standing), { epsilons });
  const results: SweepResults = { ...base, total, initiallyCorrect: recognised, cleanAccuracy: recognised / total, epsilons: base.epsilons.map((row) => ({ ...row, total, accuracy: row.correct / total })) };
  const attack = {
    curve: { epsilons: [...epsilons], minimalEpsilon: [...minimal] },
    results: epsilons.map((epsilon) => ({ epsilon, attackSuccessRate: wilsonInterval(recognised - standing(epsilon), recognised) })),
  } as unknown as AttackSummary;
  return { results, attack, parameters, faces: minimal.map((_, i) => `/faces/${i}.png`) };
}

test('the comparison: accuracy and success with intervals, minimal epsilons, and a sign test on the shared faces', () => {
  const epsilons = [0, 0.001, 0.01, 0.1];
  // 40 faces: the small model is fooled at 0.001 on 30 of them; the big one holds out to 0.1 on those.
  const small = comparedModel('resnet18', [0, 0, ...Array<number>(30).fill(0.001), ...Array<number | null>(8).fill(null)], epsilons, 11.2e6);
  const big = comparedModel('resnet101', [0, 0, ...Array<number>(30).fill(0.1), ...Array<number | null>(8).fill(null)], epsilons, 42.5e6);
  const text = comparisonAnalysis([small, big]);
  assert.match(text, /\| ε \| `resnet18` \(11,2 M parámetros\) \| `resnet101` \(42,5 M parámetros\) \|/);
  // 38/40 recognised without attack: 95,0 % (83,5–98,6 %); 8/40 left at 0.001 for the small one: 20,0 % (10,5–34,8 %).
  assert.match(text, /\| 0 \(sin ataque\) \| 95,0 % \(83,5–98,6 %\) \| 95,0 % \(83,5–98,6 %\) \|/);
  assert.match(text, /\| 0,001 \| 20,0 % \(10,5–34,8 %\) \| 95,0 % \(83,5–98,6 %\) \|/);
  assert.match(text, /\| ya fallaba sin ataque \| 2 \| 2 \|/);
  assert.match(text, /\| cara mediana \| 0,001 \| 0,1 \|/);
  assert.match(text, /`resnet101` aguanta hasta un ε mayor en 30 y `resnet18` en 0/);
  assert.match(text, /\*\*`resnet101` es más robusto\*\*/);
  assert.match(text, /Así que sí: el modelo más grande, `resnet101`/);
  assert.match(text, /Qué cubren los intervalos y qué no/);

  // Two faces apart: no difference shown, and the text says what that does and does not mean.
  const twin = comparedModel('resnet101', [0, 0, 0.01, 0.01, ...Array<number>(28).fill(0.001), ...Array<number | null>(8).fill(null)], epsilons, 42.5e6);
  const close = comparisonAnalysis([small, twin]);
  assert.match(close, /aguanta hasta un ε mayor en 2 y `resnet18` en 0.*probabilidad 0,500.*\*\*no se aprecia diferencia\*\*/);
  assert.match(close, /No se ve que el modelo más grande, `resnet101`, resista mejor/);
  assert.match(close, /Eso no demuestra que los modelos sean igual de robustos/);

  // Different faces: no face-by-face test.
  assert.match(comparisonAnalysis([small, { ...big, faces: big.faces!.map((f) => `${f}.other`) }]), /no se atacaron sobre las mismas caras/);
  assert.match(comparisonAnalysis([small]), /Solo hay un modelo disponible/);
});

test('image grids: one PNG with every image, captions escaped for SVG', async () => {
  const png = await notebookGridPng(
    [
      { label: ['ε = 0,01'], cells: [{ image: { pixels: testImage(16, 1), height: 16, width: 16 }, captions: ['A & <B>', [{ text: '→ C', colour: '#c62828', bold: true }]] }] },
      { label: ['ε = 0,1'], cells: [], emptyNote: 'ninguna cara engañada' },
    ],
    { title: 'Título "con" <signos>', imageSize: 48 },
  );
  const meta = await sharp(png).metadata();
  assert.equal(meta.format, 'png');
  assert.ok(meta.width! > 48 && meta.height! > 96);
});
