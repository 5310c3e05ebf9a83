/**
 * The same faces at every epsilon as one PNG (sharp + one SVG text layer): rows = epsilons,
 * columns = faces; each cell shows the image the model sees, next to it the perturbation
 * x_adv - x magnified (-eps..+eps = black..white), and under both the model's top-3 answers.
 * Unlike the original grid (other images in every row), a face can be followed down its column.
 */
import sharp from 'sharp';
import type { AttackExamples } from '../eval/examples.js';
import type { Rate } from '../eval/wilson.js';
import { CORRECT_COLOUR, MISCLASSIFIED_COLOUR } from './examples-grid-layout.js';
import { TARGET_COLOUR } from './epsilon-slider-figure.js';
import { facePng, magnifiedPerturbation } from './face-image.js';
import { formatConfidence, formatPercent } from './format.js';
import { epsilonLabel } from './robustness-format.js';
import { FONT_FAMILY, fitText, svgText } from './svg-text.js';

export interface SameFacesGridOptions {
  /** Side of each shown image in px (default 96). */
  readonly imageSize?: number;
  readonly title?: string;
  /** Robust accuracy of the whole test set per example row, shown under the row's epsilon. */
  readonly robustAccuracy?: readonly (Rate | undefined)[];
}

const PADDING = 16;
const HEADER = 96;
const LABEL_WIDTH = 118;
const GAP = 6;
const LINE = 15;
const FONT = 12;

export interface SameFacesGeometry {
  readonly width: number;
  readonly height: number;
  readonly imageSize: number;
  readonly cellWidth: number;
  readonly rowHeight: number;
}

export function sameFacesGeometry(rows: number, faces: number, imageSize = 96): SameFacesGeometry {
  const cellWidth = Math.max(2 * imageSize + GAP + 16, 190);
  const rowHeight = 8 + imageSize + GAP + 3 * LINE + 10;
  return { width: 2 * PADDING + LABEL_WIDTH + faces * cellWidth, height: HEADER + rows * rowHeight + PADDING, imageSize, cellWidth, rowHeight };
}

function cell(g: SameFacesGeometry, row: number, face: number) {
  const left = PADDING + LABEL_WIDTH + face * g.cellWidth + Math.floor((g.cellWidth - (2 * g.imageSize + GAP)) / 2);
  const top = HEADER + row * g.rowHeight + 8;
  return { left, top, perturbationLeft: left + g.imageSize + GAP, captionTop: top + g.imageSize + GAP };
}

/** The SVG text layer (exported so tests can read it without rendering). */
export function sameFacesSvg(examples: AttackExamples, classNames: readonly string[], g: SameFacesGeometry, order: readonly number[], options: SameFacesGridOptions = {}): string {
  const name = (label: number) => classNames[label] ?? `class ${label}`;
  const maxWidth = g.width - 2 * PADDING;
  const title = options.title ?? `${examples.attack}: the same ${examples.clean.length} faces at every ε`;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${g.width}" height="${g.height}" font-family="${FONT_FAMILY}">`,
    svgText(fitText(title, maxWidth, 18, true), { x: PADDING, y: PADDING + 18, size: 18, bold: true }),
    svgText(fitText('each cell: left, the image the model sees; right, the perturbation magnified (−ε black … +ε white, grey = unchanged)', maxWidth, 12), { x: PADDING, y: PADDING + 38, size: 12, colour: '#555' }),
    svgText(
      [
        { text: 'under it, the top 3 answers: ' },
        { text: 'true person', colour: CORRECT_COLOUR },
        { text: ', ' },
        ...(examples.targeted ? [{ text: 'impersonation target', colour: TARGET_COLOUR }, { text: ', ' }] : []),
        { text: 'a wrong top answer', colour: MISCLASSIFIED_COLOUR },
      ],
      { x: PADDING, y: PADDING + 54, size: 12, colour: '#555' },
    ),
  ];
  examples.labels.forEach((label, f) => {
    const c = cell(g, 0, f);
    parts.push(svgText(fitText(`${f + 1}. ${name(label)}`, g.cellWidth - 8, 13, true), { x: c.left, y: HEADER - 8, size: 13, bold: true }));
  });
  order.forEach((r, row) => {
    const data = examples.rows[r]!;
    const top = HEADER + row * g.rowHeight;
    const middle = top + 8 + g.imageSize / 2;
    parts.push(`<line x1="${PADDING}" x2="${g.width - PADDING}" y1="${top}" y2="${top}" stroke="#ddd" stroke-width="1"/>`);
    parts.push(svgText(`ε = ${data.epsilon === 0 ? '0 (clean)' : epsilonLabel(data.epsilon)}`, { x: PADDING, y: middle - 4, size: 14, bold: true }));
    const robust = options.robustAccuracy?.[r];
    if (robust && robust.rate !== null) parts.push(svgText(`robust acc. ${formatPercent(robust.rate)}`, { x: PADDING, y: middle + 14, size: 12, colour: '#555' }));
    data.top.forEach((top3, f) => {
      const c = cell(g, row, f);
      const truth = examples.labels[f]!;
      const target = examples.targets?.[f];
      const frame = top3[0]!.label === truth ? CORRECT_COLOUR : top3[0]!.label === target ? TARGET_COLOUR : MISCLASSIFIED_COLOUR;
      parts.push(`<rect x="${c.left - 2}" y="${c.top - 2}" width="${g.imageSize + 4}" height="${g.imageSize + 4}" fill="none" stroke="${frame}" stroke-width="2"/>`);
      if (data.epsilon === 0) parts.push(svgText('clean image', { x: c.perturbationLeft + g.imageSize / 2, y: c.top + g.imageSize / 2 + 4, size: 12, colour: '#777', italic: true, anchor: 'middle' }));
      top3.forEach((p, i) => {
        const colour = p.label === truth ? CORRECT_COLOUR : p.label === target ? TARGET_COLOUR : i === 0 ? MISCLASSIFIED_COLOUR : '#444';
        const text = fitText(`${i + 1}. ${name(p.label)} ${formatConfidence(p.probability)}`, 2 * g.imageSize + GAP, FONT, i === 0);
        parts.push(svgText([{ text, colour, bold: i === 0 }], { x: c.left, y: c.captionTop + FONT + i * LINE, size: FONT }));
      });
    });
  });
  parts.push('</svg>');
  return parts.join('\n');
}

/** PNG bytes of the grid; rows sorted by epsilon. */
export async function sameFacesGridPng(examples: AttackExamples, classNames: readonly string[], options: SameFacesGridOptions = {}): Promise<Buffer> {
  const faces = examples.clean.length;
  if (faces === 0 || examples.rows.length === 0) throw new RangeError('sameFacesGridPng: need at least one face and one epsilon.');
  const g = sameFacesGeometry(examples.rows.length, faces, options.imageSize ?? 96);
  const order = examples.rows.map((row, r) => ({ eps: row.epsilon, r })).sort((a, b) => a.eps - b.eps).map((o) => o.r);
  const layers = await Promise.all(
    order.flatMap((r, row) =>
      examples.rows[r]!.pixels.flatMap((pixels, f) => {
        const c = cell(g, row, f);
        const eps = examples.rows[r]!.epsilon;
        const adversarial = facePng(pixels, examples.height, examples.width, g.imageSize).then((input) => ({ input, left: c.left, top: c.top }));
        if (eps === 0) return [adversarial];
        const delta = magnifiedPerturbation(examples.clean[f]!, pixels, eps);
        return [adversarial, facePng(delta, examples.height, examples.width, g.imageSize).then((input) => ({ input, left: c.perturbationLeft, top: c.top }))];
      }),
    ),
  );
  const text = Buffer.from(sameFacesSvg(examples, classNames, g, order, options), 'utf8');
  return sharp({ create: { width: g.width, height: g.height, channels: 3, background: '#ffffff' } })
    .composite([...layers, { input: text, left: 0, top: 0 }])
    .png()
    .toBuffer();
}
