import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import {
  captionLines,
  escapeXml,
  estimateTextWidth,
  examplesGrid,
  examplesGridGeometry,
  examplesGridGeometryFor,
  examplesGridPng,
  faceCellPosition,
  faceGridSvg,
} from '../../src/figures/index.js';
import { sweepOutput } from './fixtures.js';

const NAMES = ['Amara Okafor', 'Kenji Morita', 'Lucia Ferran', 'Rahul Venkatesan'];

function examplesGridSvg(output: ReturnType<typeof sweepOutput>, names: readonly string[], title: string): string {
  const { grid, layout } = examplesGrid(output, names, { title });
  return faceGridSvg(grid, layout);
}

async function rawPixels(png: Buffer) {
  return sharp(png).raw().toBuffer({ resolveWithObject: true });
}

test('the grid PNG has one row per epsilon and as many columns as the fullest row (at most 5)', async () => {
  const output = sweepOutput([3, 0, 7, 2]);
  const png = await examplesGridPng(output, NAMES);
  const meta = await sharp(png).metadata();
  const expected = examplesGridGeometry(4, 5, 128);
  assert.equal(meta.format, 'png');
  assert.deepEqual([meta.width, meta.height], [expected.width, expected.height]);
  // One more row adds exactly one row height.
  const fiveRows = await sharp(await examplesGridPng(sweepOutput([3, 0, 7, 2, 1]), NAMES)).metadata();
  assert.equal(fiveRows.height! - meta.height!, expected.rowHeight);
  const narrow = await sharp(await examplesGridPng(sweepOutput([2, 2]), NAMES, { maxPerRow: 1, imageSize: 64 })).metadata();
  assert.deepEqual([narrow.width, narrow.height], [examplesGridGeometry(2, 1, 64).width, examplesGridGeometry(2, 1, 64).height]);
});

test('images are enlarged with nearest neighbour so the pixels (and any perturbation) stay as they were', async () => {
  const output = sweepOutput([1]);
  const { data, info } = await rawPixels(await examplesGridPng(output, NAMES));
  const geometry = examplesGridGeometryFor(output);
  const cell = faceCellPosition(geometry, 0, 0);
  // Centre of the 16 px test image: x = 8/16 -> 0.5, inside the 0.9-green square, y = 8/16.
  const at = ((cell.imageTop + 64) * info.width + cell.imageLeft + 64) * info.channels;
  assert.deepEqual([...data.subarray(at, at + 3)], [128, Math.round(Math.fround(0.9) * 255), 128]);
  // Top-left corner of the canvas is the white background.
  assert.deepEqual([...data.subarray(0, 3)], [255, 255, 255]);
});

test('captions name the people with the confidence; ε = 0 shows a tick; empty rows say so', () => {
  const output = sweepOutput([2, 1, 0]);
  const svg = examplesGridSvg(output, NAMES, 'title');
  assert.ok(svg.includes('Amara Okafor'));
  assert.ok(svg.includes('✓ (87%)'), 'ε = 0 examples are still correct');
  assert.ok(svg.includes('→ Kenji Morita (87%)'), 'ε > 0 examples show what the model now sees');
  assert.ok(svg.includes('no misclassified example'));
  assert.ok(svg.includes('ε = 0.001') && svg.includes('ε = 0.01'));
});

test('names with XML specials are escaped: "A&B <x>" renders and never reaches the SVG raw', async () => {
  const names = ['A&B <x>', 'Tom "Q" O\'Neil', 'ctl\u0001char', 'D'];
  const output = sweepOutput([2, 2, 1]);
  const svg = examplesGridSvg(output, names, 'Title with <&>');
  assert.ok(svg.includes('A&amp;B &lt;x&gt;'));
  assert.ok(!svg.includes('A&B <x>') && !svg.includes('<x>'));
  assert.ok(svg.includes('Title with &lt;&amp;&gt;'));
  assert.ok(!svg.includes('\u0001'), 'characters XML forbids are replaced');
  const meta = await sharp(await examplesGridPng(output, names, { title: 'Title with <&>' })).metadata();
  assert.equal(meta.format, 'png');
  assert.equal(escapeXml(`<a href='x'>&</a>`), '&lt;a href=&apos;x&apos;&gt;&amp;&lt;/a&gt;');
});

test('long names wrap to two lines and are cut with an ellipsis rather than overflow the cell', () => {
  const width = 192;
  const short = captionLines({ trueName: 'Ana', predictedName: 'Bo', correct: false, confidence: 0.5 }, width);
  assert.equal(short.length, 1);
  const long = captionLines({ trueName: 'Maximiliana Alexandrovna Konstantinopolskaya', predictedName: 'Bartholomew Fitzgerald-Worthington III', correct: false, confidence: 0.87 }, width);
  assert.equal(long.length, 2);
  for (const line of long) {
    const text = line.map((s) => s.text).join('');
    assert.ok(estimateTextWidth(text, 13) <= width, `"${text}" fits`);
    assert.ok(text.includes('…'));
  }
  assert.ok(long[1]!.map((s) => s.text).join('').endsWith('(87%)'), 'the confidence is never cut off');
});

test('a SweepOutput whose images do not match its results is refused with the fix', async () => {
  const output = sweepOutput([2]);
  await assert.rejects(examplesGridPng({ ...output, exampleImages: [[output.exampleImages[0]![0]!]] }, NAMES), /1 images; pass the SweepOutput unchanged/);
  await assert.rejects(examplesGridPng({ ...output, exampleImages: [[new Float32Array(10), new Float32Array(10)]] }, NAMES), /expected 16x16x3 = 768/);
});
