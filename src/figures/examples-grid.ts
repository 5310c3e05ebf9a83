/**
 * The adversarial examples of a sweep as one PNG (the original's grid of perturbed faces): a
 * header, then one row per epsilon with its label on the left and up to `maxPerRow` examples,
 * each upscaled so the face is visible and captioned with the true person and the prediction.
 */
import type { SweepOutput } from '../eval/sweep.js';
import { FACE_COLOURS, faceGridGeometry, faceGridPng, type FaceGrid, type FaceGridGeometry, type FaceGridLayout, type FaceGridStyle } from './face-grid.js';
import { DEFAULT_LOCALE, localeText, numberFormat, type Locale } from '../i18n/index.js';
import { estimateTextWidth, fitText, type TextSpan } from './svg-text.js';

export interface ExamplesGridOptions {
  /** Side of each shown image in px (default 128). */
  readonly imageSize?: number;
  /** Examples per row at most (default 5, as the original). */
  readonly maxPerRow?: number;
  readonly title?: string;
  /** Resampling; default 'nearest' when enlarging (the perturbation's pixels stay visible as they are), 'lanczos3' when shrinking. */
  readonly kernel?: FaceGridLayout['kernel'];
  /** Language of the title, notes, labels and confidences (default English); person names stay as they are. */
  readonly locale?: Locale;
}

/** Kept as the public name of the geometry tests and callers size the PNG with. */
export type GridGeometry = FaceGridGeometry;

export const CAPTION_FONT_SIZE = 13;

/** The sizes of the study's figure grids (the same-faces grid starts from them too). */
export const FIGURE_GRID_STYLE: FaceGridStyle = {
  padding: 16,
  titleSize: 18,
  labelWidth: 118,
  labelSizes: [15, 12],
  labelLineGap: 18,
  noteSize: 14,
  imageTop: 10,
  imageGap: 6,
  captionGap: 6,
  rowBottom: 10,
  captionSize: CAPTION_FONT_SIZE,
  captionLine: 17,
  captionAlign: 'middle',
  frameWidth: 2,
  rules: true,
  palette: false,
};

function examplesLayout(imageSize: number, kernel?: FaceGridLayout['kernel']): FaceGridLayout {
  // Cells are wider than the image so a caption like "Amara Okafor → Kenji Morita (87%)" has room.
  return { ...FIGURE_GRID_STYLE, headerHeight: 84, imageSize, imagesPerCell: 1, cellWidth: Math.max(imageSize + 24, 200), captionLines: 2, ...(kernel ? { kernel } : {}) };
}

/** Total size and cell sizes for `rows` epsilons of up to `columns` examples of `imageSize` px. */
export function examplesGridGeometry(rows: number, columns: number, imageSize: number): GridGeometry {
  return faceGridGeometry(examplesLayout(imageSize), rows, columns);
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
export function captionLines(caption: CaptionInput, maxWidth: number, locale: Locale = DEFAULT_LOCALE): TextSpan[][] {
  const confidence = numberFormat(locale).confidence(caption.confidence);
  const colour = caption.correct ? FACE_COLOURS.correct : FACE_COLOURS.wrong;
  const verdict = caption.correct ? `✓ (${confidence})` : `→ ${caption.predictedName} (${confidence})`;
  if (estimateTextWidth(`${caption.trueName} ${verdict}`, CAPTION_FONT_SIZE) <= maxWidth) {
    return [[{ text: `${caption.trueName} ` }, { text: verdict, colour }]];
  }
  const suffix = caption.correct ? '' : ` (${confidence})`;
  const predicted = caption.correct ? verdict : `→ ${fitText(caption.predictedName, maxWidth - estimateTextWidth(`→ ${suffix}`, CAPTION_FONT_SIZE), CAPTION_FONT_SIZE)}${suffix}`;
  return [[{ text: fitText(caption.trueName, maxWidth, CAPTION_FONT_SIZE) }], [{ text: predicted, colour }]];
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

function checkOptions(imageSize: number, maxPerRow: number): void {
  if (!Number.isInteger(imageSize) || imageSize < 8) throw new RangeError(`examplesGridPng: imageSize must be a whole number of px >= 8, got ${imageSize}`);
  if (!Number.isInteger(maxPerRow) || maxPerRow < 1) throw new RangeError(`examplesGridPng: maxPerRow must be an integer >= 1, got ${maxPerRow}`);
}

/** The grid and layout examplesGridPng draws (exported so tests can read the text without rendering). */
export function examplesGrid(output: SweepOutput, classNames: readonly string[], options: ExamplesGridOptions = {}): { grid: FaceGrid; layout: FaceGridLayout } {
  const imageSize = options.imageSize ?? 128;
  const maxPerRow = options.maxPerRow ?? 5;
  checkOptions(imageSize, maxPerRow);
  const layout = examplesLayout(imageSize, options.kernel);
  const side = output.results.inputSize;
  const locale = options.locale ?? DEFAULT_LOCALE;
  const { t, n } = localeText(locale);
  const words = t.examplesGrid;
  const className = (label: number) => classNames[label] ?? t.unknownClass(label);
  const grid: FaceGrid = {
    title: options.title ?? words.title(output.results.model),
    notes: [words.captionNote, words.cleanRowNote],
    rows: output.results.epsilons.map((result, row) => ({
      label: [`ε = ${n.number(result.epsilon)}`, words.accuracy(result.accuracy)],
      // Honest about an empty row: at ε = 0 the kept examples are the correct ones, else the fooled ones.
      emptyNote: result.epsilon === 0 ? words.noCorrect : words.noMisclassified,
      cells: result.examples.slice(0, maxPerRow).map((example, column) => {
        const correct = example.finalPrediction === example.trueLabel;
        const caption = { trueName: className(example.trueLabel), predictedName: className(example.finalPrediction), correct, confidence: example.finalConfidence };
        return { image: { pixels: output.exampleImages[row]![column]!, height: side, width: side }, verdict: correct ? 'correct' : 'wrong', captions: captionLines(caption, layout.cellWidth - 8, locale) };
      }),
    })),
  };
  return { grid, layout };
}

/** The geometry examplesGridPng uses for this output: one row per epsilon, columns = fullest row. */
export function examplesGridGeometryFor(output: SweepOutput, options: ExamplesGridOptions = {}): GridGeometry {
  const imageSize = options.imageSize ?? 128;
  const maxPerRow = options.maxPerRow ?? 5;
  checkOptions(imageSize, maxPerRow);
  const fullest = Math.max(0, ...output.results.epsilons.map((r) => r.examples.length));
  return examplesGridGeometry(output.results.epsilons.length, Math.min(maxPerRow, Math.max(1, fullest)), imageSize);
}

/** PNG bytes of the examples grid; the caller writes the file. */
export async function examplesGridPng(output: SweepOutput, classNames: readonly string[], options: ExamplesGridOptions = {}): Promise<Buffer> {
  checkOutput(output);
  if (output.results.epsilons.length === 0) throw new RangeError('examplesGridPng: the sweep has no epsilons, so there is no row to draw.');
  const { grid, layout } = examplesGrid(output, classNames, options);
  return faceGridPng(grid, layout);
}
