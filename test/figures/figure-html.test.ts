import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  accuracyFigure,
  classDistributionFigure,
  figureHtml,
  modelsComparisonFigure,
  plotlyBundle,
  plotlyBundleInfo,
  scriptElement,
  writeFigureHtml,
} from '../../src/figures/index.js';
import { sweepResults } from './fixtures.js';

function countOccurrences(haystack: string, needle: string): number {
  let count = 0;
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + needle.length)) count++;
  return count;
}

/** The figure specs as the page will read them. */
function embeddedFigures(html: string): unknown {
  const match = /<script type="application\/json" id="fgsm-figure-data">([\s\S]*?)<\/script>/.exec(html);
  assert.ok(match, 'the page carries its figures as JSON');
  return JSON.parse(match[1]!);
}

const threeFigures = () => [
  { figure: accuracyFigure(sweepResults('resnet18', [36, 34, 25, 6, 1])), title: 'Accuracy' },
  { figure: modelsComparisonFigure([sweepResults('resnet18', [36, 34, 25, 6, 1]), sweepResults('resnet101', [38, 37, 30, 12, 4])], { logX: true }), title: 'Models' },
  { figure: classDistributionFigure([{ name: 'Amara Okafor', count: 12 }, { name: 'Kenji Morita', count: 9 }]), title: 'Classes' },
];

test('plotlyBundle is the plotly.js source, read once and cached', () => {
  const bundle = plotlyBundle();
  assert.ok(bundle.length > 1_000_000, 'the whole bundle, not a stub');
  assert.ok(bundle.includes('newPlot'));
  assert.equal(plotlyBundle(), bundle);
  assert.match(plotlyBundleInfo().version ?? '', /^3\./);
});

test('figureHtml inlines the plotly bundle exactly once for 3 figures and carries every figure', () => {
  const figures = threeFigures();
  const html = figureHtml(figures, { title: 'FGSM study' });
  const bundle = plotlyBundle();
  // Three probes from different parts of the bundle: each must appear as often as in one bundle
  // (the minified bundle repeats its licence header), not once more per figure.
  for (const at of [0, Math.floor(bundle.length / 2), bundle.length - 400]) {
    const probe = bundle.slice(at, at + 300);
    assert.equal(countOccurrences(html, probe), countOccurrences(bundle, probe));
  }
  assert.ok(html.length < bundle.length + 100_000, 'one bundle plus a little page');
  assert.deepEqual(embeddedFigures(html), figures.map((f) => f.figure));
  for (let i = 0; i < 3; i++) assert.ok(html.includes(`id="fgsm-figure-${i}"`));
  assert.ok(html.includes('<h2>Models</h2>') && html.includes('<title>FGSM study</title>'));
  // Offline: the page around the bundle loads no script, style or link from anywhere.
  const page = html.replace(bundle, '');
  assert.doesNotMatch(page, /<script[^>]+src="(?!data:)/);
  assert.doesNotMatch(page, /<link[^>]+href=/);
  assert.doesNotMatch(page, /https?:\/\//);
});

test('text from data cannot end the script element or inject markup', () => {
  const evil = '</script><script>alert(1)</script> & <b>';
  const figure = accuracyFigure(sweepResults('resnet18', [36, 34, 25, 6, 1]), { title: evil });
  const html = figureHtml([{ figure, title: evil }], { title: evil });
  assert.ok(!html.includes('<script>alert(1)'), 'no injected script element');
  assert.ok(html.includes('<h2>&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;</h2>'));
  assert.equal((embeddedFigures(html) as { layout: { title: { text: string } } }[])[0]!.layout.title.text, evil);
});

test('scriptElement falls back to a data: URL for code that would break out of <script>', () => {
  assert.equal(scriptElement('var a = 1;'), '<script>var a = 1;</script>');
  const hazard = 'var s = "</script>"; var c = "<!--";';
  const element = scriptElement(hazard);
  const base64 = /^<script src="data:text\/javascript;base64,([^"]+)"><\/script>$/.exec(element)?.[1];
  assert.ok(base64);
  assert.equal(Buffer.from(base64, 'base64').toString('utf8'), hazard);
});

test('writeFigureHtml writes the page atomically, leaving no temporary file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'fgsm-html-'));
  try {
    const path = join(dir, 'nested', 'figures.html');
    const figures = threeFigures();
    await writeFigureHtml(path, figures, { title: 'FGSM study' });
    assert.equal(await readFile(path, 'utf8'), figureHtml(figures, { title: 'FGSM study' }));
    assert.deepEqual(await readdir(join(dir, 'nested')), ['figures.html']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
