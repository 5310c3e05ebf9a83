/**
 * The same few faces stepped through the epsilon sweep with a slider: one Plotly image trace per
 * (epsilon, face), only the current epsilon's visible, and above each face its true name and what
 * the model now sees with its confidence. Slider steps are 'update' steps (visibility + annotations
 * + title), so the figure is plain data that the offline page and the PNG renderer draw as they
 * draw any figure; the images are data: URIs, so nothing is fetched.
 */
import type { AttackExamples } from '../eval/examples.js';
import type { Rate } from '../eval/wilson.js';
import { FACE_COLOURS, verdictOf } from './face-grid.js';
import { DEFAULT_LOCALE, localeText, type Locale } from '../i18n/index.js';
import { faceDataUri } from './face-image.js';
import { localeSeparators } from './locale-layout.js';
import { escapePlotlyText } from './plotly-text.js';
import type { ImageTrace, PlotlyAxis, PlotlyFigure, PlotlyLayout, Slider } from './plotly-types.js';

export interface EpsilonSliderOptions {
  /** Faces per row (default min(faces, 4)). */
  readonly columns?: number;
  /** Robust accuracy of the whole test set per example row (same order as examples.rows), shown in the title. */
  readonly robustAccuracy?: readonly (Rate | undefined)[];
  readonly title?: string;
  /** Which step is shown first (index into the epsilons sorted ascending). Default 0. */
  readonly active?: number;
  /** Language of every word in the figure (default English); person names stay as they are. */
  readonly locale?: Locale;
}

/** data: URIs of every example image, [row][face]. */
export async function exampleSources(examples: AttackExamples, size?: number): Promise<string[][]> {
  return Promise.all(examples.rows.map((row) => Promise.all(row.pixels.map((p) => faceDataUri(p, examples.height, examples.width, size)))));
}

function axisName(prefix: 'x' | 'y', cell: number): string {
  return cell === 0 ? prefix : `${prefix}${cell + 1}`;
}

export function epsilonSliderFigure(examples: AttackExamples, sources: readonly (readonly string[])[], classNames: readonly string[], options: EpsilonSliderOptions = {}): PlotlyFigure<ImageTrace> {
  const { t, n } = localeText(options.locale ?? DEFAULT_LOCALE);
  const faces = examples.clean.length;
  if (faces === 0 || examples.rows.length === 0) throw new Error('epsilonSliderFigure: need at least one face and one epsilon.');
  if (sources.length !== examples.rows.length || sources.some((s) => s.length !== faces)) throw new Error('epsilonSliderFigure: sources must be [epsilon][face] like examples.rows.');
  const columns = Math.max(1, Math.min(options.columns ?? Math.min(faces, 4), faces));
  const gridRows = Math.ceil(faces / columns);
  const order = examples.rows.map((row, r) => ({ row, r })).sort((a, b) => a.row.epsilon - b.row.epsilon);
  const name = (label: number) => escapePlotlyText(classNames[label] ?? t.unknownClass(label));

  // Cell domains in paper units; room above each face for its two-line caption, below for the slider.
  const bottom = 0.16;
  const gapX = 0.03;
  const captionShare = 0.3 / gridRows;
  const cellWidth = (1 - gapX * (columns - 1)) / columns;
  const cellHeight = (1 - bottom) / gridRows;
  const domains = Array.from({ length: faces }, (_, f) => {
    const c = f % columns;
    const g = Math.floor(f / columns);
    const x0 = c * (cellWidth + gapX);
    const top = 1 - g * cellHeight;
    return { x: [x0, x0 + cellWidth] as [number, number], y: [top - cellHeight + 0.02, top - captionShare] as [number, number] };
  });

  const data: ImageTrace[] = order.flatMap(({ r }, step) =>
    sources[r]!.map((source, f) => ({ type: 'image' as const, name: t.slider.trace(n.epsilonLabel(examples.rows[r]!.epsilon), f + 1), source, xaxis: axisName('x', f), yaxis: axisName('y', f), visible: step === (options.active ?? 0), hoverinfo: 'skip' as const })),
  );

  const annotationsAt = (r: number) =>
    examples.rows[r]!.top.map((top, f) => {
      const best = top[0]!;
      const truth = examples.labels[f]!;
      const target = examples.targets?.[f];
      const colour = FACE_COLOURS[verdictOf(best.label, truth, target)];
      const verdict = best.label === truth ? `✓ ${name(best.label)}` : `→ ${name(best.label)}`;
      return {
        text: `${name(truth)}<br><span style="color:${colour}">${verdict} (${n.confidence(best.probability)})</span>`,
        x: (domains[f]!.x[0] + domains[f]!.x[1]) / 2,
        y: domains[f]!.y[1] + 0.005,
        xref: 'paper',
        yref: 'paper',
        xanchor: 'center' as const,
        yanchor: 'bottom' as const,
        showarrow: false,
        font: { size: 13 },
      };
    });
  const targetNote = examples.targeted && examples.targets?.length ? t.slider.target(name(examples.targets[0]!)) : '';
  const titleAt = (r: number) => {
    const eps = examples.rows[r]!.epsilon;
    const robust = options.robustAccuracy?.[r];
    const accuracy = robust && robust.rate !== null ? t.slider.robustAccuracy(robust.total, robust.rate) : '';
    return options.title ?? `${escapePlotlyText(examples.attack)}${targetNote}: ε = ${eps === 0 ? t.epsilonAxis.cleanTick : n.epsilonLabel(eps)}${accuracy}`;
  };

  const slider: Slider = {
    active: options.active ?? 0,
    currentvalue: { prefix: 'ε = ', font: { size: 14 } },
    pad: { t: 10 },
    steps: order.map(({ row, r }, step) => ({
      label: row.epsilon === 0 ? '0' : n.epsilonLabel(row.epsilon),
      method: 'update',
      args: [{ visible: data.map((_, i) => Math.floor(i / faces) === step) }, { annotations: annotationsAt(r), 'title.text': titleAt(r) }],
    })),
  };
  const first = order[slider.active]!.r;
  const layout: PlotlyLayout = { title: { text: titleAt(first) }, annotations: annotationsAt(first), sliders: [slider], showlegend: false, margin: { t: 60, l: 10, r: 10, b: 10 }, height: 140 + 300 * gridRows, ...localeSeparators(n) };
  const hidden: PlotlyAxis = { showticklabels: false, showgrid: false, zeroline: false, visible: false };
  domains.forEach((d, f) => {
    const x = f === 0 ? 'xaxis' : (`xaxis${f + 1}` as const);
    const y = f === 0 ? 'yaxis' : (`yaxis${f + 1}` as const);
    layout[x] = { ...hidden, domain: d.x, anchor: axisName('y', f) };
    layout[y] = { ...hidden, domain: d.y, anchor: axisName('x', f), scaleanchor: axisName('x', f), autorange: 'reversed' };
  });
  return { data, layout };
}
