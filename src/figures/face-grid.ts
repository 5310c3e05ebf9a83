/**
 * The one renderer of face grids (the study's adversarial examples, the robustness run's same
 * faces, the notebook's figures): a title with note lines, rows of framed faces with caption lines
 * under each and a label column on the left, as one PNG made with sharp. All text is one SVG layer
 * on top, escaped and fitted to its cell, since nothing measures text here. Each figure keeps its
 * own sizes (a FaceGridStyle) so its layout, and the sizes tests assert, stay as they were.
 */
import sharp, { type KernelEnum, type OverlayOptions } from 'sharp';
import { facePng } from './face-image.js';
import { FONT_FAMILY, fitText, svgText, type TextSpan } from './svg-text.js';

/** Frame and caption colours of every face figure, so green means the same everywhere. */
export const FACE_COLOURS = { correct: '#2e7d32', wrong: '#c62828', target: '#1565c0' } as const;
export type FaceVerdict = keyof typeof FACE_COLOURS;

/** How a prediction reads for a face: its true person, the impersonation target, or another. */
export function verdictOf(label: number, truth: number, target?: number): FaceVerdict {
  return label === truth ? 'correct' : label === target ? 'target' : 'wrong';
}

/** HWC RGB floats in [0, 1]. */
export interface FaceImage {
  readonly pixels: Float32Array;
  readonly height: number;
  readonly width: number;
}

/** A caption or note line; a line may mix colours. */
export type TextLine = string | readonly TextSpan[];

export interface FaceCell {
  readonly image: FaceImage;
  /** Colour of the frame around the image; no frame when absent. */
  readonly verdict?: FaceVerdict;
  /** What the second image slot of a two-image layout shows: an image (e.g. the magnified perturbation) or a note. */
  readonly beside?: FaceImage | string;
  readonly captions?: readonly TextLine[];
}

export interface FaceRow {
  /** Lines in the label column: a bold first line (e.g. "ε = 0.01"), then grey ones. */
  readonly label?: readonly string[];
  readonly cells: readonly FaceCell[];
  /** Shown where the images would be when the row has none. */
  readonly emptyNote?: string;
}

export interface FaceGrid {
  readonly title: string;
  /** Grey lines under the title. */
  readonly notes?: readonly TextLine[];
  /** Bold names above the columns, at the bottom of the header. */
  readonly columnHeads?: readonly string[];
  readonly rows: readonly FaceRow[];
}

/** The sizes a figure family draws with. */
export interface FaceGridStyle {
  /** Left, right and bottom margin; the title sits this far from the top. */
  readonly padding: number;
  readonly titleSize: number;
  /** Width of the label column (0 = none). */
  readonly labelWidth: number;
  /** Font sizes of the first label line and of the rest, and the distance between their baselines. */
  readonly labelSizes: readonly [number, number];
  readonly labelLineGap: number;
  /** Font size of a row's empty note. */
  readonly noteSize: number;
  /** Space above the images in a row; between the two images of a cell; between image and caption; under the captions. */
  readonly imageTop: number;
  readonly imageGap: number;
  readonly captionGap: number;
  readonly rowBottom: number;
  readonly captionSize: number;
  readonly captionLine: number;
  /** Captions centred on the cell, or starting at the images' left edge. */
  readonly captionAlign: 'middle' | 'start';
  readonly frameWidth: number;
  /** A grey rule above every row. */
  readonly rules: boolean;
  /** A 256-colour PNG, ~3x smaller: for grids stored inline (the notebook and its HTML report). */
  readonly palette: boolean;
}

/** A style with the sizes of one grid. */
export interface FaceGridLayout extends FaceGridStyle {
  /** From the top edge to the first row. */
  readonly headerHeight: number;
  /** Side of each shown image in px; small faces are enlarged without smoothing. */
  readonly imageSize: number;
  readonly imagesPerCell: 1 | 2;
  readonly cellWidth: number;
  /** Caption lines every row leaves room for. */
  readonly captionLines: number;
  /** Resampling; default 'nearest' when enlarging (the perturbation's pixels stay visible as they are), 'lanczos3' when shrinking. */
  readonly kernel?: keyof KernelEnum;
}

export interface FaceGridGeometry extends FaceGridLayout {
  readonly width: number;
  readonly height: number;
  readonly rows: number;
  readonly columns: number;
  readonly rowHeight: number;
}

export function faceGridGeometry(layout: FaceGridLayout, rows: number, columns: number): FaceGridGeometry {
  const rowHeight = layout.imageTop + layout.imageSize + layout.captionGap + layout.captionLines * layout.captionLine + layout.rowBottom;
  return {
    ...layout,
    width: 2 * layout.padding + layout.labelWidth + columns * layout.cellWidth,
    height: layout.headerHeight + rows * rowHeight + layout.padding,
    rows,
    columns,
    rowHeight,
  };
}

export interface FaceCellPosition {
  readonly rowTop: number;
  /** Top-left of the (first) image, and the left of the second slot. */
  readonly imageLeft: number;
  readonly imageTop: number;
  readonly besideLeft: number;
  readonly cellLeft: number;
  /** Baseline of the first caption line. */
  readonly captionBaseline: number;
}

export function faceCellPosition(g: FaceGridGeometry, row: number, column: number): FaceCellPosition {
  const rowTop = g.headerHeight + row * g.rowHeight;
  const cellLeft = g.padding + g.labelWidth + column * g.cellWidth;
  const imageLeft = cellLeft + Math.floor((g.cellWidth - blockWidth(g)) / 2);
  const imageTop = rowTop + g.imageTop;
  return { rowTop, imageLeft, imageTop, besideLeft: imageLeft + g.imageSize + g.imageGap, cellLeft, captionBaseline: imageTop + g.imageSize + g.captionGap + g.captionSize };
}

function blockWidth(g: FaceGridLayout): number {
  return g.imagesPerCell * g.imageSize + (g.imagesPerCell - 1) * g.imageGap;
}

function spansOf(line: TextLine): readonly TextSpan[] {
  return typeof line === 'string' ? [{ text: line }] : line;
}

/** Cuts a line to the width, keeping its colours (the last kept span is shortened); bold if any span is. */
function fitSpans(line: TextLine, maxWidth: number, size: number): readonly TextSpan[] {
  const spans = spansOf(line);
  const whole = spans.map((s) => s.text).join('');
  const fitted = fitText(whole, maxWidth, size, spans.some((s) => s.bold));
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

function isImage(beside: FaceImage | string | undefined): beside is FaceImage {
  return typeof beside === 'object';
}

function columnsOf(grid: FaceGrid): number {
  return Math.max(1, ...grid.rows.map((r) => r.cells.length));
}

function headerSvg(grid: FaceGrid, g: FaceGridGeometry): string[] {
  const maxWidth = g.width - 2 * g.padding;
  const parts = [svgText(fitText(grid.title, maxWidth, g.titleSize, true), { x: g.padding, y: g.padding + g.titleSize, size: g.titleSize, bold: true })];
  (grid.notes ?? []).forEach((line, i) => parts.push(svgText(fitSpans(line, maxWidth, 12), { x: g.padding, y: g.padding + g.titleSize + 20 + 16 * i, size: 12, colour: '#555' })));
  (grid.columnHeads ?? []).forEach((head, c) => {
    parts.push(svgText(fitText(head, g.cellWidth - 8, 13, true), { x: faceCellPosition(g, 0, c).imageLeft, y: g.headerHeight - 8, size: 13, bold: true }));
  });
  return parts;
}

function rowSvg(row: FaceRow, r: number, g: FaceGridGeometry): string[] {
  const first = faceCellPosition(g, r, 0);
  const middle = first.imageTop + g.imageSize / 2;
  const parts = g.rules ? [`<line x1="${g.padding}" x2="${g.width - g.padding}" y1="${first.rowTop}" y2="${first.rowTop}" stroke="#ddd" stroke-width="1"/>`] : [];
  (row.label ?? []).forEach((line, i) => {
    const size = g.labelSizes[i === 0 ? 0 : 1];
    parts.push(svgText(fitText(line, g.labelWidth - 8, size, i === 0), { x: g.padding, y: middle - 4 + i * g.labelLineGap, size, bold: i === 0, colour: i === 0 ? '#222' : '#555' }));
  });
  if (row.cells.length === 0 && row.emptyNote) {
    const text = fitText(row.emptyNote, g.width - g.padding - first.imageLeft, g.noteSize);
    parts.push(svgText(text, { x: first.imageLeft, y: middle + 5, size: g.noteSize, colour: '#777', italic: true }));
  }
  row.cells.forEach((cell, c) => {
    const at = faceCellPosition(g, r, c);
    if (cell.verdict) {
      parts.push(`<rect x="${at.imageLeft - 2}" y="${at.imageTop - 2}" width="${g.imageSize + 4}" height="${g.imageSize + 4}" fill="none" stroke="${FACE_COLOURS[cell.verdict]}" stroke-width="${g.frameWidth}"/>`);
    }
    if (typeof cell.beside === 'string') {
      parts.push(svgText(cell.beside, { x: at.besideLeft + g.imageSize / 2, y: at.imageTop + g.imageSize / 2 + 4, size: 12, colour: '#777', italic: true, anchor: 'middle' }));
    }
    const centred = g.captionAlign === 'middle';
    (cell.captions ?? []).forEach((line, i) => {
      const spans = fitSpans(line, centred ? g.cellWidth - 6 : blockWidth(g), g.captionSize);
      const x = centred ? at.cellLeft + g.cellWidth / 2 : at.imageLeft;
      parts.push(svgText(spans, { x, y: at.captionBaseline + i * g.captionLine, size: g.captionSize, ...(centred ? { anchor: 'middle' as const } : {}) }));
    });
  });
  return parts;
}

/** The geometry faceGridPng draws this grid with: one row per grid row, columns = the fullest row. */
export function faceGridGeometryOf(grid: FaceGrid, layout: FaceGridLayout): FaceGridGeometry {
  return faceGridGeometry(layout, grid.rows.length, columnsOf(grid));
}

/** The SVG text layer (exported so tests can check captions and escaping without rendering). */
export function faceGridSvg(grid: FaceGrid, layout: FaceGridLayout): string {
  const g = faceGridGeometryOf(grid, layout);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${g.width}" height="${g.height}" font-family="${FONT_FAMILY}">`,
    ...headerSvg(grid, g),
    ...grid.rows.flatMap((row, r) => rowSvg(row, r, g)),
    '</svg>',
  ].join('\n');
}

async function placed(image: FaceImage, g: FaceGridGeometry, left: number, top: number): Promise<OverlayOptions> {
  if (image.pixels.length !== image.height * image.width * 3) {
    throw new RangeError(`faceGridPng: an image has ${image.pixels.length} values, expected ${image.height}x${image.width}x3.`);
  }
  return { input: await facePng(image.pixels, image.height, image.width, g.imageSize, g.kernel), left, top };
}

/** PNG bytes of the grid; the caller writes the file. */
export async function faceGridPng(grid: FaceGrid, layout: FaceGridLayout): Promise<Buffer> {
  if (grid.rows.length === 0) throw new RangeError('faceGridPng: no rows to draw.');
  const g = faceGridGeometryOf(grid, layout);
  const images = await Promise.all(
    grid.rows.flatMap((row, r) =>
      row.cells.flatMap((cell, c) => {
        const at = faceCellPosition(g, r, c);
        const beside = cell.beside;
        return [placed(cell.image, g, at.imageLeft, at.imageTop), ...(isImage(beside) ? [placed(beside, g, at.besideLeft, at.imageTop)] : [])];
      }),
    ),
  );
  const canvas = sharp({ create: { width: g.width, height: g.height, channels: 3, background: '#ffffff' } }).composite([
    ...images,
    { input: Buffer.from(faceGridSvg(grid, layout), 'utf8'), left: 0, top: 0 },
  ]);
  return (g.palette ? canvas.png({ palette: true, quality: 95, colours: 256, dither: 0.5, compressionLevel: 9 }) : canvas.png()).toBuffer();
}
