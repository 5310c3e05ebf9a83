/**
 * The adversarial examples of a sweep as one PNG (the original's grid of perturbed faces), made
 * with sharp: images are upscaled so faces are visible, and all text is one SVG layer on top.
 */
import sharp, { type KernelEnum } from 'sharp';
import type { AdversarialExample, SweepOutput } from '../eval/sweep.js';
import {
  CAPTION_FONT_SIZE,
  CORRECT_COLOUR,
  GRID_PADDING,
  MISCLASSIFIED_COLOUR,
  captionLines,
  cellPosition,
  examplesGridGeometry,
  rowTop,
  type GridGeometry,
} from './examples-grid-layout.js';
import { formatEpsilon, formatPercent } from './format.js';
import { FONT_FAMILY, fitText, svgText } from './svg-text.js';

export interface ExamplesGridOptions {
  /** Side of each shown image in px (default 128). */
  readonly imageSize?: number;
  /** Examples per row at most (default 5, as the original). */
  readonly maxPerRow?: number;
  readonly title?: string;
  /** Resampling; default 'nearest' when enlarging (the perturbation's pixels stay visible as they are), 'lanczos3' when shrinking. */
  readonly kernel?: keyof KernelEnum;
}

function className(classNames: readonly string[], label: number): string {
  // A label outside the list is shown as such rather than failing the whole figure.
  return classNames[label] ?? `class ${label}`;
}

/** HWC float [0,1] pixels to 8-bit RGB, clamped and rounded as encodePng does. */
function toRgb8(pixels: Float32Array): Buffer {
  const bytes = Buffer.alloc(pixels.length);
  for (let i = 0; i < pixels.length; i++) bytes[i] = Math.round(Math.min(1, Math.max(0, pixels[i]!)) * 255);
  return bytes;
}

async function scaledImage(pixels: Float32Array, inputSize: number, imageSize: number, kernel: keyof KernelEnum | undefined): Promise<Buffer> {
  return sharp(toRgb8(pixels), { raw: { width: inputSize, height: inputSize, channels: 3 } })
    .resize(imageSize, imageSize, { kernel: kernel ?? (imageSize >= inputSize ? 'nearest' : 'lanczos3'), fit: 'fill' })
    .png()
    .toBuffer();
}

function checkOutput(output: SweepOutput): void {
  const { results, exampleImages } = output;
  const expected = results.inputSize * results.inputSize * 3;
  if (exampleImages.length !== results.epsilons.length) {
    throw new RangeError(`examplesGridPng: ${exampleImages.length} image lists for ${results.epsilons.length} epsilons; pass the SweepOutput from runFgsmSweep unchanged.`);
  }
  results.epsilons.forEach((row, e) => {
    const images = exampleImages[e]!;
    if (images.length !== row.examples.length) {
      throw new RangeError(`examplesGridPng: epsilon ${row.epsilon} has ${row.examples.length} examples but ${images.length} images; pass the SweepOutput unchanged.`);
    }
    images.forEach((image, i) => {
      if (image.length !== expected) {
        throw new RangeError(`examplesGridPng: image ${i} at epsilon ${row.epsilon} has ${image.length} values, expected ${results.inputSize}x${results.inputSize}x3 = ${expected} (HWC RGB).`);
      }
    });
  });
}

function headerSvg(geometry: GridGeometry, title: string): string[] {
  const maxWidth = geometry.width - 2 * GRID_PADDING;
  const subtitle = 'caption: true person → prediction (its confidence)';
  const legend = 'ε = 0 row: clean images, still correct ✓';
  return [
    svgText(fitText(title, maxWidth, 18, true), { x: GRID_PADDING, y: GRID_PADDING + 18, size: 18, bold: true }),
    svgText(fitText(subtitle, maxWidth, 12), { x: GRID_PADDING, y: GRID_PADDING + 38, size: 12, colour: '#555' }),
    svgText(fitText(legend, maxWidth, 12), { x: GRID_PADDING, y: GRID_PADDING + 54, size: 12, colour: '#555' }),
  ];
}

function rowSvg(output: SweepOutput, classNames: readonly string[], geometry: GridGeometry, row: number): string[] {
  const result = output.results.epsilons[row]!;
  const top = rowTop(geometry, row);
  const middle = top + 10 + geometry.imageSize / 2;
  const parts = [
    `<line x1="${GRID_PADDING}" x2="${geometry.width - GRID_PADDING}" y1="${top}" y2="${top}" stroke="#ddd" stroke-width="1"/>`,
    svgText(`ε = ${formatEpsilon(result.epsilon)}`, { x: GRID_PADDING, y: middle - 4, size: 15, bold: true }),
    svgText(`accuracy ${formatPercent(result.accuracy)}`, { x: GRID_PADDING, y: middle + 14, size: 12, colour: '#555' }),
  ];
  if (result.examples.length === 0) {
    // Honest about an empty row: at ε = 0 the kept examples are the correct ones, else the fooled ones.
    const text = result.epsilon === 0 ? 'no correctly classified image' : 'no misclassified example';
    const left = cellPosition(geometry, row, 0).imageLeft;
    parts.push(svgText(text, { x: left, y: middle + 5, size: 14, colour: '#777', italic: true }));
    return parts;
  }
  result.examples.slice(0, geometry.columns).forEach((example: AdversarialExample, column) => {
    const cell = cellPosition(geometry, row, column);
    const correct = example.finalPrediction === example.trueLabel;
    const colour = correct ? CORRECT_COLOUR : MISCLASSIFIED_COLOUR;
    parts.push(`<rect x="${cell.imageLeft - 2}" y="${cell.imageTop - 2}" width="${geometry.imageSize + 4}" height="${geometry.imageSize + 4}" fill="none" stroke="${colour}" stroke-width="2"/>`);
    const lines = captionLines(
      { trueName: className(classNames, example.trueLabel), predictedName: className(classNames, example.finalPrediction), correct, confidence: example.finalConfidence },
      geometry.cellWidth - 8,
    );
    lines.forEach((spans, i) => parts.push(svgText(spans, { x: cell.centreX, y: cell.captionBaselines[i]!, size: CAPTION_FONT_SIZE, anchor: 'middle' })));
  });
  return parts;
}

/** The SVG text layer of the grid (exported so tests can check the escaping without rendering). */
export function examplesGridSvg(output: SweepOutput, classNames: readonly string[], geometry: GridGeometry, title: string): string {
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${geometry.width}" height="${geometry.height}" font-family="${FONT_FAMILY}">`,
    ...headerSvg(geometry, title),
    ...output.results.epsilons.flatMap((_, row) => rowSvg(output, classNames, geometry, row)),
    '</svg>',
  ];
  return parts.join('\n');
}

/** The geometry examplesGridPng uses for this output: one row per epsilon, columns = fullest row. */
export function examplesGridGeometryFor(output: SweepOutput, options: ExamplesGridOptions = {}): GridGeometry {
  const imageSize = options.imageSize ?? 128;
  const maxPerRow = options.maxPerRow ?? 5;
  if (!Number.isInteger(imageSize) || imageSize < 8) throw new RangeError(`examplesGridPng: imageSize must be a whole number of px >= 8, got ${imageSize}`);
  if (!Number.isInteger(maxPerRow) || maxPerRow < 1) throw new RangeError(`examplesGridPng: maxPerRow must be an integer >= 1, got ${maxPerRow}`);
  const fullest = Math.max(0, ...output.results.epsilons.map((r) => r.examples.length));
  return examplesGridGeometry(output.results.epsilons.length, Math.min(maxPerRow, Math.max(1, fullest)), imageSize);
}

/** PNG bytes of the examples grid; the caller writes the file. */
export async function examplesGridPng(output: SweepOutput, classNames: readonly string[], options: ExamplesGridOptions = {}): Promise<Buffer> {
  checkOutput(output);
  if (output.results.epsilons.length === 0) throw new RangeError('examplesGridPng: the sweep has no epsilons, so there is no row to draw.');
  const geometry = examplesGridGeometryFor(output, options);
  const title = options.title ?? `FGSM adversarial examples · ${output.results.model}`;
  const images = await Promise.all(
    output.results.epsilons.flatMap((result, row) =>
      output.exampleImages[row]!.slice(0, geometry.columns).map(async (pixels, column) => {
        const cell = cellPosition(geometry, row, column);
        return { input: await scaledImage(pixels, output.results.inputSize, geometry.imageSize, options.kernel), left: cell.imageLeft, top: cell.imageTop };
      }),
    ),
  );
  const text = Buffer.from(examplesGridSvg(output, classNames, geometry, title), 'utf8');
  return sharp({ create: { width: geometry.width, height: geometry.height, channels: 3, background: '#ffffff' } })
    .composite([...images, { input: text, left: 0, top: 0 }])
    .png()
    .toBuffer();
}
