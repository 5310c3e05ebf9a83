/**
 * Geometry and text of the adversarial-examples grid, with no image work, so sizes and captions
 * can be checked without rendering: a header, then one row per epsilon with its label on the left
 * and up to `columns` examples, each with a caption under it.
 */
import { formatConfidence } from './format.js';
import { estimateTextWidth, fitText, type TextSpan } from './svg-text.js';

export const GRID_PADDING = 16;
export const GRID_HEADER_HEIGHT = 84;
export const GRID_LABEL_WIDTH = 118;
export const CAPTION_FONT_SIZE = 13;
export const CAPTION_LINE_HEIGHT = 17;
/** Space above each image inside its row, and between image and caption. */
const IMAGE_TOP_GAP = 10;
const CAPTION_GAP = 6;
const ROW_BOTTOM_GAP = 10;

export const MISCLASSIFIED_COLOUR = '#c62828';
export const CORRECT_COLOUR = '#2e7d32';

export interface GridGeometry {
  readonly width: number;
  readonly height: number;
  readonly rows: number;
  readonly columns: number;
  readonly imageSize: number;
  readonly cellWidth: number;
  readonly rowHeight: number;
}

/** Total size and cell sizes for `rows` epsilons of up to `columns` examples of `imageSize` px. */
export function examplesGridGeometry(rows: number, columns: number, imageSize: number): GridGeometry {
  // Cells are wider than the image so a caption like "Amara Okafor → Kenji Morita (87%)" has room.
  const cellWidth = Math.max(imageSize + 24, 200);
  const rowHeight = IMAGE_TOP_GAP + imageSize + CAPTION_GAP + 2 * CAPTION_LINE_HEIGHT + ROW_BOTTOM_GAP;
  return {
    width: 2 * GRID_PADDING + GRID_LABEL_WIDTH + columns * cellWidth,
    height: GRID_HEADER_HEIGHT + rows * rowHeight + GRID_PADDING,
    rows,
    columns,
    imageSize,
    cellWidth,
    rowHeight,
  };
}

export interface CellPosition {
  /** Top-left of the image. */
  readonly imageLeft: number;
  readonly imageTop: number;
  /** Centre of the cell (captions are centred on it) and the caption baselines. */
  readonly centreX: number;
  readonly captionBaselines: readonly [number, number];
}

export function rowTop(geometry: GridGeometry, row: number): number {
  return GRID_HEADER_HEIGHT + row * geometry.rowHeight;
}

export function cellPosition(geometry: GridGeometry, row: number, column: number): CellPosition {
  const cellLeft = GRID_PADDING + GRID_LABEL_WIDTH + column * geometry.cellWidth;
  const imageTop = rowTop(geometry, row) + IMAGE_TOP_GAP;
  const firstBaseline = imageTop + geometry.imageSize + CAPTION_GAP + CAPTION_FONT_SIZE;
  return {
    imageLeft: cellLeft + Math.floor((geometry.cellWidth - geometry.imageSize) / 2),
    imageTop,
    centreX: cellLeft + geometry.cellWidth / 2,
    captionBaselines: [firstBaseline, firstBaseline + CAPTION_LINE_HEIGHT],
  };
}

export interface CaptionInput {
  readonly trueName: string;
  readonly predictedName: string;
  readonly correct: boolean;
  readonly confidence: number;
}

/**
 * One or two caption lines: "Amara Okafor → Kenji Morita (87%)" on one line when it fits, else the
 * true name above "→ Kenji Morita (87%)"; a still-correct image reads "Amara Okafor ✓ (99%)".
 * The percentage is the model's confidence in what it predicted.
 */
export function captionLines(caption: CaptionInput, maxWidth: number): TextSpan[][] {
  const colour = caption.correct ? CORRECT_COLOUR : MISCLASSIFIED_COLOUR;
  const verdict = caption.correct ? `✓ (${formatConfidence(caption.confidence)})` : `→ ${caption.predictedName} (${formatConfidence(caption.confidence)})`;
  if (estimateTextWidth(`${caption.trueName} ${verdict}`, CAPTION_FONT_SIZE) <= maxWidth) {
    return [[{ text: `${caption.trueName} ` }, { text: verdict, colour }]];
  }
  const suffix = caption.correct ? '' : ` (${formatConfidence(caption.confidence)})`;
  const predicted = caption.correct ? verdict : `→ ${fitText(caption.predictedName, maxWidth - estimateTextWidth(`→ ${suffix}`, CAPTION_FONT_SIZE), CAPTION_FONT_SIZE)}${suffix}`;
  return [[{ text: fitText(caption.trueName, maxWidth, CAPTION_FONT_SIZE) }], [{ text: predicted, colour }]];
}
