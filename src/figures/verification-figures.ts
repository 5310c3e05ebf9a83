/**
 * The verification study's figures: the clean ROC with its three thresholds, attack success vs
 * epsilon with 95% Wilson bands (one figure per threat and norm), the "who can impersonate whom"
 * matrix, a grid of the same faces (probe, adversarial probe, the target's enrolled photo,
 * distances) and the region gallery (original, optimised eyeglasses or sticker, random colour). Words come from the locale's catalogue (English by default; Spanish in the notebook).
 */
import type { Norm } from '../attacks/l2.js';
import { DEFAULT_LOCALE, localeText, type Locale } from '../i18n/index.js';
import type { Threat } from '../verification/attack-pairs.js';
import type { AttackRow, ImpersonationMatrix, VerificationExamples, VerificationResults } from '../verification/study.js';
import { FIGURE_GRID_STYLE } from './examples-grid.js';
import { FACE_COLOURS, faceGridPng, type FaceGrid, type FaceGridLayout, type FaceVerdict } from './face-grid.js';
import { quantise8Bit } from '../eval/quantise.js';
import type { RegionExample } from '../verification/region-attacks.js';
import type { TransferCell } from '../verification/transfer.js';
import { localeSeparators } from './locale-layout.js';
import { escapePlotlyText } from './plotly-text.js';
import type { HeatmapTrace, PlotlyFigure, ScatterTrace } from './plotly-types.js';

const ATTACK_COLOURS: Record<string, string> = { fgsm: '#1f77b4', bim: '#9467bd', mifgsm: '#ff7f0e', pgd: '#d62728', noise: '#7f7f7f' };
const ATTACK_LABELS: Record<string, string> = { fgsm: 'FGSM', bim: 'BIM', mifgsm: 'MI-FGSM', pgd: 'PGD' };

export interface VerificationFigureOptions {
  readonly locale?: Locale;
}

function words(options: VerificationFigureOptions) {
  const { t, n } = localeText(options.locale ?? DEFAULT_LOCALE);
  return { v: t.verification, n };
}

/** An attack's name as figures show it (the noise baseline in the locale's words); with L2, FGSM is FGM. */
export function attackLabel(attack: string, norm: Norm = 'linf', locale: Locale = DEFAULT_LOCALE): string {
  if (attack === 'noise') return localeText(locale).t.verification.noise;
  return norm === 'l2' && attack === 'fgsm' ? 'FGM' : (ATTACK_LABELS[attack] ?? attack);
}

/** TAR against FAR on the test pairs (log FAR axis), with the three thresholds marked. */
export function verificationRocFigure(results: VerificationResults, options: VerificationFigureOptions = {}): PlotlyFigure<ScatterTrace> {
  const { v, n } = words(options);
  const { clean, thresholds } = results;
  const floor = 1 / Math.max(10, clean.impostorPairs);
  const points = clean.roc.filter((p) => Number.isFinite(p.threshold));
  const curve: ScatterTrace = {
    type: 'scatter',
    mode: 'lines',
    name: v.roc.curve,
    x: points.map((p) => Math.max(p.far, floor)),
    y: points.map((p) => p.tar),
    hovertext: points.map((p) => v.roc.point(p.threshold, p.tar, p.far)),
    hovertemplate: '%{hovertext}<extra></extra>',
    line: { color: '#1f77b4', width: 2 },
  };
  const marks: ScatterTrace[] = (['far', 'eer', 'faceapi'] as const).map((choice, k) => {
    const { tar, far } = clean.at[choice];
    return {
      type: 'scatter',
      mode: 'markers',
      name: `${v.thresholdLabel[choice]}: d < ${thresholds[choice].value.toFixed(3)}`,
      x: [Math.max(far.rate ?? 0, floor)],
      y: [tar.rate],
      hovertext: [`${v.thresholdLabel[choice]}: ${v.roc.point(thresholds[choice].value, tar.rate ?? 0, far.rate ?? 0)}`],
      hovertemplate: '%{hovertext}<extra></extra>',
      marker: { size: 11, color: ['#d62728', '#2ca02c', '#9467bd'][k]!, symbol: ['circle', 'diamond', 'square'][k]! },
    };
  });
  return {
    data: [curve, ...marks],
    layout: {
      title: { text: v.roc.title(clean.genuinePairs, clean.impostorPairs, clean.auc, clean.eer) },
      xaxis: { type: 'log', title: { text: v.roc.xAxis } },
      yaxis: { title: { text: v.roc.yAxis }, range: [0, 1.02], tickformat: '.0%' },
      hovermode: 'closest',
      margin: { t: 70 },
      ...localeSeparators(n),
    },
  };
}

/** Success (decision flipped) against epsilon for each attack of one threat and norm, each with its 95% Wilson band. */
export function verificationSuccessFigure(results: VerificationResults, threat: Threat, norm: Norm = 'linf', options: VerificationFigureOptions = {}): PlotlyFigure<ScatterTrace> {
  const { v, n } = words(options);
  const rows = results.attacks.filter((row) => row.threat === threat && row.norm === norm);
  const attacks = [...new Set(rows.map((row) => row.attack))];
  const data: ScatterTrace[] = [];
  for (const attack of attacks) {
    const mine = rows.filter((row) => row.attack === attack).sort((a, b) => a.epsilon - b.epsilon);
    const x = mine.map((row) => row.epsilonText);
    const colour = ATTACK_COLOURS[attack] ?? '#333';
    const label = attackLabel(attack, norm, options.locale);
    data.push(
      { type: 'scatter', mode: 'lines', x, y: mine.map((row) => row.success.lower), line: { width: 0, color: colour }, showlegend: false, hoverinfo: 'skip', name: label },
      { type: 'scatter', mode: 'lines', x, y: mine.map((row) => row.success.upper), line: { width: 0, color: colour }, fill: 'tonexty', fillcolor: `${colour}33`, showlegend: false, hoverinfo: 'skip', name: label },
      {
        type: 'scatter',
        mode: 'lines+markers',
        name: escapePlotlyText(label),
        x,
        y: mine.map((row) => row.success.rate),
        hovertext: mine.map((row: AttackRow) => v.success.hover(label, row.epsilonText, row.success.count, row.success.total, row.success.rate ?? 0, row.success.lower, row.success.upper, row.success8Bit.count)),
        hovertemplate: '%{hovertext}<extra></extra>',
        line: { color: colour, width: 2 },
        marker: { color: colour, size: 7 },
        cliponaxis: false,
      },
    );
  }
  const at = results.thresholds.attackedAt;
  return {
    data,
    layout: {
      title: { text: v.success.title(norm === 'l2', v.success[threat], results.thresholds[at].value, v.thresholdLabel[at]) },
      xaxis: { type: 'category', title: { text: v.success.xAxis(norm === 'l2') } },
      yaxis: { title: { text: v.success.yAxis }, range: [-0.02, 1.02], tickformat: '.0%' },
      hovermode: 'closest',
      margin: { t: 70 },
      ...localeSeparators(n),
    },
  };
}

/** Who can impersonate whom: rows are the attacker's photo, columns the person claimed. */
export function impersonationMatrixFigure(matrix: ImpersonationMatrix, options: VerificationFigureOptions = {}): PlotlyFigure<HeatmapTrace> {
  const { v, n } = words(options);
  const names = matrix.people.map(escapePlotlyText);
  return {
    data: [
      {
        type: 'heatmap',
        x: names,
        y: names,
        z: matrix.success.map((row) => [...row]),
        zmin: 0,
        zmax: 1,
        colorscale: [
          [0, '#e8f0fe'],
          [1, '#c62828'],
        ],
        hovertext: matrix.success.map((row, s) => row.map((cell, t) => (s === t ? v.matrix.same : cell === null ? v.matrix.alreadyAccepted : v.matrix.cell(names[s]!, names[t]!, cell === 1, matrix.distanceAfter[s]![t]!)))),
        hovertemplate: '%{hovertext}<extra></extra>',
        xgap: 2,
        ygap: 2,
        showscale: false,
      },
    ],
    layout: {
      title: { text: v.matrix.title(attackLabel(matrix.attack), `${Math.round(matrix.epsilon * 255 * 10) / 10}/255`) },
      xaxis: { type: 'category', title: { text: v.matrix.xAxis } },
      yaxis: { type: 'category', title: { text: v.matrix.yAxis }, autorange: 'reversed' },
      margin: { t: 70 },
      ...localeSeparators(n),
    },
  };
}

/** The same faces before and after impersonation: probe, adversarial probe, target; distances under them. */
export async function verificationExamplesPng(examples: VerificationExamples, threshold: number, options: VerificationFigureOptions & { readonly palette?: boolean } = {}): Promise<Buffer> {
  const { v } = words(options);
  const image = (pixels: Float32Array) => ({ pixels, height: examples.size, width: examples.size });
  const layout: FaceGridLayout = { ...FIGURE_GRID_STYLE, palette: options.palette ?? false, headerHeight: 84, imageSize: 120, imagesPerCell: 1, cellWidth: 230, captionLines: 2 };
  const grid: FaceGrid = {
    title: v.faces.title(attackLabel(examples.attack, 'linf', options.locale), examples.epsilonText),
    notes: [v.faces.note(threshold)],
    columnHeads: v.faces.heads,
    rows: examples.items.map((e) => {
      const accepted = e.distanceAfter < threshold;
      return {
        label: [e.probeName, v.faces.as(e.targetName)],
        cells: [
          { image: image(e.probe), verdict: 'correct', captions: [v.faces.before(e.distanceBefore)] },
          { image: image(e.adversarial), verdict: accepted ? 'target' : 'correct', captions: [[{ text: v.faces.after(e.distanceAfter, accepted), colour: accepted ? FACE_COLOURS.target : FACE_COLOURS.correct, bold: true }]] },
          { image: image(e.target), captions: [e.targetName] },
        ],
      };
    }),
  };
  return faceGridPng(grid, layout);
}

/**
 * The region gallery: per attacked pair, the original face, the face with the optimised region and
 * with a random solid colour of the same shape, each with the recognizer's decision and distance
 * (after 8-bit saving, as the reported rates).
 */
export async function regionGalleryPng(examples: readonly RegionExample[], threshold: number, coverage: number, options: VerificationFigureOptions & { readonly palette?: boolean } = {}): Promise<Buffer> {
  const { v } = words(options);
  const first = examples[0];
  if (!first) throw new Error('regionGalleryPng: no examples to show.');
  // Chips are square; the mask has one entry per pixel.
  const size = Math.round(Math.sqrt(first.mask.length));
  const image = (pixels: Float32Array) => ({ pixels, height: size, width: size });
  const layout: FaceGridLayout = { ...FIGURE_GRID_STYLE, palette: options.palette ?? false, headerHeight: 100, imageSize: 120, imagesPerCell: 1, cellWidth: 230, captionLines: 2 };
  const decided = (distance: number) => {
    const accepted = distance < threshold;
    const goal = first.threat === 'dodging' ? !accepted : accepted;
    return { verdict: (goal ? 'wrong' : 'correct') as FaceVerdict, captions: [[{ text: v.regions.distance(distance, accepted), colour: goal ? FACE_COLOURS.wrong : FACE_COLOURS.correct, bold: goal }]] };
  };
  const grid: FaceGrid = {
    title: v.regions.title(v.regions.names[first.region] ?? first.region, v.regions.threats[first.threat] ?? first.threat),
    notes: v.regions.notes(threshold, coverage),
    columnHeads: v.regions.heads,
    rows: examples.map((e) => ({
      label: [e.probeName, v.regions.as(e.claimedName)],
      cells: [
        { image: image(e.original), ...decided(e.distanceBefore) },
        { image: image(quantise8Bit(e.optimised)), ...decided(e.distanceOptimised) },
        { image: image(quantise8Bit(e.random)), ...decided(e.distanceRandom) },
      ],
    })),
  };
  return faceGridPng(grid, layout);
}

/**
 * The transfer table of one threat as a heatmap: a row per (source model, attack), a column per
 * target model; each cell the target's success rate on its own eligible pairs, with the counts;
 * the Wilson interval in the hover. The diagonal (source = target) is the white-box attack.
 */
export function transferFigure(results: VerificationResults, threat: Threat, options: VerificationFigureOptions = {}): PlotlyFigure<HeatmapTrace> {
  const { v, n } = words(options);
  const transfer = results.transfer;
  if (!transfer) throw new Error('transferFigure: this run has no transfer table (no classifier was given).');
  const cells = transfer.cells.filter((cell) => cell.threat === threat);
  const label = (attack: string, epsilonText: string) => (attack === 'glasses' ? v.transfer.glasses : `${attackLabel(attack, 'linf', options.locale)} ${epsilonText}`);
  const rows = [...new Map(cells.map((cell) => [`${cell.source}|${cell.attack}|${cell.epsilonText}`, cell])).values()];
  // The first model is always the recognizer: named in the locale's words.
  const shown = (model: string) => escapePlotlyText(model === transfer.models[0] ? v.transfer.recognizer : model);
  const models = transfer.models.map(shown);
  const find = (row: TransferCell, target: string) => cells.find((c) => c.source === row.source && c.attack === row.attack && c.epsilonText === row.epsilonText && c.target === target)!;
  const y = rows.map((row) => (row.baseline ? v.transfer.randomFrame : v.transfer.row(shown(row.source), label(row.attack, row.epsilonText))));
  return {
    data: [
      {
        type: 'heatmap',
        x: models,
        y,
        z: rows.map((row) => transfer.models.map((target) => find(row, target).success.rate)),
        zmin: 0,
        zmax: 1,
        colorscale: [
          [0, '#e8f0fe'],
          [1, '#c62828'],
        ],
        text: rows.map((row) => transfer.models.map((target) => {
          const { rate, count, total } = find(row, target).success;
          return rate === null ? '-' : v.transfer.cell(rate, count, total);
        })),
        texttemplate: '%{text}',
        hovertext: rows.map((row) => transfer.models.map((target) => {
          const { rate, count, total, lower, upper } = find(row, target).success;
          return v.transfer.hover(row.baseline ? v.transfer.randomFrame : shown(row.source), shown(target), label(row.attack, row.epsilonText), count, total, rate ?? 0, lower, upper);
        })),
        hovertemplate: '%{hovertext}<extra></extra>',
        xgap: 2,
        ygap: 2,
        showscale: false,
      },
    ],
    layout: {
      title: { text: v.transfer.title(v.regions.threatShort[threat] ?? threat) },
      xaxis: { type: 'category', title: { text: v.transfer.xAxis }, side: 'top' },
      yaxis: { type: 'category', title: { text: v.transfer.yAxis }, autorange: 'reversed', automargin: true },
      margin: { t: 120, l: 260 },
      ...localeSeparators(n),
    },
  };
}
