/**
 * What the verification study writes: one JSON document (sanity checks first, then how it was
 * made, then the results) and one CSV row per attack, threat and epsilon. Each file is written
 * atomically: an interrupted run leaves the previous results whole.
 */
import { basename, join, resolve } from 'node:path';
import { writeFileAtomically, writeJsonAtomically } from '../core/atomic-write.js';
import { packageVersions } from '../study/manifest.js';
import { facePng } from '../figures/face-image.js';
import { EYE_DISTANCE_MM, printableRegion } from './region-exports.js';
import { impersonationMatrixFigure, regionGalleryPng, transferFigure, verificationExamplesPng, verificationRocFigure, verificationSuccessFigure, writeFigureHtml, type PlotlyFigure } from '../figures/index.js';
import { runPngRenderer } from './figures-output.js';
import { openRunFolder } from '../study/run-folder.js';
import type { AttackRow, VerificationExamples, VerificationResults } from '../verification/study.js';
import type { RegionExample } from '../verification/region-attacks.js';

export const VERIFICATION_KIND = 'fgsm-faces-verification';
export const VERIFICATION_VERSION = 1;

export interface VerificationCheck {
  readonly name: 'no-photo-dropped' | 'epsilon-zero-changes-nothing' | 'noise-below-gradient-attacks' | 'pgd-at-least-fgsm' | 'region-beats-random-colour' | 'threshold-measurable';
  readonly ok: boolean;
  readonly detail: string;
}

/** Checks of the run as data: what each tested and what it saw. */
export function verificationChecks(results: VerificationResults): VerificationCheck[] {
  const { photos, attacks, thresholds } = results;
  const checks: VerificationCheck[] = [];
  const accounted = photos.chips + photos.skipped.length;
  checks.push({ name: 'no-photo-dropped', ok: accounted === photos.total, detail: `${photos.total} photos: ${photos.chips} faces + ${photos.skipped.length} skipped (each with its reason)` });
  const atZero = attacks.filter((row) => row.epsilon === 0);
  const movedAtZero = atZero.filter((row) => row.success.count > 0);
  checks.push({ name: 'epsilon-zero-changes-nothing', ok: movedAtZero.length === 0, detail: atZero.length === 0 ? 'no epsilon 0 in the run' : `${atZero.length} attack runs at epsilon 0; decisions flipped in ${movedAtZero.length}` });
  const find = (attack: string, like: AttackRow) => attacks.find((row) => row.attack === attack && row.threat === like.threat && row.norm === like.norm && row.epsilon === like.epsilon);
  const above = (a: string, b: string) =>
    attacks
      .filter((row) => row.attack === a && row.epsilon > 0)
      .map((row) => [row, find(b, row)] as const)
      .filter(([, other]) => other !== undefined);
  const noisy = above('noise', 'fgsm').filter(([noise, fgsm]) => noise.success.count > fgsm!.success.count);
  checks.push({ name: 'noise-below-gradient-attacks', ok: noisy.length === 0, detail: `random noise beat FGSM in ${noisy.length} of ${above('noise', 'fgsm').length} (threat, norm, epsilon) runs` });
  const weak = above('pgd', 'fgsm').filter(([pgd, fgsm]) => pgd.success.count < fgsm!.success.count);
  checks.push({ name: 'pgd-at-least-fgsm', ok: weak.length === 0, detail: `PGD succeeded less often than FGSM in ${weak.length} of ${above('pgd', 'fgsm').length} (threat, norm, epsilon) runs${weak.length ? ': ' + weak.map(([p]) => `${p.threat} ${p.norm} ${p.epsilonText}`).join(', ') : ''}` });
  const regionPairs = results.regions.filter((row) => row.method === 'optimised').map((row) => [row, results.regions.find((r) => r.method === 'random' && r.region === row.region && r.threat === row.threat)!] as const);
  const beaten = regionPairs.filter(([optimised, random]) => optimised.success8Bit.count < random.success8Bit.count);
  checks.push({ name: 'region-beats-random-colour', ok: beaten.length === 0, detail: `the optimised region succeeded less often than a random colour of the same shape in ${beaten.length} of ${regionPairs.length} (region, threat) runs${beaten.length ? ': ' + beaten.map(([o]) => `${o.region} ${o.threat}`).join(', ') : ''}` });
  const far = thresholds.farChoice;
  checks.push({ name: 'threshold-measurable', ok: far.measurable, detail: far.measurable ? `FAR ${far.targetFar} measurable on the held-out pairs (achieved ${far.achievedFar})` : `too few held-out impostor pairs to measure FAR ${far.targetFar}: the threshold accepts none of them` });
  return checks;
}

/** A printable texture written with the results. */
export interface RegionPrint {
  readonly region: string;
  readonly probeName: string;
  readonly file: string;
  readonly widthMm: number;
  readonly heightMm: number;
  readonly dpi: number;
  /** The physical scale's assumption: the eye centres of the face are this far apart. */
  readonly eyeDistanceMm: number;
}

export interface VerificationDocument {
  readonly kind: typeof VERIFICATION_KIND;
  readonly version: number;
  readonly checks: readonly VerificationCheck[];
  readonly prints?: readonly RegionPrint[];
  readonly made: { readonly createdAt: string; readonly engine: string; readonly packages: Readonly<Record<string, string>>; readonly command?: string; readonly seconds: number };
  readonly results: DocumentResults;
}

/** The results as the JSON holds them: the example images are in the PNGs, their names and distances here. */
export type DocumentResults = Omit<VerificationResults, 'examples' | 'regionExamples'> & {
  readonly examples?: Omit<VerificationExamples, 'items'> & { readonly items: readonly Pick<VerificationExamples['items'][number], 'probeName' | 'targetName' | 'distanceBefore' | 'distanceAfter'>[] };
  readonly regionExamples: readonly Omit<RegionExample, 'original' | 'optimised' | 'random' | 'mask'>[];
};

export function verificationDocument(results: VerificationResults, command?: string, prints?: readonly RegionPrint[]): VerificationDocument {
  // The example images go to the faces grids and PNGs, not into the JSON.
  const { examples, regionExamples, ...rest } = results;
  return {
    kind: VERIFICATION_KIND,
    version: VERIFICATION_VERSION,
    checks: verificationChecks(results),
    ...(prints ? { prints } : {}),
    made: { createdAt: new Date().toISOString(), engine: results.engine, packages: packageVersions(), command, seconds: results.seconds },
    results: {
      ...rest,
      ...(examples ? { examples: { ...examples, items: examples.items.map(({ probeName, targetName, distanceBefore, distanceAfter }) => ({ probeName, targetName, distanceBefore, distanceAfter })) } } : {}),
      regionExamples: regionExamples.map(({ region, threat, probeName, claimedName, distanceBefore, distanceOptimised, distanceRandom, eyeDistancePixels }) => ({ region, threat, probeName, claimedName, distanceBefore, distanceOptimised, distanceRandom, eyeDistancePixels })),
    },
  };
}

export const VERIFICATION_CSV_COLUMNS = [
  'attack',
  'threat',
  'norm',
  'epsilon',
  'epsilon_text',
  'attempted',
  'succeeded',
  'success_rate',
  'success_ci_low',
  'success_ci_high',
  'succeeded_8bit',
  'success_rate_8bit',
  'mean_distance_before',
  'mean_distance_after',
  'threshold',
] as const;

export function verificationCsv(results: VerificationResults): string {
  const threshold = results.thresholds[results.thresholds.attackedAt].value;
  return csv(
    VERIFICATION_CSV_COLUMNS,
    results.attacks.map((row) => [row.attack, row.threat, row.norm, row.epsilon, row.epsilonText, row.success.total, row.success.count, row.success.rate ?? '', row.success.lower, row.success.upper, row.success8Bit.count, row.success8Bit.rate ?? '', row.meanDistanceBefore, row.meanDistanceAfter, threshold]),
  );
}

export const REGION_CSV_COLUMNS = [
  'region',
  'threat',
  'method',
  'coverage',
  'attempted',
  'succeeded',
  'success_rate',
  'success_ci_low',
  'success_ci_high',
  'succeeded_8bit',
  'success_rate_8bit',
  'success_8bit_ci_low',
  'success_8bit_ci_high',
  'mean_distance_before',
  'mean_distance_after_8bit',
  'mean_tv_per_pixel',
  'threshold',
] as const;

/** One row per region, threat and method (optimised, random colour). */
export function regionCsv(results: VerificationResults): string {
  const threshold = results.thresholds[results.thresholds.attackedAt].value;
  return csv(
    REGION_CSV_COLUMNS,
    results.regions.map((row) => [row.region, row.threat, row.method, row.coverage, row.success.total, row.success.count, row.success.rate ?? '', row.success.lower, row.success.upper, row.success8Bit.count, row.success8Bit.rate ?? '', row.success8Bit.lower, row.success8Bit.upper, row.meanDistanceBefore, row.meanDistanceAfter, row.meanTvPerPixel, threshold]),
  );
}

export const TRANSFER_CSV_COLUMNS = ['threat', 'attack', 'epsilon_text', 'source', 'target', 'eligible', 'succeeded', 'success_rate', 'success_ci_low', 'success_ci_high', 'threshold'] as const;

/** One row per threat, attack, source and target model of the transfer table. */
export function transferCsv(results: VerificationResults): string {
  const threshold = results.thresholds[results.thresholds.attackedAt].value;
  return csv(
    TRANSFER_CSV_COLUMNS,
    (results.transfer?.cells ?? []).map((cell) => [cell.threat, cell.attack, cell.epsilonText, cell.source, cell.target, cell.success.total, cell.success.count, cell.success.rate ?? '', cell.success.lower, cell.success.upper, threshold]),
  );
}

function csv(columns: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const lines = [columns.join(',')];
  for (const cells of rows) lines.push(cells.map((cell) => (typeof cell === 'string' && /[",\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : String(cell))).join(','));
  return `${lines.join('\n')}\n`;
}

/** One success figure per threat and norm present (L-inf first). */
function successFigures(results: VerificationResults): PlotlyFigure[] {
  const norms = (['linf', 'l2'] as const).filter((norm) => results.attacks.some((row) => row.norm === norm));
  return norms.flatMap((norm) => (['dodging', 'impersonation'] as const).map((threat) => verificationSuccessFigure(results, threat, norm)));
}

export interface WriteVerificationOptions {
  readonly command?: string;
  /** PNG figures too (needs Chromium; the HTML figures and the faces grid are always written). Default true. */
  readonly png?: boolean;
  readonly warn?: (message: string) => void;
}

/**
 * Writes into `out` (staged, then moved in together), named after the data folder: `verification_<data>.json` and `.csv`, the
 * figures `_roc`, `_success` (dodging and impersonation), `_matrix` (.html, + .png with a Chromium)
 * and the faces grid `_faces.png`. Returns the paths written.
 */
export async function writeVerificationResults(results: VerificationResults, out: string, options: WriteVerificationOptions = {}): Promise<string[]> {
  // Staged, then moved into `out` together: a kill leaves the previous complete results, never a mix.
  const folder = await openRunFolder(out, { warn: options.warn });
  try {
    await writeInto(folder.stage, results, options);
    return await folder.commit();
  } catch (error) {
    await folder.discard();
    throw error;
  }
}

async function writeInto(dir: string, results: VerificationResults, options: WriteVerificationOptions): Promise<string[]> {
  const stem = join(dir, `verification_${basename(resolve(results.settings.data))}`);
  const files = [`${stem}.json`, `${stem}.csv`];
  const { prints, written } = await writeRegionFiles(stem, results);
  await writeJsonAtomically(files[0]!, verificationDocument(results, options.command, prints));
  await writeFileAtomically(files[1]!, verificationCsv(results));
  files.push(...written);
  if (results.transfer) {
    files.push(`${stem}_transfer.csv`);
    await writeFileAtomically(files.at(-1)!, transferCsv(results));
  }
  const renderer = runPngRenderer(options.warn ?? (() => undefined));
  try {
    const figures: Array<[string, PlotlyFigure[], string]> = [
      ['roc', [verificationRocFigure(results)], 'Clean verification ROC'],
      ['success', successFigures(results), 'Attack success against epsilon'],
      ...(results.matrix ? ([['matrix', [impersonationMatrixFigure(results.matrix)], 'Who can impersonate whom']] as Array<[string, PlotlyFigure[], string]>) : []),
      ...(results.transfer ? ([['transfer', (['dodging', 'impersonation'] as const).map((threat) => transferFigure(results, threat)), 'Transfer between models']] as Array<[string, PlotlyFigure[], string]>) : []),
    ];
    for (const [name, list, title] of figures) {
      const base = `${stem}_${name}`;
      await writeFigureHtml(`${base}.html`, list.map((figure) => ({ figure, height: 520 })), { title });
      files.push(`${base}.html`);
      const png = (options.png ?? true) ? await renderer.get() : undefined;
      if (png) {
        // One PNG per figure: the first keeps the base name.
        for (const [k, figure] of list.entries()) {
          const path = k === 0 ? `${base}.png` : `${base}_${k + 1}.png`;
          await png.render(figure, path, { width: 1000, height: 560 });
          files.push(path);
        }
      }
    }
  } finally {
    await renderer.close();
  }
  if (results.examples && results.examples.items.length > 0) {
    const path = `${stem}_faces.png`;
    await writeFileAtomically(path, await verificationExamplesPng(results.examples, results.thresholds[results.thresholds.attackedAt].value));
    files.push(path);
  }
  return files;
}

/**
 * The region attacks' files: `_regions.csv`; per region and threat a gallery `_<region>_<threat>.png`
 * (original, optimised, random colour) and the attacked faces as 8-bit PNGs in `_regions/`; per
 * region the optimised texture of the first dodging face at print size, `_regions/<region>_print.png`.
 */
async function writeRegionFiles(stem: string, results: VerificationResults): Promise<{ prints: RegionPrint[]; written: string[] }> {
  if (results.regions.length === 0) return { prints: [], written: [] };
  const threshold = results.thresholds[results.thresholds.attackedAt].value;
  const written = [`${stem}_regions.csv`];
  await writeFileAtomically(written[0]!, regionCsv(results));
  const folder = `${stem}_regions`;
  const prints: RegionPrint[] = [];
  for (const region of results.settings.regions) {
    for (const threat of ['dodging', 'impersonation'] as const) {
      const examples = results.regionExamples.filter((e) => e.region === region && e.threat === threat);
      if (examples.length === 0) continue;
      const coverage = results.regions.find((row) => row.region === region && row.threat === threat)!.coverage;
      const gallery = `${stem}_${region}_${threat}.png`;
      await writeFileAtomically(gallery, await regionGalleryPng(examples, threshold, coverage));
      written.push(gallery);
      for (const [k, example] of examples.entries()) {
        // Numbered as the JSON's regionExamples list them (with the person's name).
        const face = join(folder, `${region}_${threat}_${k + 1}.png`);
        const size = Math.round(Math.sqrt(example.mask.length));
        await writeFileAtomically(face, await facePng(example.optimised, size, size), { makeFolder: true });
        written.push(face);
      }
    }
    const first = results.regionExamples.find((e) => e.region === region && e.threat === 'dodging') ?? results.regionExamples.find((e) => e.region === region);
    if (!first) continue;
    const print = await printableRegion(first);
    const file = join(folder, `${region}_print.png`);
    await writeFileAtomically(file, print.png, { makeFolder: true });
    written.push(file);
    prints.push({ region, probeName: first.probeName, file: basename(file), widthMm: print.widthMm, heightMm: print.heightMm, dpi: print.dpi, eyeDistanceMm: EYE_DISTANCE_MM });
  }
  return { prints, written };
}
