/**
 * Index CSVs: the named cases of part 3 (BOM, CRLF, quoted commas, non-Latin names, blank lines,
 * duplicates, `..` and absolute ids, mixed label forms, no images) and generated CSVs with every
 * serialisation choice, plus byte mutations. Accepted indexes must stay inside Faces/ and be
 * self-consistent; refusals must be DatasetErrors naming the file.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import fc from 'fast-check';
import { DatasetError, compareCodePoints, loadFaceIndex } from '../../../src/data/index.js';
import { describeError, inputSeed, isClearMessage, type Family, type FuzzContext, type FuzzInput, type RunResult } from '../types.js';

/** Images present in the fuzz dataset's Faces/ (empty files: the index never decodes them). */
export const FACE_FILES = ['Alice_0.jpg', 'Alice_1.jpg', 'Bob_0.jpg', 'José Álvarez_0.jpg', 'Smith, John_0.jpg', '李小龙_0.jpg', 'Zoë_0.png', 'He said "hi"_0.jpg', 'sub/Carl_0.jpg'];
/** Files just outside Faces/: an id reaching them escaped the data folder. */
const OUTSIDE = ['secret_0.jpg'];

export function makeDataset(workDir: string): string {
  const root = join(workDir, 'dataset');
  for (const f of FACE_FILES) {
    mkdirSync(join(root, 'Faces', f, '..'), { recursive: true });
    writeFileSync(join(root, 'Faces', f), '');
  }
  for (const f of OUTSIDE) writeFileSync(join(root, f), '');
  writeFileSync(join(workDir, 'outside_0.jpg'), '');
  return root;
}

const HOSTILE_IDS = ['.', './', 'sub/', 'sub', '../secret_0.jpg', '../../outside_0.jpg', 'sub/../../secret_0.jpg', '/etc/passwd', 'C:\\Windows\\x_0.jpg', '..\\secret_0.jpg', './Alice_0.jpg', 'Faces/Alice_0.jpg', 'a\u0000_0.jpg', '', ' ', 'Alice_0.jpg ', '\\\\server\\share\\x_0.jpg'];
const NAMES = ['Alice', 'Bob', 'José Álvarez', 'Smith, John', '李小龙', 'Zoë', 'He said "hi"', 'Carl', ''];

function cell(value: string, quote: 'always' | 'needed'): string {
  return quote === 'always' || /[",\r\n]/.test(value) || value !== value.trim() ? `"${value.replaceAll('"', '""')}"` : value;
}

/** The crafted cases: [label, csv text]. */
export function craftedCsvs(): [string, string][] {
  return [
    ['BOM + CRLF + quoted commas', '\ufeffid,label\r\n"Smith, John_0.jpg","Smith, John"\r\nAlice_0.jpg,Alice\r\n'],
    ['accented and non-Latin names', 'id,label\nJosé Álvarez_0.jpg,José Álvarez\n李小龙_0.jpg,李小龙\nZoë_0.png,Zoë\n'],
    ['quotes inside names', 'id,label\n"He said ""hi""_0.jpg","He said ""hi"""\n'],
    ['trailing blank lines', 'id,label\nAlice_0.jpg,Alice\n\n\r\n   \n\n'],
    ['duplicate ids', 'id,label\nAlice_0.jpg,Alice\nBob_0.jpg,Bob\nAlice_0.jpg,Alice\n'],
    ['duplicate after normalising', 'id,label\nAlice_0.jpg,Alice\n./Alice_0.jpg,Alice\n'],
    ['.. id', 'id,label\nAlice_0.jpg,Alice\n../secret_0.jpg,Secret\n'],
    ['absolute id', 'id,label\n/etc/passwd,Root\n'],
    ['windows absolute id', 'id,label\n"C:\\x_0.jpg",X\n'],
    ['mixed int and name labels', 'Alice_0.jpg,0\nBob_0.jpg,Bob\n'],
    ['int labels (dataset_faces form)', 'Alice_0.jpg,0\nAlice_1.jpg,0\nBob_0.jpg,1\n'],
    ['no images: empty file', ''],
    ['no images: header only', 'id,label\r\n'],
    ['no images: blank lines only', '\n\n\r\n'],
    ['unterminated quote', 'id,label\n"Alice_0.jpg,Alice\n'],
    ['ragged rows', 'id,label\nAlice_0.jpg,Alice,extra\nBob_0.jpg\n'],
    ['semicolon separated', 'id;label\nAlice_0.jpg;Alice\n'],
    ['missing image', 'id,label\nAlice_0.jpg,Alice\nNobody_0.jpg,Nobody\n'],
    ['many broken quotes', Array.from({ length: 300 }, (_, i) => `"Alice_${i}"x.jpg,Alice`).join('\n')],
    ['binary garbage', String.fromCharCode(...Array.from({ length: 300 }, (_, i) => (i * 7919 + 13) % 256))],
  ];
}

const csvPlan = fc.record({
  header: fc.constantFrom('', 'id,label', 'filename,person', 'file,label', 'x,y'),
  bom: fc.boolean(),
  eol: fc.constantFrom('\n', '\r\n', '\r'),
  quote: fc.constantFrom('always' as const, 'needed' as const),
  rows: fc.array(
    fc.record({
      id: fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...FACE_FILES) }, { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_IDS) }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) }),
      label: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...NAMES) }, { weight: 2, arbitrary: fc.nat(9).map(String) }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) }),
    }),
    { maxLength: 12 },
  ),
  blankLines: fc.nat(3),
  mutations: fc.array(fc.record({ at: fc.nat(), text: fc.constantFrom('"', ',', '\n', '\r\n', '\ufeff', '\u0000', '..', '/', '\\', ' ', '') , drop: fc.nat(3) }), { maxLength: 3 }),
  onMissingImage: fc.constantFrom('error' as const, 'exclude' as const),
});

export const csvFamily: Family = {
  name: 'csv',
  setup: (ctx) => void makeDataset(ctx.workDir),
  crafted: () => craftedCsvs().length,
  input(seed, index): FuzzInput {
    const crafted = craftedCsvs();
    if (index < crafted.length) return { label: `crafted:${crafted[index]![0]}`, data: { text: crafted[index]![1], onMissingImage: 'error' } };
    const plan = fc.sample(csvPlan, { seed: inputSeed(seed, index), numRuns: 1 })[0]!;
    const lines = plan.rows.map((r) => `${cell(r.id, plan.quote)},${cell(r.label, plan.quote)}`);
    if (plan.header) lines.unshift(plan.header);
    let text = (plan.bom ? '\ufeff' : '') + lines.join(plan.eol) + plan.eol.repeat(plan.blankLines);
    for (const m of plan.mutations) {
      const at = text.length ? m.at % text.length : 0;
      text = text.slice(0, at) + m.text + text.slice(at + m.drop);
    }
    return { label: `generated:${plan.rows.length} rows`, data: { text, onMissingImage: plan.onMissingImage } };
  },
  async run(input, ctx) {
    const { text, onMissingImage } = input.data as { text: string; onMissingImage: 'error' | 'exclude' };
    const root = join(ctx.workDir, 'dataset');
    const csv = join(root, 'fuzz.csv');
    writeFileSync(csv, text);
    return runCsv(root, csv, onMissingImage);
  },
};

/** Loads the index and checks what an accepted one must satisfy. */
export async function runCsv(root: string, csv: string, onMissingImage: 'error' | 'exclude'): Promise<RunResult> {
  const facesDir = join(root, 'Faces');
  try {
    const index = await loadFaceIndex(root, { index: csv, onMissingImage, warn: () => undefined });
    if (index.entries.length === 0) return { outcome: 'crash', detail: 'accepted an index with no entries' };
    const files = new Set<string>();
    for (const e of index.entries) {
      const inside = relative(facesDir, e.path);
      if (inside.startsWith('..') || isAbsolute(inside)) return { outcome: 'crash', detail: `ESCAPE: entry ${JSON.stringify(e.file)} resolves outside Faces/ (${e.path})` };
      if (e.file !== `Faces/${inside.split('\\').join('/')}`) return { outcome: 'crash', detail: `entry file ${JSON.stringify(e.file)} does not match its path ${e.path}` };
      if (files.has(e.file)) return { outcome: 'crash', detail: `entry ${e.file} appears twice` };
      files.add(e.file);
      if (index.classNames[e.label] !== e.name) return { outcome: 'crash', detail: `entry ${e.file} has label ${e.label} but name ${JSON.stringify(e.name)}` };
    }
    const sorted = [...new Set(index.classNames)].sort(compareCodePoints);
    if (sorted.join('\u0001') !== index.classNames.join('\u0001')) return { outcome: 'crash', detail: 'classNames are not unique and sorted' };
    return { outcome: 'accepted' };
  } catch (error) {
    if (error instanceof DatasetError && isClearMessage(error.message, csv) && error.message.includes('Fix:')) return { outcome: 'clear' };
    return { outcome: 'crash', detail: describeError(error) };
  }
}

export type { FuzzContext };
