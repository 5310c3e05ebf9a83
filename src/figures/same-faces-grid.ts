/**
 * The same faces at every epsilon as one PNG: rows = epsilons, columns = faces; each cell shows
 * the image the model sees, next to it the perturbation x_adv - x magnified (-eps..+eps =
 * black..white), and under both the model's top-3 answers.
 * Unlike the original grid (other images in every row), a face can be followed down its column.
 */
import type { AttackExamples } from '../eval/examples.js';
import type { Rate } from '../eval/wilson.js';
import { FIGURE_GRID_STYLE } from './examples-grid.js';
import { FACE_COLOURS, faceGridGeometry, faceGridPng, verdictOf, type FaceGrid, type FaceGridGeometry, type FaceGridLayout } from './face-grid.js';
import { magnifiedPerturbation } from './face-image.js';
import { DEFAULT_LOCALE, localeText, type Locale } from '../i18n/index.js';

export interface SameFacesGridOptions {
  /** Side of each shown image in px (default 96). */
  readonly imageSize?: number;
  readonly title?: string;
  /** Robust accuracy of the whole test set per example row, shown under the row's epsilon. */
  readonly robustAccuracy?: readonly (Rate | undefined)[];
  /** Language of the title, notes and labels (default English); person names stay as they are. */
  readonly locale?: Locale;
}

function sameFacesLayout(imageSize: number): FaceGridLayout {
  return {
    ...FIGURE_GRID_STYLE,
    labelSizes: [14, 12],
    imageTop: 8,
    captionSize: 12,
    captionLine: 15,
    captionAlign: 'start',
    headerHeight: 96,
    imageSize,
    imagesPerCell: 2,
    cellWidth: Math.max(2 * imageSize + FIGURE_GRID_STYLE.imageGap + 16, 190),
    captionLines: 3,
  };
}

export function sameFacesGeometry(rows: number, faces: number, imageSize = 96): FaceGridGeometry {
  return faceGridGeometry(sameFacesLayout(imageSize), rows, faces);
}

/** The grid and layout sameFacesGridPng draws, rows sorted by epsilon (exported so tests can read the text). */
export function sameFacesGrid(examples: AttackExamples, classNames: readonly string[], options: SameFacesGridOptions = {}): { grid: FaceGrid; layout: FaceGridLayout } {
  const { t, n } = localeText(options.locale ?? DEFAULT_LOCALE);
  const words = t.sameFaces;
  const name = (label: number) => classNames[label] ?? t.unknownClass(label);
  const order = examples.rows.map((row, r) => ({ eps: row.epsilon, r })).sort((a, b) => a.eps - b.eps).map((o) => o.r);
  const image = (pixels: Float32Array) => ({ pixels, height: examples.height, width: examples.width });
  const grid: FaceGrid = {
    title: options.title ?? words.title(examples.attack, examples.clean.length),
    notes: [
      words.cellNote,
      [
        { text: words.answersNote },
        { text: words.truePerson, colour: FACE_COLOURS.correct },
        { text: ', ' },
        ...(examples.targeted ? [{ text: words.target, colour: FACE_COLOURS.target }, { text: ', ' }] : []),
        { text: words.wrongAnswer, colour: FACE_COLOURS.wrong },
      ],
    ],
    columnHeads: examples.labels.map((label, f) => `${f + 1}. ${name(label)}`),
    rows: order.map((r) => {
      const data = examples.rows[r]!;
      const robust = options.robustAccuracy?.[r];
      return {
        label: [...words.epsilonRow(data.epsilon === 0 ? undefined : n.epsilonLabel(data.epsilon)), ...(robust && robust.rate !== null ? [words.robustAccuracy(robust.rate)] : [])],
        cells: data.top.map((top3, f) => {
          const truth = examples.labels[f]!;
          const target = examples.targets?.[f];
          return {
            image: image(data.pixels[f]!),
            verdict: verdictOf(top3[0]!.label, truth, target),
            beside: data.epsilon === 0 ? words.cleanImage : image(magnifiedPerturbation(examples.clean[f]!, data.pixels[f]!, data.epsilon)),
            captions: top3.map((p, i) => {
              const verdict = verdictOf(p.label, truth, target);
              // Only the top answer is red when wrong; the runners-up are plain.
              const colour = verdict === 'wrong' && i > 0 ? '#444' : FACE_COLOURS[verdict];
              return [{ text: `${i + 1}. ${name(p.label)} ${n.confidence(p.probability)}`, colour, bold: i === 0 }];
            }),
          };
        }),
      };
    }),
  };
  return { grid, layout: sameFacesLayout(options.imageSize ?? 96) };
}

/** PNG bytes of the grid; rows sorted by epsilon. */
export async function sameFacesGridPng(examples: AttackExamples, classNames: readonly string[], options: SameFacesGridOptions = {}): Promise<Buffer> {
  if (examples.clean.length === 0 || examples.rows.length === 0) throw new RangeError('sameFacesGridPng: need at least one face and one epsilon.');
  const { grid, layout } = sameFacesGrid(examples, classNames, options);
  return faceGridPng(grid, layout);
}
