/**
 * The part of Plotly's figure schema this project's figures use, as plain JSON-serialisable types
 * (no DOM, no plotly import), so specs can be built and tested in Node and drawn anywhere: the
 * offline page, the PNG renderer and the notebook hand the JSON to Plotly untouched.
 *
 * One figure type for every figure: `PlotlyFigure<T>` whose traces are a union discriminated by
 * `type` (scatter lines, markers and filled bands; bars; heatmaps; images). Figure builders return
 * the narrow `PlotlyFigure<ScatterTrace>` etc., which is assignable to the default `PlotlyFigure`
 * that the writers take. Every field is optional where Plotly's is, but the objects are closed:
 * a misspelt field name in a literal is a compile error.
 * Titles are `{ text }` objects: plotly.js v3 dropped bare-string titles.
 */

export interface PlotlyFont {
  size?: number;
  color?: string;
  family?: string;
}

export interface PlotlyTitle {
  text: string;
  font?: PlotlyFont;
  standoff?: number;
}

export interface PlotlyAxis {
  title?: PlotlyTitle;
  type?: 'linear' | 'log' | 'category';
  /** For log axes, in log10 units (Plotly's convention). */
  range?: [number, number];
  /** 'reversed' puts the first category (or image row) at the top. */
  autorange?: boolean | 'reversed';
  tickformat?: string;
  tickvals?: number[];
  ticktext?: string[];
  tickangle?: number;
  dtick?: number;
  /** Where the axis is drawn: 'top' puts a heatmap's column names above it. */
  side?: 'top' | 'bottom' | 'left' | 'right';
  domain?: [number, number];
  anchor?: string;
  matches?: string;
  /** Keeps this axis's scale tied to another's (square image pixels). */
  scaleanchor?: string;
  constrain?: 'domain';
  visible?: boolean;
  showticklabels?: boolean;
  showgrid?: boolean;
  zeroline?: boolean;
  rangemode?: 'normal' | 'tozero' | 'nonnegative';
  automargin?: boolean;
}

export interface PlotlyMarker {
  size?: number;
  symbol?: string;
  color?: string;
  line?: { width?: number; color?: string };
}

export interface PlotlyLine {
  width?: number;
  color?: string;
  dash?: 'solid' | 'dash' | 'dot' | 'dashdot';
}

/** Asymmetric error bars in data units (e.g. a Wilson interval around a rate). */
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

/** What every trace type accepts. */
interface TraceBase {
  name?: string;
  /** 'x', 'x2', ...: the subplot axes the trace is drawn on. */
  xaxis?: string;
  yaxis?: string;
  visible?: boolean;
  showlegend?: boolean;
  legendgroup?: string;
  hoverinfo?: 'skip' | 'none' | 'text';
  hovertemplate?: string;
  opacity?: number;
}

/** Lines and/or markers; with `fill` a filled band. y may have gaps (null). */
export interface ScatterTrace extends TraceBase {
  type: 'scatter';
  x: (number | string)[];
  y: (number | null)[];
  mode?: 'lines' | 'markers' | 'lines+markers' | 'text' | 'lines+markers+text';
  /** Per-point hover text (shown through hovertemplate `%{text}`). */
  text?: string[];
  hovertext?: string[];
  marker?: PlotlyMarker;
  line?: PlotlyLine;
  fill?: 'toself' | 'tonexty' | 'none';
  fillcolor?: string;
  error_y?: ErrorBars;
  /** Plotly clips markers at the plot edge by default; accuracies of exactly 0 or 1 sit on it. */
  cliponaxis?: boolean;
  connectgaps?: boolean;
}

export interface BarTrace extends TraceBase {
  type: 'bar';
  x: (number | string)[];
  y: number[];
  text?: string[];
  texttemplate?: string;
  textposition?: 'inside' | 'outside' | 'auto' | 'none';
  hovertext?: string[];
  marker?: PlotlyMarker;
  offsetgroup?: string;
  cliponaxis?: boolean;
}

export interface HeatmapTrace extends TraceBase {
  type: 'heatmap';
  x: string[];
  y: string[];
  /** z[row][column]; null = no data (drawn empty). */
  z: (number | null)[][];
  zmin?: number;
  zmax?: number;
  colorscale?: string | [number, string][];
  reversescale?: boolean;
  texttemplate?: string;
  /** Per cell, shown by texttemplate's %{text}. */
  text?: string[][];
  hovertext?: string[][];
  colorbar?: { title?: PlotlyTitle; tickformat?: string };
  xgap?: number;
  ygap?: number;
  showscale?: boolean;
}

/** An image drawn from a (data:) URL: no network needed, works offline. */
export interface ImageTrace extends TraceBase {
  type: 'image';
  source: string;
}

export type PlotlyTrace = ScatterTrace | BarTrace | HeatmapTrace | ImageTrace;

export interface PlotlyAnnotation {
  text: string;
  x: number;
  y: number;
  xref?: string;
  yref?: string;
  xanchor?: 'left' | 'center' | 'right' | 'auto';
  yanchor?: 'top' | 'middle' | 'bottom' | 'auto';
  align?: 'left' | 'center' | 'right';
  showarrow?: boolean;
  ax?: number;
  ay?: number;
  font?: PlotlyFont;
}

export interface PlotlyShape {
  type: 'line' | 'rect';
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  xref?: string;
  yref?: string;
  visible?: boolean;
  line?: PlotlyLine;
}

/**
 * A slider step or an updatemenu button: on click Plotly calls `Plotly[method](div, ...args)`;
 * 'update' takes [trace changes, layout changes], 'restyle' trace changes, 'relayout' layout changes
 * (keys may be attribute paths such as 'title.text').
 */
export interface SliderStep {
  label: string;
  method: 'update' | 'restyle' | 'relayout';
  args: unknown[];
}

export interface Slider {
  active: number;
  steps: SliderStep[];
  currentvalue?: { prefix?: string; visible?: boolean; font?: PlotlyFont };
  pad?: { t?: number; b?: number; l?: number; r?: number };
  x?: number;
  len?: number;
}

/** A row of buttons (Plotly's updatemenus), e.g. to switch an axis between log and linear. */
export interface UpdateMenu {
  type: 'buttons' | 'dropdown';
  direction?: 'left' | 'right' | 'up' | 'down';
  x?: number;
  y?: number;
  xanchor?: 'left' | 'center' | 'right';
  yanchor?: 'top' | 'middle' | 'bottom';
  showactive?: boolean;
  active?: number;
  pad?: { t?: number; b?: number; l?: number; r?: number };
  buttons: SliderStep[];
}

export interface PlotlyLayout {
  title: PlotlyTitle;
  xaxis?: PlotlyAxis;
  yaxis?: PlotlyAxis;
  /** xaxis2, xaxis3, ... of side-by-side subplots. */
  [numberedAxis: `xaxis${number}` | `yaxis${number}`]: PlotlyAxis | undefined;
  annotations?: PlotlyAnnotation[];
  shapes?: PlotlyShape[];
  sliders?: Slider[];
  updatemenus?: UpdateMenu[];
  showlegend?: boolean;
  legend?: { orientation?: 'h' | 'v'; x?: number; y?: number; xanchor?: 'left' | 'center' | 'right'; yanchor?: 'top' | 'middle' | 'bottom' };
  hovermode?: 'closest' | 'x' | 'x unified' | false;
  margin?: { l?: number; r?: number; t?: number; b?: number };
  width?: number;
  height?: number;
  autosize?: boolean;
  bargap?: number;
  barmode?: 'group' | 'stack' | 'overlay';
  paper_bgcolor?: string;
  plot_bgcolor?: string;
  /** Decimal and thousands separators of the numbers Plotly formats itself (',.' for Spanish). */
  separators?: string;
}

/**
 * A complete figure: what `Plotly.newPlot(div, figure.data, figure.layout)` takes. T narrows the
 * traces for builders and tests (a heatmap figure's `data[0].z`); the default takes any figure.
 */
export interface PlotlyFigure<T extends PlotlyTrace = PlotlyTrace> {
  data: T[];
  layout: PlotlyLayout;
}
