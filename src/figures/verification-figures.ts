/**
 * The verification study's figures: the clean ROC with its three thresholds, attack success vs
 * epsilon with 95% Wilson bands (one figure per threat), the "who can impersonate whom" matrix,
 * and a grid of the same faces (probe, adversarial probe, the target's enrolled photo, distances).
 */
import type { AttackRow, ImpersonationMatrix, VerificationExamples, VerificationResults } from '../verification/study.js';
import type { Threat } from '../verification/attack-pairs.js';
import type { Norm } from '../attacks/l2.js';
import { FIGURE_GRID_STYLE } from './examples-grid.js';
import { FACE_COLOURS, faceGridPng, type FaceGrid, type FaceGridLayout } from './face-grid.js';
import { escapePlotlyText } from './plotly-text.js';
import type { HeatmapTrace, PlotlyFigure, ScatterTrace } from './plotly-types.js';

const ATTACK_COLOURS: Record<string, string> = { fgsm: '#1f77b4', bim: '#9467bd', mifgsm: '#ff7f0e', pgd: '#d62728', noise: '#7f7f7f' };
const THRESHOLD_LABELS = { far: 'held-out FAR threshold', eer: 'held-out EER threshold', faceapi: "face-api's 0.6" } as const;

const percent = (rate: number) => `${(100 * rate).toFixed(1)}%`;

/** TAR against FAR on the test pairs (log FAR axis), with the three thresholds marked. */
export function verificationRocFigure(results: VerificationResults): PlotlyFigure<ScatterTrace> {
  const { clean, thresholds } = results;
  const floor = 1 / Math.max(10, clean.impostorPairs);
  const points = clean.roc.filter((p) => Number.isFinite(p.threshold));
  const curve: ScatterTrace = {
    type: 'scatter',
    mode: 'lines',
    name: 'ROC (test pairs)',
    x: points.map((p) => Math.max(p.far, floor)),
    y: points.map((p) => p.tar),
    hovertext: points.map((p) => `threshold ${p.threshold.toFixed(3)}: TAR ${percent(p.tar)}, FAR ${percent(p.far)}`),
    hovertemplate: '%{hovertext}<extra></extra>',
    line: { color: '#1f77b4', width: 2 },
  };
  const marks: ScatterTrace[] = (['far', 'eer', 'faceapi'] as const).map((choice, k) => {
    const { tar, far } = clean.at[choice];
    return {
      type: 'scatter',
      mode: 'markers',
      name: `${THRESHOLD_LABELS[choice]} (${thresholds[choice].value.toFixed(3)})`,
      x: [Math.max(far.rate ?? 0, floor)],
      y: [tar.rate],
      hovertext: [`${THRESHOLD_LABELS[choice]} ${thresholds[choice].value.toFixed(3)}: TAR ${percent(tar.rate ?? 0)}, FAR ${percent(far.rate ?? 0)}`],
      hovertemplate: '%{hovertext}<extra></extra>',
      marker: { size: 11, color: ['#d62728', '#2ca02c', '#9467bd'][k]!, symbol: ['circle', 'diamond', 'square'][k]! },
    };
  });
  return {
    data: [curve, ...marks],
    layout: {
      title: { text: `Clean verification: ${clean.genuinePairs} genuine and ${clean.impostorPairs} impostor test pairs (AUC ${clean.auc.toFixed(3)}, EER ${percent(clean.eer)})` },
      xaxis: { type: 'log', title: { text: 'false accept rate (log; 0 drawn at the axis floor)' } },
      yaxis: { title: { text: 'true accept rate' }, range: [0, 1.02], tickformat: '.0%' },
      hovermode: 'closest',
      margin: { t: 70 },
    },
  };
}

/** Success (decision flipped) against epsilon for each attack of one threat and norm, each with its 95% Wilson band. */
export function verificationSuccessFigure(results: VerificationResults, threat: Threat, norm: Norm = 'linf'): PlotlyFigure<ScatterTrace> {
  const rows = results.attacks.filter((row) => row.threat === threat && row.norm === norm);
  const attacks = [...new Set(rows.map((row) => row.attack))];
  const data: ScatterTrace[] = [];
  for (const attack of attacks) {
    const mine = rows.filter((row) => row.attack === attack).sort((a, b) => a.epsilon - b.epsilon);
    const x = mine.map((row) => row.epsilonText);
    const colour = ATTACK_COLOURS[attack] ?? '#333';
    data.push(
      { type: 'scatter', mode: 'lines', x, y: mine.map((row) => row.success.lower), line: { width: 0, color: colour }, showlegend: false, hoverinfo: 'skip', name: `${attack} low` },
      { type: 'scatter', mode: 'lines', x, y: mine.map((row) => row.success.upper), line: { width: 0, color: colour }, fill: 'tonexty', fillcolor: `${colour}33`, showlegend: false, hoverinfo: 'skip', name: `${attack} high` },
      {
        type: 'scatter',
        mode: 'lines+markers',
        name: escapePlotlyText(attack),
        x,
        y: mine.map((row) => row.success.rate),
        hovertext: mine.map((row: AttackRow) => `${attack} at ${row.epsilonText}: ${row.success.count}/${row.success.total} (${percent(row.success.rate ?? 0)}; 95% ${percent(row.success.lower)}-${percent(row.success.upper)}); after 8-bit saving ${row.success8Bit.count}`),
        hovertemplate: '%{hovertext}<extra></extra>',
        line: { color: colour, width: 2 },
        marker: { color: colour, size: 7 },
        cliponaxis: false,
      },
    );
  }
  const at = results.thresholds.attackedAt;
  const what = threat === 'dodging' ? 'genuine pairs rejected (dodging: escape your own identity)' : 'impostor pairs accepted (impersonation: be taken for the target)';
  return {
    data,
    layout: {
      title: { text: `${norm === 'l2' ? 'L2: ' : ''}${what}, threshold ${results.thresholds[at].value.toFixed(3)} (${THRESHOLD_LABELS[at]})` },
      xaxis: { type: 'category', title: { text: norm === 'l2' ? "epsilon (L2: the perturbation's Euclidean length)" : 'epsilon (L-inf)' } },
      yaxis: { title: { text: 'attack success (95% Wilson band)' }, range: [-0.02, 1.02], tickformat: '.0%' },
      hovermode: 'closest',
      margin: { t: 70 },
    },
  };
}

/** Who can impersonate whom: rows are the attacker's photo, columns the person claimed. */
export function impersonationMatrixFigure(matrix: ImpersonationMatrix): PlotlyFigure<HeatmapTrace> {
  const names = matrix.people.map(escapePlotlyText);
  return {
    data: [
      {
        type: 'heatmap',
        x: names,
        y: names,
        z: matrix.success.map((row) => row.map((cell) => cell)),
        zmin: 0,
        zmax: 1,
        colorscale: [
          [0, '#e8f0fe'],
          [1, '#c62828'],
        ],
        hovertext: matrix.success.map((row, s) =>
          row.map((cell, t) => (s === t ? 'same person' : cell === null ? 'already accepted before the attack' : `${names[s]} as ${names[t]}: ${cell ? 'accepted' : 'rejected'}, distance ${matrix.distanceAfter[s]![t]!.toFixed(3)}`)),
        ),
        hovertemplate: '%{hovertext}<extra></extra>',
        xgap: 2,
        ygap: 2,
        showscale: false,
      },
    ],
    layout: {
      title: { text: `Who can impersonate whom: ${matrix.attack.toUpperCase()} at epsilon ${(matrix.epsilon * 255).toFixed(1)}/255 (red = accepted as that person)` },
      xaxis: { type: 'category', title: { text: 'claimed identity (target)' } },
      yaxis: { type: 'category', title: { text: "attacker's photo" }, autorange: 'reversed' },
      margin: { t: 70 },
    },
  };
}

/** The same faces before and after impersonation: probe, adversarial probe, target; distances under them. */
export async function verificationExamplesPng(examples: VerificationExamples, threshold: number): Promise<Buffer> {
  const image = (pixels: Float32Array) => ({ pixels, height: examples.size, width: examples.size });
  const layout: FaceGridLayout = { ...FIGURE_GRID_STYLE, headerHeight: 84, imageSize: 120, imagesPerCell: 1, cellWidth: 210, captionLines: 2 };
  const grid: FaceGrid = {
    title: `Impersonation with ${examples.attack.toUpperCase()} at epsilon ${examples.epsilonText}`,
    notes: [`accepted as the target when the distance is below ${threshold.toFixed(3)}`],
    columnHeads: ['probe (clean)', 'adversarial probe', "target's enrolled photo"],
    rows: examples.items.map((e) => {
      const accepted = e.distanceAfter < threshold;
      return {
        label: [e.probeName, `as ${e.targetName}`],
        cells: [
          { image: image(e.probe), verdict: 'correct', captions: [`distance to target ${e.distanceBefore.toFixed(3)}`] },
          { image: image(e.adversarial), verdict: accepted ? 'target' : 'correct', captions: [[{ text: `distance ${e.distanceAfter.toFixed(3)}: ${accepted ? 'accepted' : 'rejected'}`, colour: accepted ? FACE_COLOURS.target : FACE_COLOURS.correct, bold: true }]] },
          { image: image(e.target), captions: [e.targetName] },
        ],
      };
    }),
  };
  return faceGridPng(grid, layout);
}
