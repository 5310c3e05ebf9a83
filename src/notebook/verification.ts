/**
 * The notebook's face verification section (notebooks/Verificacion_facial.ipynb): the library's
 * verification study on the bundled ORL faces with a progress bar, then its tables, figures (in the
 * notebook's locale) and an analysis generated from the numbers.
 */
import type { EpsilonInput } from '../attacks/epsilon.js';
import { currentBackend, initBackend } from '../engines/tfjs/backend.js';
import { attackLabel, impersonationMatrixFigure, regionGalleryPng, transferFigure, verificationExamplesPng, verificationRocFigure, verificationSuccessFigure } from '../figures/verification-figures.js';
import type { PlotlyFigure } from '../figures/plotly-types.js';
import { defaultOrlDir, defaultTransferModels, type VerificationAttackName } from '../verification/settings.js';
import type { RegionName } from '../data/face-regions.js';
import { RECOGNIZER_NAME, TRANSFER_ATTACKS } from '../verification/transfer.js';
import { runVerificationStudy, type AttackRow, type VerificationResults } from '../verification/study.js';
import { showMarkdown, showPng } from './display.js';
import { NOTEBOOK_LOCALE, notebookText } from './locale.js';
import { showFigure } from './plotly.js';
import { notebookProgress } from './progress.js';
import { showKeyValues, showTable } from './table.js';
import type { Rate } from '../eval/wilson.js';

export interface NotebookVerificationOptions {
  readonly data?: string;
  readonly attacks?: readonly VerificationAttackName[];
  readonly epsilons?: readonly EpsilonInput[];
  readonly l2Epsilons?: readonly EpsilonInput[];
  /** Test photos per person attacked (default 1: the notebook stays quick). */
  readonly attackedPhotos?: number;
  readonly matrixPeople?: number;
  /** Physical attacks (eyeglass frames, stickers); default the eyeglasses (about a minute). */
  readonly regions?: readonly RegionName[];
  /** Classifiers for the transfer table (weights files); default the bundled ORL classifiers (for the ORL faces). */
  readonly transferModels?: readonly string[];
  readonly seed?: number;
}

/** Runs the study with a progress bar counting attack runs (aligning the faces comes first). */
export async function runVerification(options: NotebookVerificationOptions = {}): Promise<VerificationResults> {
  const attacks = options.attacks ?? ['fgsm', 'mifgsm', 'pgd', 'noise'];
  const epsilons = options.epsilons ?? ['0', '1/255', '2/255', '4/255', '8/255'];
  const l2 = options.l2Epsilons ?? [];
  const regions = options.regions ?? ['glasses'];
  // The study's own default: the bundled ORL classifiers for the bundled ORL faces.
  const transferModels = options.transferModels ?? defaultTransferModels(options.data ?? defaultOrlDir());
  const transferRuns = transferModels.length ? TRANSFER_ATTACKS.length * (1 + transferModels.length) : 0;
  const runs = 2 * (attacks.length * epsilons.length + attacks.filter((a) => a !== 'mifgsm').length * l2.length + regions.length + transferRuns);
  // The engine is named in the summary table; the backend's English one-liner would only clutter the cell.
  if (!currentBackend()) await initBackend({ prefer: 'auto', log: () => undefined });
  const progress = notebookProgress('Verificación facial', runs, { unit: 'ataques' });
  let done = 0;
  progress.update(0, 'preparando los rostros');
  const results = await runVerificationStudy({
    ...options,
    attacks,
    epsilons,
    l2Epsilons: l2,
    attackedPhotos: options.attackedPhotos ?? 1,
    matrixPeople: options.matrixPeople ?? 5,
    regions,
    transferModels,
    log: (line) => {
      if (/^(dodging|impersonation) /.test(line)) progress.update(++done, line.startsWith('dodging') ? 'evasión' : 'suplantación');
      else if (/^transfer (dodging|impersonation) /.test(line)) progress.update(++done, 'transferencia');
    },
  });
  progress.finish();
  return results;
}

/** Data, protocol, thresholds and clean results as a table. */
export function showVerificationSummary(results: VerificationResults): void {
  const { t } = notebookText;
  const s = t.verification.summary;
  const { clean, thresholds, photos, protocol } = results;
  const rows: [string, string][] = [
    [s.photos, `${photos.total}: ${s.faces(photos.chips, photos.skipped.length, photos.cached)}`],
    [s.people, String(protocol.people.length)],
    [s.protocol, s.protocolValue(results.settings.galleryPhotos, results.settings.calibrationPhotos, protocol.test / protocol.people.length)],
    [s.pairs, s.pairsValue(clean.genuinePairs, clean.impostorPairs)],
    ...(['far', 'eer', 'faceapi'] as const).map((choice): [string, string] => [s.at(t.verification.thresholdLabel[choice], thresholds[choice].value), s.tarFar(clean.at[choice].tar.rate ?? 0, clean.at[choice].far.rate ?? 0)]),
    [s.aucEer, s.aucEerValue(clean.auc, clean.eer)],
    [s.engine, results.engine],
  ];
  showKeyValues(rows, s.caption);
}

const show = (figure: PlotlyFigure) => showFigure(figure, { height: 480 });

export async function showVerificationRoc(results: VerificationResults): Promise<void> {
  await show(verificationRocFigure(results, { locale: NOTEBOOK_LOCALE }));
}

/** Success against epsilon: dodging and impersonation (and L2, when the run has it). */
export async function showVerificationCurves(results: VerificationResults): Promise<void> {
  for (const norm of ['linf', 'l2'] as const) {
    if (!results.attacks.some((row) => row.norm === norm)) continue;
    for (const threat of ['dodging', 'impersonation'] as const) await show(verificationSuccessFigure(results, threat, norm, { locale: NOTEBOOK_LOCALE }));
  }
}

export async function showImpersonationMatrix(results: VerificationResults): Promise<void> {
  if (results.matrix) await show(impersonationMatrixFigure(results.matrix, { locale: NOTEBOOK_LOCALE }));
}

export async function showVerificationFaces(results: VerificationResults): Promise<void> {
  if (!results.examples || results.examples.items.length === 0) return;
  const png = await verificationExamplesPng(results.examples, results.thresholds[results.thresholds.attackedAt].value, { locale: NOTEBOOK_LOCALE, palette: true });
  showPng(png, notebookText.t.verification.faces.title(attackLabel(results.examples.attack, 'linf', NOTEBOOK_LOCALE), results.examples.epsilonText));
}

/** The physical attacks: a table (each region and threat, optimised against a random colour of the same shape), then a gallery of the same faces per region and threat. */
export async function showRegionAttacks(results: VerificationResults): Promise<void> {
  const optimised = results.regions.filter((row) => row.method === 'optimised');
  if (optimised.length === 0) return;
  const r = notebookText.t.verification.regions;
  const { n } = notebookText;
  const rate = (x: Rate) => r.rate(x.count, x.total, x.rate ?? 0, x.lower, x.upper);
  const values = optimised.map((row) => {
    const random = results.regions.find((o) => o.method === 'random' && o.region === row.region && o.threat === row.threat)!;
    return [r.names[row.region] ?? row.region, r.threatShort[row.threat] ?? row.threat, n.percent(row.coverage), rate(row.success8Bit), rate(random.success8Bit)];
  });
  showTable({ columns: [...r.columns], values, index: values.map((_, k) => k) }, { caption: r.caption });
  const threshold = results.thresholds[results.thresholds.attackedAt].value;
  for (const row of optimised) {
    const examples = results.regionExamples.filter((e) => e.region === row.region && e.threat === row.threat);
    if (examples.length === 0) continue;
    const png = await regionGalleryPng(examples, threshold, row.coverage, { locale: NOTEBOOK_LOCALE, palette: true });
    showPng(png, r.title(r.names[row.region] ?? row.region, r.threats[row.threat] ?? row.threat));
  }
}

/** The transfer heatmaps (dodging, impersonation): a row per source model and attack, a column per target model. */
export async function showTransfer(results: VerificationResults): Promise<void> {
  if (!results.transfer) return;
  for (const threat of ['dodging', 'impersonation'] as const) await showFigure(transferFigure(results, threat, { locale: NOTEBOOK_LOCALE }), { height: 760 });
}

/** The analysis paragraphs, from this run's numbers. */
export function verificationAnalysis(results: VerificationResults): string {
  const a = notebookText.t.verification.analysis;
  const { clean, thresholds } = results;
  const at = thresholds.attackedAt;
  const paragraphs = [a.clean(thresholds[at].value, clean.at[at].tar.rate ?? 0, clean.at[at].far.rate ?? 0, clean.at.faceapi.far.rate ?? 0)];
  const rows = (threat: string) => results.attacks.filter((row) => row.threat === threat && row.norm === 'linf' && row.epsilon > 0);
  const strongest = (list: AttackRow[]) => list.filter((row) => row.attack !== 'noise').sort((x, y) => (y.success.rate ?? 0) - (x.success.rate ?? 0) || x.attack.localeCompare(y.attack))[0];
  const dodging = rows('dodging');
  if (dodging.length) {
    const smallest = Math.min(...dodging.map((row) => row.epsilon));
    const best = strongest(dodging.filter((row) => row.epsilon === smallest));
    const noise = dodging.find((row) => row.attack === 'noise' && row.epsilon === smallest);
    if (best) paragraphs.push(a.dodging(attackLabel(best.attack, 'linf', NOTEBOOK_LOCALE), best.epsilonText, best.success.rate ?? 0, noise?.success.rate ?? 0));
  }
  const impersonation = rows('impersonation');
  if (impersonation.length) {
    const largest = Math.max(...impersonation.map((row) => row.epsilon));
    const atLargest = impersonation.filter((row) => row.epsilon === largest);
    const best = strongest(atLargest.filter((row) => row.attack !== 'fgsm')) ?? strongest(atLargest);
    const fgsm = atLargest.find((row) => row.attack === 'fgsm');
    if (best) paragraphs.push(a.impersonation(best.epsilonText, fgsm && best.attack !== 'fgsm' ? (fgsm.success.rate ?? 0) : null, attackLabel(best.attack, 'linf', NOTEBOOK_LOCALE), best.success.rate ?? 0));
  }
  for (const region of results.settings.regions) {
    const rate = (threat: string, method: string) => results.regions.find((row) => row.region === region && row.threat === threat && row.method === method)?.success8Bit.rate ?? 0;
    const coverage = results.regions.find((row) => row.region === region)?.coverage;
    if (coverage === undefined) continue;
    paragraphs.push(a.regions(notebookText.t.verification.regions.names[region] ?? region, coverage, rate('dodging', 'optimised'), rate('dodging', 'random'), rate('impersonation', 'optimised'), rate('impersonation', 'random')));
  }
  if (results.transfer) {
    const label = (attack: string, epsilonText: string) => (attack === 'glasses' ? notebookText.t.verification.transfer.glasses : `${attackLabel(attack, 'linf', NOTEBOOK_LOCALE)} ${epsilonText}`);
    for (const threat of ['dodging', 'impersonation'] as const) {
      const cells = results.transfer.cells.filter((cell) => cell.threat === threat);
      const best = cells.filter((cell) => cell.source !== cell.target && !cell.baseline).sort((x, y) => (y.success.rate ?? 0) - (x.success.rate ?? 0))[0];
      const words = threat === 'dodging' ? notebookText.t.verification.regions.threatShort.dodging! : notebookText.t.verification.regions.threatShort.impersonation!;
      if (!best || !best.success.rate) {
        paragraphs.push(a.transferNone(words));
        continue;
      }
      const whiteBox = cells.find((cell) => cell.source === best.target && cell.target === best.target && cell.attack === best.attack && cell.epsilonText === best.epsilonText)?.success.rate ?? 0;
      const name = (model: string) => (model === RECOGNIZER_NAME ? notebookText.t.verification.transfer.recognizer : model);
      const randomFrames = best.attack === 'glasses' ? (cells.find((cell) => cell.baseline && cell.target === best.target)?.success.rate ?? null) : null;
      paragraphs.push(a.transfer(words, label(best.attack, best.epsilonText), name(best.source), name(best.target), best.success.rate, whiteBox, randomFrames));
    }
  }
  if (results.matrix) {
    const cells = results.matrix.success.flat().filter((cell) => cell !== null);
    paragraphs.push(a.matrix(cells.filter((cell) => cell === 1).length, cells.length, results.matrix.people.length));
  }
  return paragraphs.join('\n\n');
}

export function showVerificationAnalysis(results: VerificationResults): void {
  showMarkdown(verificationAnalysis(results));
}
