/** Reading .ipynb files in tests: cells, their outputs, and which outputs are Plotly charts. */
import { readFileSync } from 'node:fs';

export interface NotebookOutput {
  readonly output_type: string;
  readonly name?: string;
  readonly text?: string | string[];
  readonly data?: Record<string, string | string[]>;
}

export interface NotebookCell {
  readonly id?: string;
  readonly cell_type: 'code' | 'markdown' | 'raw';
  readonly source: string | string[];
  readonly execution_count?: number | null;
  readonly outputs?: NotebookOutput[];
}

export interface Notebook {
  readonly cells: NotebookCell[];
  readonly metadata: { kernelspec?: { name?: string; display_name?: string } };
}

export const joined = (text: string | string[] | undefined): string => (Array.isArray(text) ? text.join('') : (text ?? ''));

export function readNotebook(path: string): Notebook {
  return JSON.parse(readFileSync(path, 'utf8')) as Notebook;
}

export interface ChartOutput {
  readonly cellId: string | undefined;
  readonly html: string;
  readonly png: string | undefined;
}

/** Display outputs made by showFigure: their HTML holds a div of class fgsm-notebook-chart. */
export function chartOutputs(notebook: Notebook): ChartOutput[] {
  return notebook.cells.flatMap((cell) =>
    (cell.outputs ?? [])
      .filter((o) => o.data && joined(o.data['text/html']).includes('class="fgsm-notebook-chart"'))
      .map((o) => ({ cellId: cell.id, html: joined(o.data!['text/html']), png: o.data!['image/png'] === undefined ? undefined : joined(o.data!['image/png']) })),
  );
}

/** The chart titles, as written in each chart's aria-label. */
export function chartTitles(notebook: Notebook): string[] {
  return chartOutputs(notebook).map((c) => /aria-label="([^"]*)"/.exec(c.html)?.[1] ?? '');
}

/** PNG files start with these 8 bytes. */
export function isPng(base64: string): boolean {
  return Buffer.from(base64.slice(0, 12), 'base64').subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
}
