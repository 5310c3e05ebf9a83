/**
 * Reads a face index CSV (`Dataset.csv` or `dataset_faces.csv`) into plain string rows.
 *
 * Parsing goes through danfo's readCSV (PapaParse underneath) but NOT with its defaults, which
 * mangle this data: `header: true` eats the first sample of the headerless `dataset_faces.csv`
 * (the seed project's bug) and scrambles its columns, and `dynamicTyping` turns a cell like `007`
 * into the number 7. With `header: false, dynamicTyping: false` PapaParse handles quotes, commas
 * and newlines inside quotes, CRLF and UTF-8 correctly; the one thing left to us is the BOM, which
 * PapaParse strips only in header mode.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import * as dfd from 'danfojs-node';
import { DatasetError, describeSome } from './errors.js';
import { hasImageExtension } from './face-names.js';

/** `names`: label = the person's name (Dataset.csv). `indices`: label = class index (dataset_faces.csv). */
export type LabelForm = 'names' | 'indices';

export interface IndexCsvRow {
  /** 1-based record number in the CSV, header included, blank lines not counted: for messages. */
  readonly row: number;
  readonly id: string;
  readonly label: string;
}

export interface IndexCsv {
  readonly csvPath: string;
  readonly hasHeader: boolean;
  readonly labelForm: LabelForm;
  readonly rows: readonly IndexCsvRow[];
}

const BOM = '\ufeff';
const NON_NEGATIVE_INTEGER = /^\d+$/;

export async function readIndexCsv(path: string): Promise<IndexCsv> {
  // Absolute, because danfo fetches any path that starts with "http" over the network.
  const csvPath = resolve(path);
  if (!existsSync(csvPath)) {
    throw new DatasetError('missing-index', `Index file ${csvPath} does not exist. Fix: pass an existing CSV, or omit the index option to use Dataset.csv / dataset_faces.csv / the Faces/ file names.`, [csvPath]);
  }
  const records = await parseRecords(csvPath);
  if (records.length > 0 && records[0]!.length > 0) records[0]![0] = records[0]![0]!.replace(BOM, '');

  const hasHeader = isHeader(records);
  const rows: IndexCsvRow[] = [];
  const malformed: string[] = [];
  records.forEach((cells, i) => {
    if (hasHeader && i === 0) return;
    // Trailing empty cells (`a.jpg,Name,`) come from spreadsheet exports and carry nothing.
    while (cells.length > 2 && cells[cells.length - 1]!.trim() === '') cells.pop();
    const [id = '', label = ''] = cells;
    if (cells.length !== 2 || id === '' || label.trim() === '') malformed.push(`row ${i + 1}: ${JSON.stringify(cells.join(','))}`);
    else rows.push({ row: i + 1, id, label });
  });
  if (malformed.length > 0) {
    throw new DatasetError('malformed-row', `Index file ${csvPath} has ${malformed.length} row(s) that are not \`file,label\`: ${describeSome(malformed)}. Fix: give every row exactly an image file name and a label (quote names that contain commas).`, [csvPath]);
  }
  if (rows.length === 0) {
    throw new DatasetError('empty-index', `Index file ${csvPath} lists no images. Fix: fill it with \`file,label\` rows or point to the right CSV.`, [csvPath]);
  }
  const numeric = rows.filter((r) => NON_NEGATIVE_INTEGER.test(r.label));
  if (numeric.length > 0 && numeric.length < rows.length) {
    // Half-converted files would otherwise make classes named "3" next to real names.
    const named = rows.filter((r) => !NON_NEGATIVE_INTEGER.test(r.label));
    const show = (rs: IndexCsvRow[]) => describeSome(rs.map((r) => `row ${r.row} (${JSON.stringify(r.label)})`), 3);
    throw new DatasetError(
      'bad-label',
      `Index file ${csvPath} mixes int class labels (${show(numeric)}) with person names (${show(named)}). Fix: use one form for every row: names (Dataset.csv, header id,label) or int labels (dataset_faces.csv).`,
      [csvPath],
    );
  }
  const labelForm: LabelForm = numeric.length === rows.length ? 'indices' : 'names';
  return { csvPath, hasHeader, labelForm, rows };
}

/** Column names the id column of a header may have; Kaggle's is `id`. */
const ID_HEADER = /^(id|ids|file|files|filename|file_name|image|images|image_id|path)$/i;

/**
 * Whether the first record is a header. It must not look like a sample (an image file name or an
 * int label), and, so that a headerless CSV of extension-less ids never loses its first row, either
 * be a known id column name or sit above ids that are image file names.
 */
function isHeader(records: readonly string[][]): boolean {
  const [first, ...rest] = records;
  if (!first || first.length === 0) return false;
  const id = first[0]!.trim();
  if (hasImageExtension(id) || NON_NEGATIVE_INTEGER.test((first[1] ?? '').trim())) return false;
  return ID_HEADER.test(id) || rest.some((cells) => hasImageExtension(cells[0] ?? ''));
}

/**
 * danfo reports every PapaParse error, joined: a broken file can repeat one message thousands of
 * times. Keep the message one short line: distinct errors, counted.
 */
function summariseParseErrors(reason: string): string {
  const flat = reason.replace(/\s+/g, ' ').trim();
  const match = /^(CSV parsing errors?): (.*)$/i.exec(flat);
  if (!match) return flat.length > 300 ? `${flat.slice(0, 300)}...` : flat;
  const counts = new Map<string, number>();
  for (const error of match[2]!.split(', ')) counts.set(error, (counts.get(error) ?? 0) + 1);
  const listed = [...counts].map(([error, n]) => (n > 1 ? `${error} (x${n})` : error));
  return `${match[1]}: ${describeSome(listed.map((e) => (e.length > 120 ? `${e.slice(0, 120)}...` : e)), 3)}`;
}

/** All records as string cells, via danfo; a header (if any) is still the first record here. */
async function parseRecords(csvPath: string): Promise<string[][]> {
  let frame: dfd.DataFrame;
  try {
    // `skipEmptyLines: 'greedy'` drops blank and whitespace-only lines (e.g. a trailing CRLF).
    // danfo types these PapaParse options via @types/papaparse, which is not installed: hence the cast.
    const papaParseOptions = { header: false, dynamicTyping: false, skipEmptyLines: 'greedy', delimiter: ',' };
    frame = await dfd.readCSV(csvPath, papaParseOptions as Parameters<typeof dfd.readCSV>[1]);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (/No data found/i.test(reason)) {
      throw new DatasetError('empty-index', `Index file ${csvPath} is empty. Fix: fill it with \`file,label\` rows or point to the right CSV.`, [csvPath]);
    }
    throw new DatasetError('unreadable-index', `Cannot parse index file ${csvPath}: ${summariseParseErrors(reason)}. Fix: make it a comma-separated \`file,label\` CSV (quote fields that contain commas or quotes).`, [csvPath]);
  }
  // Ragged rows keep their own length in danfo's values; missing cells may be undefined.
  return (frame.values as unknown[][]).map((cells) => cells.map((c) => (c === undefined || c === null ? '' : String(c))));
}
