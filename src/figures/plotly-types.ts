/**
 * The small part of Plotly's figure schema these figures use, as plain JSON-serialisable types
 * (no DOM, no plotly import), so specs can be built and tested in Node and drawn anywhere.
 * Titles are `{ text }` objects: plotly.js v3 dropped bare-string titles.
 */

export interface PlotlyTitle {
  text: string;
  font?: PlotlyFont;
  standoff?: number;
}

export interface PlotlyFont {
  size?: number;
  color?: string;
  family?: string;
}

export interface PlotlyAxis {
  title?: PlotlyTitle;
  type?: 'linear' | 'log' | 'category';
  /** For log axes, in log10 units (Plotly's convention). */
  range?: [number, number];
  autorange?: boolean;
  tickformat?: string;
  tickvals?: number[];
  ticktext?: string[];
  tickangle?: number;
  dtick?: number;
  domain?: [number, number];
  anchor?: string;
  matches?: string;
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

export interface PlotlyTrace {
  type: 'scatter' | 'bar';
  name?: string;
  x: (number | string)[];
  y: number[];
  mode?: 'lines' | 'markers' | 'lines+markers' | 'text' | 'lines+markers+text';
  xaxis?: string;
  yaxis?: string;
  /** Per-point hover text (shown through hovertemplate `%{text}`). */
  text?: string[];
  hovertext?: string[];
  hovertemplate?: string;
  textposition?: 'inside' | 'outside' | 'auto' | 'none';
  marker?: PlotlyMarker;
  line?: { width?: number; color?: string; dash?: 'solid' | 'dash' | 'dot' | 'dashdot' };
  showlegend?: boolean;
  legendgroup?: string;
  /** Plotly clips markers at the plot edge by default; accuracies of exactly 0 or 1 sit on it. */
  cliponaxis?: boolean;
  connectgaps?: boolean;
}

export interface PlotlyAnnotation {
  text: string;
  x: number;
  y: number;
  xref?: string;
  yref?: string;
  xanchor?: 'left' | 'center' | 'right' | 'auto';
  yanchor?: 'top' | 'middle' | 'bottom' | 'auto';
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
  line?: { width?: number; color?: string; dash?: 'solid' | 'dash' | 'dot' };
}

export interface PlotlyLayout {
  title: PlotlyTitle;
  xaxis?: PlotlyAxis;
  yaxis?: PlotlyAxis;
  /** xaxis2, xaxis3, ... of side-by-side subplots. */
  [numberedAxis: `xaxis${number}` | `yaxis${number}`]: PlotlyAxis | undefined;
  annotations?: PlotlyAnnotation[];
  shapes?: PlotlyShape[];
  showlegend?: boolean;
  legend?: { orientation?: 'h' | 'v'; x?: number; y?: number; xanchor?: 'left' | 'center' | 'right'; yanchor?: 'top' | 'middle' | 'bottom' };
  hovermode?: 'closest' | 'x' | 'x unified' | false;
  margin?: { l?: number; r?: number; t?: number; b?: number };
  width?: number;
  height?: number;
  autosize?: boolean;
  bargap?: number;
  paper_bgcolor?: string;
  plot_bgcolor?: string;
  /** Decimal and thousands separators of the numbers Plotly formats itself (',.' for Spanish). */
  separators?: string;
}

/** A complete figure: what `Plotly.newPlot(div, figure.data, figure.layout)` takes. */
export interface PlotlyFigure {
  data: PlotlyTrace[];
  layout: PlotlyLayout;
}
