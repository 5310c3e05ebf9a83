/**
 * danfo DataFrames as HTML tables in the notebook (pandas shows DataFrames this way in Jupyter;
 * danfo's own print() is plain text). Numbers are right-aligned; per-column formatters turn
 * 0.1234 into "12.3 %" and the like, while the DataFrame keeps the raw values.
 */
import type * as dfd from 'danfojs-node';
import type { TableView } from '../outputs/results-csv.js';
import { escapeHtml, showBundle } from './display.js';

export type CellValue = string | number | boolean | null | undefined;

export interface TableOptions {
  /** Column name -> formatter for its cells. */
  readonly format?: Readonly<Record<string, (value: CellValue) => string>>;
  /** Column name -> header text shown instead of the name. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Show the row index as a first column (default false). */
  readonly index?: boolean;
  readonly caption?: string;
  /** At most this many rows, then a "… N more" row (default 200). */
  readonly maxRows?: number;
}

/** The part of a danfo DataFrame this module reads, so tests can pass a plain object too. */
export type TableLike = Pick<dfd.DataFrame, 'columns' | 'values' | 'index'>;

function defaultFormat(value: CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
  return String(value);
}

function rowsOf(frame: TableLike): CellValue[][] {
  // danfo returns a flat array for a one-column frame.
  return (frame.values as unknown[]).map((row) => (Array.isArray(row) ? (row as CellValue[]) : [row as CellValue]));
}

const CELL = 'padding:3px 10px;border-bottom:1px solid #ddd';

function captionHtml(caption: string): string {
  return `<div class="fgsm-table-caption" style="font-weight:bold;font-size:13px;margin:4px 0">${escapeHtml(caption)}</div>`;
}

export function dataFrameHtml(frame: TableLike, options: TableOptions = {}): string {
  const columns = frame.columns as string[];
  const rows = rowsOf(frame);
  const index = frame.index as (string | number)[];
  const maxRows = options.maxRows ?? 200;
  const shown = rows.slice(0, maxRows);
  const numeric = columns.map((_, c) => rows.every((row) => typeof row[c] === 'number' || row[c] === null || row[c] === undefined));
  const align = (c: number) => (numeric[c] ? 'right' : 'left');
  const head = [
    options.index ? `<th style="${CELL}"></th>` : '',
    ...columns.map((name, c) => `<th style="${CELL};text-align:${align(c)}">${escapeHtml(options.headers?.[name] ?? name)}</th>`),
  ].join('');
  const body = shown.map((row, r) => {
    const cells = columns.map((name, c) => {
      const text = (options.format?.[name] ?? defaultFormat)(row[c]);
      return `<td style="${CELL};text-align:${align(c)}">${escapeHtml(text)}</td>`;
    });
    const indexCell = options.index ? `<th style="${CELL};text-align:left;color:#666">${escapeHtml(String(index[r]))}</th>` : '';
    return `<tr>${indexCell}${cells.join('')}</tr>`;
  });
  if (rows.length > shown.length) {
    body.push(`<tr><td colspan="${columns.length + (options.index ? 1 : 0)}" style="${CELL};color:#666">… ${rows.length - shown.length} filas más</td></tr>`);
  }
  // A heading above, not a <caption>: a caption wraps to the table's width, however narrow.
  const caption = options.caption ? captionHtml(options.caption) : '';
  return `${caption}<table class="fgsm-table" style="border-collapse:collapse;font-size:13px;font-variant-numeric:tabular-nums"><thead><tr>${head}</tr></thead><tbody>${body.join('')}</tbody></table>`;
}

/** The same table as aligned plain text (for the text/plain part and terminals). */
export function dataFrameText(frame: TableLike, options: TableOptions = {}): string {
  const columns = frame.columns as string[];
  const rows = rowsOf(frame).slice(0, options.maxRows ?? 200);
  const table = [columns.map((name) => options.headers?.[name] ?? name), ...rows.map((row) => columns.map((name, c) => (options.format?.[name] ?? defaultFormat)(row[c])))];
  const widths = columns.map((_, c) => Math.max(...table.map((line) => line[c]!.length)));
  const lines = table.map((line) => line.map((cell, c) => cell.padStart(widths[c]!)).join('  '));
  return [...(options.caption ? [options.caption] : []), ...lines].join('\n');
}

function isTableView(table: TableLike | TableView): table is TableView {
  return 'frame' in table && 'headers' in table;
}

/** Shows a DataFrame (or a library table view: its headers, formats and caption) as an HTML table, with a text version for plain viewers. */
export function showTable(table: TableLike | TableView, tableOptions: TableOptions = {}): void {
  const frame = isTableView(table) ? table.frame : table;
  const options = isTableView(table) ? { headers: table.headers, format: table.format, caption: table.caption, ...tableOptions } : tableOptions;
  showBundle({ 'text/html': dataFrameHtml(frame, options), 'text/plain': dataFrameText(frame, options) });
}

/** A two-column "name: value" table (set-up facts, settings). */
export function showKeyValues(rows: readonly (readonly [string, string])[], caption?: string): void {
  const body = rows.map(([key, value]) => `<tr><th style="${CELL};text-align:left">${escapeHtml(key)}</th><td style="${CELL};text-align:left">${escapeHtml(value)}</td></tr>`).join('');
  const title = caption ? captionHtml(caption) : '';
  const width = Math.max(0, ...rows.map(([key]) => key.length));
  const text = [...(caption ? [caption] : []), ...rows.map(([key, value]) => `${key.padEnd(width)}  ${value}`)].join('\n');
  showBundle({ 'text/html': `${title}<table class="fgsm-table" style="border-collapse:collapse;font-size:13px"><tbody>${body}</tbody></table>`, 'text/plain': text });
}
