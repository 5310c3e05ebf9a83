/**
 * Labelled grids of face images as one PNG (sharp): rows of images with captions under each and
 * an optional label column on the left; all text is one SVG layer, escaped and fitted to its cell.
 * Used for the sample faces, the worked FGSM example, the adversarial examples and the magnified
 * perturbations, all with Spanish captions.
 */
import sharp, { type OverlayOptions } from 'sharp';
import { FONT_FAMILY, fitText, svgText, type TextSpan } from '../figures/svg-text.js';

export interface GridCell {
  /** HWC RGB pixels, floats in [0, 1], `side` x `side`. */
  readonly pixels: Float32Array;
  readonly side: number;
  /** Lines under the image; a line may mix colours. */
  readonly captions?: readonly (string | readonly TextSpan[])[];
  /** Colour of a frame around the image (e.g. green = correct, red = fooled). */
  readonly frame?: string;
}

export interface GridRow {
  /** Lines in the left column (e.g. "ε = 0,01", "exactitud 40 %"). */
  readonly label?: readonly string[];
  readonly cells: readonly GridCell[];
  /** Shown in place of the images when the row has none (e.g. "no fooled example"). */
  readonly emptyNote?: string;
}

export interface ImageGridOptions {
  readonly title: string;
  readonly subtitle?: string;
  /** Side of each shown image in px (default 112); small faces are enlarged without smoothing. */
  readonly imageSize?: number;
  /** Cell width (default imageSize + 24, at least 120) so names fit under the image. */
  readonly cellWidth?: number;
}

export const CORRECT_COLOUR = '#1a7f37';
export const FOOLED_COLOUR = '#c62828';

const PADDING = 14;
const CAPTION_SIZE = 11;
const CAPTION_LINE = 14;
const LABEL_SIZE = 13;

export function toRgb8(pixels: Float32Array): Buffer {
  const bytes = Buffer.alloc(pixels.length);
  for (let i = 0; i < pixels.length; i++) bytes[i] = Math.round(Math.min(1, Math.max(0, pixels[i]!)) * 255);
  return bytes;
}

async function scaled(cell: GridCell, imageSize: number): Promise<Buffer> {
  if (cell.pixels.length !== cell.side * cell.side * 3) {
    throw new RangeError(`imageGridPng: an image has ${cell.pixels.length} values, expected ${cell.side}x${cell.side}x3.`);
  }
  // Nearest when enlarging: the perturbation's individual pixels stay visible as they are.
  return sharp(toRgb8(cell.pixels), { raw: { width: cell.side, height: cell.side, channels: 3 } })
    .resize(imageSize, imageSize, { kernel: imageSize >= cell.side ? 'nearest' : 'lanczos3', fit: 'fill' })
    .png()
    .toBuffer();
}

function captionSpans(line: string | readonly TextSpan[]): readonly TextSpan[] {
  return typeof line === 'string' ? [{ text: line }] : line;
}

/** Cuts a caption line to the width, keeping its colours (the last span is shortened). */
function fitSpans(spans: readonly TextSpan[], maxWidth: number): readonly TextSpan[] {
  const whole = spans.map((s) => s.text).join('');
  const fitted = fitText(whole, maxWidth, CAPTION_SIZE);
  if (fitted === whole) return spans;
  // fitted = the kept characters + "…": keep as many from the spans, then the ellipsis.
  let left = Array.from(fitted).length - 1;
  const out: TextSpan[] = [];
  for (const span of spans) {
    if (left <= 0) break;
    const chars = Array.from(span.text);
    out.push({ ...span, text: chars.slice(0, left).join('') });
    left -= chars.length;
  }
  const last = out[out.length - 1];
  if (last) out[out.length - 1] = { ...last, text: `${last.text.trimEnd()}…` };
  return out;
}

export async function imageGridPng(rows: readonly GridRow[], options: ImageGridOptions): Promise<Buffer> {
  if (rows.length === 0 || rows.every((r) => r.cells.length === 0)) throw new RangeError('imageGridPng: nothing to draw (no images).');
  const imageSize = options.imageSize ?? 112;
  const cellWidth = options.cellWidth ?? Math.max(120, imageSize + 24);
  const captionCount = Math.max(0, ...rows.flatMap((r) => r.cells.map((c) => c.captions?.length ?? 0)));
  const labelWidth = rows.some((r) => r.label && r.label.length > 0) ? 120 : 0;
  const columns = Math.max(...rows.map((r) => r.cells.length));
  const headerHeight = 26 + (options.subtitle ? 18 : 0) + 8;
  const rowHeight = imageSize + 8 + captionCount * CAPTION_LINE + 12;
  const width = PADDING * 2 + labelWidth + columns * cellWidth;
  const height = PADDING * 2 + headerHeight + rows.length * rowHeight;

  const svg: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="${FONT_FAMILY}">`,
    svgText(fitText(options.title, width - 2 * PADDING, 17, true), { x: PADDING, y: PADDING + 17, size: 17, bold: true }),
  ];
  if (options.subtitle) svg.push(svgText(fitText(options.subtitle, width - 2 * PADDING, 12), { x: PADDING, y: PADDING + 37, size: 12, colour: '#555' }));
  const images: OverlayOptions[] = [];
  for (const [r, row] of rows.entries()) {
    const top = PADDING + headerHeight + r * rowHeight;
    (row.label ?? []).forEach((line, i) => {
      svg.push(svgText(fitText(line, labelWidth - 8, i === 0 ? LABEL_SIZE + 1 : LABEL_SIZE - 1, i === 0), { x: PADDING, y: top + imageSize / 2 + i * 17, size: i === 0 ? LABEL_SIZE + 1 : LABEL_SIZE - 1, bold: i === 0, colour: i === 0 ? '#222' : '#555' }));
    });
    if (row.cells.length === 0 && row.emptyNote) {
      svg.push(svgText(fitText(row.emptyNote, columns * cellWidth - 16, LABEL_SIZE), { x: PADDING + labelWidth + 16, y: top + imageSize / 2, size: LABEL_SIZE, colour: '#777', italic: true }));
    }
    for (const [c, cell] of row.cells.entries()) {
      const left = PADDING + labelWidth + c * cellWidth + Math.round((cellWidth - imageSize) / 2);
      const imageTop = top + 4;
      images.push({ input: await scaled(cell, imageSize), left, top: imageTop });
      if (cell.frame) svg.push(`<rect x="${left - 2}" y="${imageTop - 2}" width="${imageSize + 4}" height="${imageSize + 4}" fill="none" stroke="${cell.frame}" stroke-width="3"/>`);
      const centre = PADDING + labelWidth + c * cellWidth + cellWidth / 2;
      (cell.captions ?? []).forEach((line, i) => {
        svg.push(svgText(fitSpans(captionSpans(line), cellWidth - 6), { x: centre, y: imageTop + imageSize + 6 + (i + 1) * CAPTION_LINE - 2, size: CAPTION_SIZE, anchor: 'middle' }));
      });
    }
  }
  svg.push('</svg>');
  return sharp({ create: { width, height, channels: 3, background: '#ffffff' } })
    .composite([...images, { input: Buffer.from(svg.join('\n'), 'utf8'), left: 0, top: 0 }])
    // A 256-colour palette (lightly dithered) makes these photo grids ~3x smaller than full-colour
    // PNG, which matters because every image is stored in the notebook and in the HTML report.
    .png({ palette: true, quality: 95, colours: 256, dither: 0.5, compressionLevel: 9 })
    .toBuffer();
}
