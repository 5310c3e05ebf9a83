import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accuracyFigure, classDistributionFigure, modelsComparisonFigure, trainingCurveFigure, type PlotlyFigure } from '../../src/figures/index.js';
import { EPSILONS, sweepResults, trainingHistory } from './fixtures.js';

const CORRECT = [36, 34, 25, 6, 1];

/** Every `title` anywhere in the figure must be plotly v3's { text } object, never a bare string. */
function assertTitlesAreObjects(figure: PlotlyFigure): void {
  const walk = (value: unknown, path: string): void => {
    if (Array.isArray(value)) return value.forEach((v, i) => walk(v, `${path}[${i}]`));
    if (value === null || typeof value !== 'object') return;
    for (const [key, child] of Object.entries(value)) {
      if (key === 'title') {
        assert.equal(typeof child, 'object', `${path}.title must be { text }`);
        assert.equal(typeof (child as { text?: unknown }).text, 'string', `${path}.title.text`);
      }
      walk(child, `${path}.${key}`);
    }
  };
  walk(figure, 'figure');
}

test('accuracyFigure plots accuracy against epsilon with counts and attack success in the hover text', () => {
  const results = sweepResults('resnet18', CORRECT);
  const figure = accuracyFigure(results);
  assert.equal(figure.data.length, 1);
  const [trace] = figure.data;
  assert.deepEqual(trace!.x, [...EPSILONS]);
  assert.deepEqual(trace!.y, CORRECT.map((c) => c / 40));
  assert.equal(trace!.mode, 'lines+markers');
  assert.equal(figure.layout.xaxis!.title!.text, 'Epsilon (ε)');
  assert.equal(figure.layout.yaxis!.title!.text, 'Accuracy');
  assert.equal(figure.layout.yaxis!.tickformat, '.0%');
  assert.deepEqual(figure.layout.yaxis!.range, [0, 1]);
  assert.match(figure.layout.title.text, /resnet18/);
  // eps 0.01: 25/40 correct; 36 attacked, 11 flipped = 30.6 %.
  assert.match(trace!.text![2]!, /25\/40 correct/);
  assert.match(trace!.text![2]!, /attack success 30\.6% \(11 of 36 attacked flipped\)/);
  assert.equal(accuracyFigure(results, { title: 'Mine' }).layout.title.text, 'Mine');
  assertTitlesAreObjects(figure);
});

test('on a log axis epsilon 0 is its own marker left of a labelled break, never on the scale', () => {
  const figure = accuracyFigure(sweepResults('resnet18', CORRECT), { logX: true });
  const [attacked, clean] = figure.data;
  const axis = figure.layout.xaxis!;
  assert.equal(axis.type, 'log');
  assert.deepEqual(attacked!.x, [0.001, 0.01, 0.1, 0.3]);
  assert.deepEqual(attacked!.y, [34, 25, 6, 1].map((c) => c / 40));
  assert.equal(clean!.mode, 'markers', 'the clean point is not joined to the line');
  assert.deepEqual(clean!.y, [36 / 40]);
  const cleanX = clean!.x[0] as number;
  assert.ok(cleanX > 0 && cleanX < 0.001);
  assert.equal(axis.ticktext![axis.tickvals!.indexOf(cleanX)], '0 (clean)');
  assert.match(axis.title!.text, /log scale/);
  assert.match(axis.title!.text, /ε = 0 \(clean\)/);
  const [shape] = figure.layout.shapes!;
  assert.ok(shape!.x0 > cleanX && shape!.x0 < 0.001, 'the dashed break sits between clean and the first epsilon');
  assert.ok(axis.range![0] < Math.log10(cleanX) && axis.range![1] > Math.log10(0.3), 'range (log10 units) shows every point');
  assertTitlesAreObjects(figure);
});

test('log axis without epsilon 0 has no break; with only epsilon 0 it says why it stays linear', () => {
  const noZero = accuracyFigure(sweepResults('m', [30, 20], { epsilons: [0.01, 0.1] }), { logX: true });
  assert.equal(noZero.data.length, 1);
  assert.deepEqual(noZero.layout.shapes, []);
  assert.equal(noZero.layout.xaxis!.type, 'log');
  const onlyZero = accuracyFigure(sweepResults('m', [30], { epsilons: [0] }), { logX: true });
  assert.equal(onlyZero.layout.xaxis!.type, 'linear');
  assert.match(onlyZero.layout.xaxis!.title!.text, /linear shown/);
});

test('modelsComparisonFigure: one subplot per model, each titled from its own results, shared y axis', () => {
  const models = [sweepResults('resnet18', CORRECT), sweepResults('resnet101', [38, 37, 30, 12, 4]), sweepResults('custom_resnet', [33, 30, 18, 2, 0])];
  for (const logX of [false, true]) {
    const figure = modelsComparisonFigure(models, { logX });
    const titles = figure.layout.annotations!.map((a) => a.text);
    assert.deepEqual(titles, ['<b>resnet18</b>', '<b>resnet101</b>', '<b>custom_resnet</b>']);
    models.forEach((model, i) => {
      const axisId = i === 0 ? 'x' : `x${i + 1}`;
      const traces = figure.data.filter((t) => t.xaxis === axisId);
      assert.equal(traces.length, logX ? 2 : 1);
      // The title above subplot i and the curve in it come from the same results: no swapped labels.
      const accuracies = traces.flatMap((t) => t.y).sort();
      assert.deepEqual(accuracies, model.epsilons.map((e) => e.accuracy).sort());
      assert.ok(traces.every((t) => t.yaxis === 'y'), 'every subplot uses the shared y axis');
      const domain = (i === 0 ? figure.layout.xaxis : figure.layout[`xaxis${i + 1}`])!.domain!;
      const centre = figure.layout.annotations![i]!.x;
      assert.ok(domain[0] < centre && centre < domain[1], `title ${i} is centred over its own subplot`);
    });
    const domains = [figure.layout.xaxis, figure.layout.xaxis2, figure.layout.xaxis3].map((a) => a!.domain!);
    assert.ok(domains[0]![1] < domains[1]![0] && domains[1]![1] < domains[2]![0], 'subplots side by side, not overlapping');
    assertTitlesAreObjects(figure);
  }
});

test('modelsComparisonFigure tells apart two sweeps of the same model by engine', () => {
  const figure = modelsComparisonFigure([sweepResults('resnet18', CORRECT, { engine: 'wasm' }), sweepResults('resnet18', CORRECT, { engine: 'cpu' })]);
  assert.deepEqual(figure.layout.annotations!.map((a) => a.text), ['<b>resnet18 (wasm)</b>', '<b>resnet18 (cpu)</b>']);
  assert.throws(() => modelsComparisonFigure([]), /no results given/);
});

test('trainingCurveFigure shows train and validation loss and accuracy per epoch, best epoch marked', () => {
  const history = trainingHistory();
  const figure = trainingCurveFigure(history);
  const byAxis = (axis: string) => figure.data.filter((t) => t.yaxis === axis);
  assert.deepEqual(byAxis('y').map((t) => t.name), ['train', 'validation']);
  assert.deepEqual(byAxis('y')[1]!.y, history.map((r) => r.valLoss));
  assert.deepEqual(byAxis('y2')[0]!.y, history.map((r) => r.trainAccuracy));
  assert.deepEqual(byAxis('y2')[0]!.x, [1, 2, 3, 4]);
  const best = figure.data.at(-1)!;
  assert.deepEqual([best.x, best.y], [[3], [0.74]]);
  assert.equal(figure.layout.xaxis!.title!.text, 'Epoch');
  assert.equal(figure.layout.yaxis!.title!.text, 'Loss (cross-entropy)');
  assert.equal(figure.layout.yaxis2!.title!.text, 'Accuracy');
  assertTitlesAreObjects(figure);
  assert.throws(() => trainingCurveFigure([]), /history is empty/);
});

test('classDistributionFigure is a bar per person with names as categories, escaped for Plotly', () => {
  const counts = [
    { name: 'Amara Okafor', count: 12 },
    { name: 'Kenji Morita', count: 9 },
    { name: 'A<br>B', count: 0 },
    { name: '7', count: 3 },
  ];
  const figure = classDistributionFigure(counts);
  const [bars] = figure.data;
  assert.equal(bars!.type, 'bar');
  assert.deepEqual(bars!.x, ['Amara Okafor', 'Kenji Morita', 'A&lt;br&gt;B', '7']);
  assert.deepEqual(bars!.y, [12, 9, 0, 3]);
  assert.equal(figure.layout.xaxis!.type, 'category');
  assert.equal(figure.layout.xaxis!.title!.text, 'Person');
  assert.equal(figure.layout.yaxis!.title!.text, 'Images');
  assert.match(figure.layout.title.text, /4 people, 24 images/);
  assertTitlesAreObjects(figure);
  assert.throws(() => classDistributionFigure([...counts, { name: 'Kenji Morita', count: 1 }]), /"Kenji Morita" appears twice/);
});

test('figures are plain JSON: they survive a JSON round trip unchanged', () => {
  const figure = modelsComparisonFigure([sweepResults('resnet18', CORRECT)], { logX: true });
  assert.deepEqual(JSON.parse(JSON.stringify(figure)), figure);
});
