/**
 * The face index: which image is which person, in the Kaggle "Face Recognition Dataset" layout
 * `<root>/Faces/<Name>_<i>.jpg` plus an index CSV in `<root>`. Three sources give the same result:
 * - `Dataset.csv`: header `id,label`, label = person's name;
 * - `dataset_faces.csv`: no header, `file,int_label`, int label = index of the name in sorted order
 *   (names are recovered from the file names and the labels checked against them);
 * - no CSV: the file names in Faces/ alone.
 * Class i is always the i-th name in Python sorted() order, over every row of the index.
 */
import { existsSync, statSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DatasetError, describeSome, quoted } from './errors.js';
import { nameFromFileName, sortedUniqueNames } from './face-names.js';
import { FACES_FOLDER, listFaceImages, normaliseId, unsafeIdReason } from './faces-folder.js';
import { readIndexCsv, type IndexCsvRow } from './index-csv.js';

export interface FaceEntry {
  /** Path relative to the dataset root, `/`-separated, e.g. `Faces/Brad Pitt_3.jpg`: the key in split files. */
  readonly file: string;
  /** Absolute path of the image. */
  readonly path: string;
  readonly name: string;
  /** Class index: position of `name` in `classNames`. */
  readonly label: number;
}

/** A row of the index left out, with why (only with `onMissingImage: 'exclude'`). */
export interface ExcludedRow {
  readonly file: string;
  readonly row: number;
  readonly reason: string;
}

export type IndexSource = 'Dataset.csv' | 'dataset_faces.csv' | 'folder' | 'person-folders';

export interface FaceIndexOptions {
  /**
   * Which index to use: `Dataset.csv`, `dataset_faces.csv`, a CSV path (relative to the root or
   * absolute), or `folder` for the Faces/ file names. Default `auto`: Dataset.csv, else
   * dataset_faces.csv, else the folder.
   */
  readonly index?: 'auto' | IndexSource | (string & {});
  /** A CSV row whose image is missing: `error` (default) or `exclude` it and report it in `excluded`. */
  readonly onMissingImage?: 'error' | 'exclude';
  /** Where warnings go (excluded rows, images not in the index). Default console.warn. */
  readonly warn?: (message: string) => void;
}

export interface FaceIndex {
  /** Absolute dataset folder. */
  readonly root: string;
  /** Absolute path of the CSV used, or null when the index comes from the Faces/ file names. */
  readonly indexFile: string | null;
  /** How labels were given: names, int indices (checked against file names), file names only, or one sub-folder per person. */
  readonly labelForm: 'names' | 'indices' | 'file-names' | 'person-folders';
  /** In index order. */
  readonly entries: readonly FaceEntry[];
  /** Sorted unique names; label i = classNames[i]. Built from every index row, excluded ones too, so labels stay stable. */
  readonly classNames: readonly string[];
  readonly excluded: readonly ExcludedRow[];
  /** Images in Faces/ (relative to the root) that the CSV does not list: never used. */
  readonly unlisted: readonly string[];
}

export async function loadFaceIndex(root: string, options: FaceIndexOptions = {}): Promise<FaceIndex> {
  const warn = options.warn ?? ((message: string) => console.warn(message));
  const rootPath = resolve(root);
  // The other common layout: no Faces/ and no index, one sub-folder of photos per person.
  if ((options.index ?? 'auto') === 'person-folders' || ((options.index ?? 'auto') === 'auto' && isDirectory(rootPath) && !isDirectory(join(rootPath, FACES_FOLDER)) && chooseIndexFile(rootPath, 'auto') === null)) {
    const byPerson = await indexFromPersonFolders(rootPath);
    if (byPerson) return byPerson;
  }
  const facesDir = checkLayout(rootPath);
  const images = await listFaceImages(facesDir);
  const indexFile = chooseIndexFile(rootPath, options.index ?? 'auto');

  if (indexFile === null) return indexFromFileNames(rootPath, images);

  const csv = await readIndexCsv(indexFile);
  const rows = checkIds(csv.rows, indexFile);
  const { names, classNames } = csv.labelForm === 'names' ? namesFromLabels(rows) : namesFromFileNames(rows, indexFile);

  const listed = new Set(images);
  // isFile, not existsSync: a folder is not an image. The file-system check finds ids that differ in case on case-insensitive systems.
  const missing = rows.filter((r) => !listed.has(r.id) && !isFile(join(facesDir, r.id)));
  const excluded: ExcludedRow[] = [];
  if (missing.length > 0) {
    const described = missing.map((r) => `${JSON.stringify(`${FACES_FOLDER}/${r.id}`)} (row ${r.row})`);
    if ((options.onMissingImage ?? 'error') === 'error') {
      const prefixed = missing.some((r) => r.id.startsWith(`${FACES_FOLDER}/`)) ? ` Ids are relative to ${FACES_FOLDER}/: drop their "${FACES_FOLDER}/" prefix.` : '';
      throw new DatasetError('missing-images', `${missing.length} image(s) listed in ${indexFile} do not exist in ${facesDir}: ${describeSome(described, 10)}.${prefixed} Fix: restore them, remove their rows, or load with onMissingImage: 'exclude' to leave them out (they are then reported).`, missing.map((r) => `${FACES_FOLDER}/${r.id}`));
    }
    for (const r of missing) excluded.push({ file: `${FACES_FOLDER}/${r.id}`, row: r.row, reason: 'image file does not exist' });
    warn(`Excluded ${missing.length} row(s) of ${indexFile} whose image does not exist: ${describeSome(described)}.`);
  }

  const missingIds = new Set(missing.map((r) => r.id));
  const kept = rows.map((r, i) => ({ id: r.id, name: names[i]! })).filter((r) => !missingIds.has(r.id));
  const entries = makeEntries(rootPath, kept, classNames);
  if (entries.length === 0) {
    throw new DatasetError('empty-index', `No usable image in ${indexFile}: every listed image is missing from ${facesDir}. Fix: put the images in ${facesDir}.`, [indexFile]);
  }

  const used = new Set(rows.map((r) => r.id));
  const unlisted = images.filter((f) => !used.has(f)).map((f) => `${FACES_FOLDER}/${f}`);
  if (unlisted.length > 0) {
    warn(`${unlisted.length} image(s) in ${facesDir} are not listed in ${indexFile} and are not used: ${describeSome(quoted(unlisted))}. Fix: add them to the CSV if they belong to the dataset.`);
  }
  return { root: rootPath, indexFile, labelForm: csv.labelForm, entries, classNames, excluded, unlisted };
}

/** Checks `<root>/Faces/` exists and returns its path. */
function checkLayout(rootPath: string): string {
  if (!isDirectory(rootPath)) {
    throw new DatasetError('missing-root', `Dataset folder ${rootPath} does not exist. Fix: pass the folder that holds Faces/ and Dataset.csv (the Kaggle "Face Recognition Dataset" layout).`, [rootPath]);
  }
  const facesDir = join(rootPath, FACES_FOLDER);
  if (!isDirectory(facesDir)) {
    const lookalike = readdirSync(rootPath).find((e) => e.toLowerCase() === FACES_FOLDER.toLowerCase());
    const hint = lookalike ? ` There is a "${lookalike}" folder: rename it to "${FACES_FOLDER}".` : '';
    throw new DatasetError('missing-faces-folder', `No ${FACES_FOLDER}/ folder in ${rootPath}.${hint} Fix: put the images in ${facesDir} as <Name>_<i>.jpg, or one sub-folder of photos per person.`, [facesDir]);
  }
  return facesDir;
}

/** The CSV to read, or null for the Faces/ file names. */
function chooseIndexFile(rootPath: string, choice: string): string | null {
  if (choice === 'folder') return null;
  if (choice !== 'auto') return resolve(rootPath, choice); // readIndexCsv reports a missing file
  for (const name of ['Dataset.csv', 'dataset_faces.csv']) {
    if (existsSync(join(rootPath, name))) return join(rootPath, name);
  }
  return null;
}

/** Refuses ids that would escape Faces/ and duplicate ids; returns rows with normalised ids. */
function checkIds(rows: readonly IndexCsvRow[], indexFile: string): IndexCsvRow[] {
  const unsafe = rows.flatMap((r) => {
    const reason = unsafeIdReason(r.id);
    return reason ? [`row ${r.row}: ${JSON.stringify(r.id)} ${reason}`] : [];
  });
  if (unsafe.length > 0) {
    throw new DatasetError('unsafe-id', `Index file ${indexFile} has ids that point outside ${FACES_FOLDER}/: ${describeSome(unsafe)}. Fix: ids must be file names inside ${FACES_FOLDER}/ (no absolute paths, no \`..\`).`, [indexFile]);
  }
  const normalised = rows.map((r) => ({ ...r, id: normaliseId(r.id) }));
  const firstRow = new Map<string, number>();
  const duplicates: string[] = [];
  for (const r of normalised) {
    const seen = firstRow.get(r.id);
    if (seen === undefined) firstRow.set(r.id, r.row);
    else duplicates.push(`${JSON.stringify(r.id)} (rows ${seen} and ${r.row})`);
  }
  if (duplicates.length > 0) {
    throw new DatasetError('duplicate-id', `Index file ${indexFile} lists the same image more than once: ${describeSome(duplicates)}. Fix: keep one row per image (a duplicate would count twice and could land in both train and test).`, [indexFile]);
  }
  return normalised;
}

function namesFromLabels(rows: readonly IndexCsvRow[]): { names: string[]; classNames: string[] } {
  const names = rows.map((r) => r.label);
  return { names, classNames: sortedUniqueNames(names) };
}

/** Int-label form: names come from the file names, and each int label must be that name's sorted index. */
function namesFromFileNames(rows: readonly IndexCsvRow[], indexFile: string): { names: string[]; classNames: string[] } {
  const unnamed = rows.filter((r) => nameFromFileName(r.id) === null).map((r) => `row ${r.row}: ${JSON.stringify(r.id)}`);
  if (unnamed.length > 0) {
    throw new DatasetError('bad-label', `Index file ${indexFile} gives int labels, but some file names do not follow <Name>_<i>.<ext>, so their person cannot be checked: ${describeSome(unnamed)}. Fix: rename the files, or use an index with names (Dataset.csv, header id,label).`, [indexFile]);
  }
  const names = rows.map((r) => nameFromFileName(r.id)!);
  const classNames = sortedUniqueNames(names);
  const labelOf = new Map(classNames.map((name, label) => [name, label]));
  const wrong = rows.flatMap((r, i) => {
    const expected = labelOf.get(names[i]!)!;
    return Number(r.label) === expected ? [] : [`row ${r.row}: ${JSON.stringify(r.id)} has label ${r.label}, but "${names[i]}" is class ${expected}`];
  });
  if (wrong.length > 0) {
    throw new DatasetError('bad-label', `Index file ${indexFile} has int labels that do not match the names in the file names (label = index of the name among the ${classNames.length} sorted unique names, 0 = ${JSON.stringify(classNames[0])}): ${describeSome(wrong)}. Fix: correct the labels, or use Dataset.csv (names as labels).`, [indexFile]);
  }
  return { names, classNames };
}

function indexFromFileNames(rootPath: string, images: readonly string[]): FaceIndex {
  const facesDir = join(rootPath, FACES_FOLDER);
  if (images.length === 0) {
    throw new DatasetError('empty-index', `No index CSV in ${rootPath} and no image in ${facesDir}. Fix: add Dataset.csv (id,label) and the images in ${FACES_FOLDER}/.`, [facesDir]);
  }
  const unnamed = images.filter((f) => nameFromFileName(f) === null);
  if (unnamed.length > 0) {
    throw new DatasetError('bad-label', `No index CSV in ${rootPath}, so people are read from the file names, but ${unnamed.length} file(s) in ${facesDir} are not named <Name>_<i>.<ext>: ${describeSome(quoted(unnamed))}. Fix: rename them, or add Dataset.csv (header id,label).`, unnamed.map((f) => `${FACES_FOLDER}/${f}`));
  }
  const names = images.map((f) => nameFromFileName(f)!);
  const classNames = sortedUniqueNames(names);
  const entries = makeEntries(rootPath, images.map((id, i) => ({ id, name: names[i]! })), classNames);
  return { root: rootPath, indexFile: null, labelForm: 'file-names', entries, classNames, excluded: [], unlisted: [] };
}

/** `<root>/<person>/<photo>`: each sub-folder is a person; undefined when no sub-folder holds an image. */
async function indexFromPersonFolders(rootPath: string): Promise<FaceIndex | undefined> {
  const people = readdirSync(rootPath, { withFileTypes: true }).filter((e) => e.isDirectory() && !e.name.startsWith('.'));
  const items: { file: string; name: string }[] = [];
  for (const person of people) {
    for (const photo of await listFaceImages(join(rootPath, person.name))) items.push({ file: `${person.name}/${photo}`, name: person.name });
  }
  if (items.length === 0) return undefined;
  const classNames = sortedUniqueNames(items.map((i) => i.name));
  const labelOf = new Map(classNames.map((name, label) => [name, label]));
  const entries = items.map(({ file, name }) => ({ file, path: join(rootPath, file), name, label: labelOf.get(name)! }));
  return { root: rootPath, indexFile: null, labelForm: 'person-folders', entries, classNames, excluded: [], unlisted: [] };
}

/** Builds entries for (id, name) pairs; every name must be in classNames. */
function makeEntries(rootPath: string, items: readonly { id: string; name: string }[], classNames: readonly string[]): FaceEntry[] {
  const labelOf = new Map(classNames.map((name, label) => [name, label]));
  return items.map(({ id, name }) => {
    const file = `${FACES_FOLDER}/${id}`;
    return { file, path: join(rootPath, file), name, label: labelOf.get(name)! };
  });
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
