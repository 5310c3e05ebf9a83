/**
 * The verification study's aligned faces as a training set for `npm run train`: one folder per
 * person of 150 px chip PNGs, and a split file whose test part is exactly the protocol's test
 * photos (enrolled and held-out photos train), so that classifiers trained on it never see the
 * faces the transfer table attacks.
 */
import { mkdir } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import sharp from 'sharp';
import { writeFileAtomically } from '../core/atomic-write.js';
import { prepareFaceChips } from '../data/face-chips.js';
import { loadFaceIndex, type FaceEntry } from '../data/face-index.js';
import { writeSplitFile } from '../data/split-file.js';
import { CHIP_SIZE } from '../engines/faceapi/aligner.js';
import { planVerification } from './protocol.js';
import { defaultFaceMode, defaultOrlDir } from './settings.js';
import type { VerificationStudyOptions } from './study.js';

/** The study's settings that decide which faces there are and which of them are test photos. */
export type ChipDatasetOptions = Pick<VerificationStudyOptions, 'data' | 'faces' | 'minConfidence' | 'cacheDir' | 'galleryPhotos' | 'calibrationPhotos'>;

export interface ChipDataset {
  readonly folder: string;
  readonly splitFile: string;
  readonly train: number;
  readonly test: number;
  readonly people: number;
}

export const PROTOCOL_SPLIT_FILE = 'protocol.split.json';

export async function exportChipDataset(out: string, options: ChipDatasetOptions = {}): Promise<ChipDataset> {
  const data = options.data ?? defaultOrlDir();
  const faces = options.faces ?? defaultFaceMode(data);
  const index = await loadFaceIndex(data);
  const prepared = await prepareFaceChips(index.entries, { mode: faces, minConfidence: options.minConfidence, cacheDir: options.cacheDir });
  const plan = planVerification(prepared.chips, { galleryPhotos: options.galleryPhotos, calibrationPhotos: options.calibrationPhotos });
  const entries: FaceEntry[] = [];
  const train: FaceEntry[] = [];
  const test: FaceEntry[] = [];
  const used = new Set<string>();
  for (const { chip, identity, role } of plan.chips) {
    const name = plan.identities[identity]!;
    // a.jpg -> a.png, unless the person also has an a.png (then a.jpg.png).
    let file = `${name}/${basename(chip.entry.file, extname(chip.entry.file))}.png`;
    if (used.has(file)) file = `${name}/${basename(chip.entry.file)}.png`;
    used.add(file);
    const path = join(out, file);
    await mkdir(join(out, name), { recursive: true });
    await writeFileAtomically(path, await sharp(Buffer.from(chip.chip), { raw: { width: CHIP_SIZE, height: CHIP_SIZE, channels: 3 } }).png().toBuffer());
    const entry: FaceEntry = { file, path, name, label: identity };
    entries.push(entry);
    (role === 'test' ? test : train).push(entry);
  }
  const byFile = (a: FaceEntry, b: FaceEntry) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0);
  train.sort(byFile);
  test.sort(byFile);
  const splitFile = join(out, PROTOCOL_SPLIT_FILE);
  await writeSplitFile(splitFile, { seed: 'verification protocol', testFraction: test.length / entries.length, train, test }, entries);
  return { folder: out, splitFile, train: train.length, test: test.length, people: plan.identities.length };
}
