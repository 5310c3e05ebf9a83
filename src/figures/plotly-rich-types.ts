/**
 * Plotly schema parts the robustness figures need beyond plotly-types.ts (filled bands, error
 * bars, heatmaps, images, sliders), kept separate so the existing PlotlyTrace stays narrow.
 * The page script and the PNG renderer hand figure JSON to Plotly untouched, so a RichFigure is
 * drawn exactly like a PlotlyFigure; `asPlotlyFigure` only changes the static type.
 */
import type { PlotlyAnnotation, PlotlyAxis, PlotlyFigure, PlotlyLayout, PlotlyTrace } from './plotly-types.js';

export interface ErrorBars {
  type: 'data';
  symmetric: false;
  array: number[];
  arrayminus: number[];
  visible: true;
  thickness?: number;
  width?: number;
  color?: string;
}

/** A scatter trace that may be a filled band or carry error bars; y may have gaps (null). */
export interface RichScatterTrace extends Omit<PlotlyTrace, 'y' | 'type'> {
  type: 'scatter';
  y: (number | null)[];
  fill?: 'toself' | 'tonexty' | 'none';
  fillcolor?: string;
  hoverinfo?: 'skip' | 'none' | 'text';
  error_y?: ErrorBars;
  opacity?: number;
}

export interface RichBarTrace extends Omit<PlotlyTrace, 'type' | 'textposition'> {
  type: 'bar';
  textposition?: 'inside' | 'outside' | 'auto' | 'none';
  texttemplate?: string;
  offsetgroup?: string;
}

export interface HeatmapTrace {
  type: 'heatmap';
  name?: string;
  x: string[];
  y: string[];
  /** z[row][column]; null = no data (drawn empty). */
  z: (number | null)[][];
  zmin?: number;
  zmax?: number;
  colorscale?: string | [number, string][];
  reversescale?: boolean;
  texttemplate?: string;
  hovertext?: string[][];
  hovertemplate?: string;
  colorbar?: { title?: { text: string }; tickformat?: string };
  xgap?: number;
  ygap?: number;
}

/** An image drawn from a (data:) URL: no network needed, works offline. */
export interface ImageTrace {
  type: 'image';
  name?: string;
  source: string;
  xaxis?: string;
  yaxis?: string;
  visible?: boolean;
  hoverinfo?: 'skip' | 'none';
}

export type RichTrace = RichScatterTrace | RichBarTrace | HeatmapTrace | ImageTrace;

export interface SliderStep {
  label: string;
  /** 'update': args = [trace changes, layout changes]. */
  method: 'update' | 'restyle' | 'relayout';
  args: unknown[];
}

export interface Slider {
  active: number;
  steps: SliderStep[];
  currentvalue?: { prefix?: string; visible?: boolean; font?: { size?: number } };
  pad?: { t?: number; b?: number; l?: number; r?: number };
  x?: number;
  len?: number;
}

export interface RichAxis extends Omit<PlotlyAxis, 'autorange' | 'type'> {
  type?: PlotlyAxis['type'];
  autorange?: boolean | 'reversed';
  scaleanchor?: string;
  constrain?: 'domain';
  visible?: boolean;
}

export interface RichLayout extends Omit<PlotlyLayout, 'annotations' | 'xaxis' | 'yaxis' | `xaxis${number}` | `yaxis${number}`> {
  xaxis?: RichAxis;
  yaxis?: RichAxis;
  [numberedAxis: `xaxis${number}` | `yaxis${number}`]: RichAxis | undefined;
  annotations?: (PlotlyAnnotation & { align?: 'left' | 'center' | 'right' })[];
  sliders?: Slider[];
  barmode?: 'group' | 'stack' | 'overlay';
}

export interface RichFigure {
  data: RichTrace[];
  layout: RichLayout;
}

/** For writeFigureHtml and the PNG renderer, which pass the JSON to Plotly as it is. */
export function asPlotlyFigure(figure: RichFigure): PlotlyFigure {
  return figure as unknown as PlotlyFigure;
}
