/**
 * The robustness study's figure files: one offline HTML page with every interactive figure
 * (curves with Wilson bands, per-identity and confusion heatmaps, minimal epsilons, the epsilon
 * slider), PNGs of the static ones when a Chromium is found, and the same-faces grid PNG (sharp,
 * no browser). The browser starts on the first PNG and is shared; without one, the user is told once.
 */
import { join } from 'node:path';
import type { AttackExamples } from '../eval/examples.js';
import type { AttackStudyResults, AttackSummary } from '../eval/study.js';
import {
  confusionFigure,
  epsilonLabel,
  epsilonSliderFigure,
  exampleSources,
  minimalEpsilonFigure,
  perIdentityFigure,
  robustnessCurvesFigure,
  sameFacesGridPng,
  writeFigureHtml,
  type HtmlFigure,
  type PlotlyFigure,
} from '../figures/index.js';
import { writeFileAtomically } from '../core/atomic-write.js';
import { runPngRenderer } from './figures-output.js';

export const CURVES_PNG_SIZE = { width: 1100, height: 620 } as const;

/** Heatmaps grow with the number of people so names stay readable. */
export function heatmapPngSize(people: number): { width: number; height: number } {
  return { width: 1000, height: Math.min(4000, Math.max(420, 180 + 32 * people)) };
}

/** The attack the per-identity/confusion figures and the examples show: the strongest dodging attack listed, else the strongest impersonation. */
export function featuredAttack(attacks: readonly AttackSummary[]): AttackSummary | undefined {
  const preference = ['pgd', 'bim', 'fgsm'] as const;
  for (const kind of preference) {
    const found = attacks.find((a) => a.kind === kind && !a.targeted);
    if (found) return found;
  }
  return attacks.find((a) => a.targeted && a.kind === 'pgd') ?? attacks.find((a) => a.targeted) ?? attacks[0];
}

/** The epsilon of the confusion matrix: the positive epsilon of the list closest to 8/255 (log scale). */
export function confusionEpsilonIndex(epsilons: readonly number[]): number {
  let best = -1;
  for (const [i, eps] of epsilons.entries()) {
    if (eps <= 0) continue;
    if (best < 0 || Math.abs(Math.log(eps * 255 / 8)) < Math.abs(Math.log(epsilons[best]! * 255 / 8))) best = i;
  }
  return best < 0 ? 0 : best;
}

export interface RobustnessFigureInput {
  readonly label: string;
  readonly results: AttackStudyResults;
  readonly classNames: readonly string[];
  readonly examples?: AttackExamples;
  /** Folder the files go to (the run's staging folder). */
  readonly dir: string;
}

export interface RobustnessFigureWriter {
  write(input: RobustnessFigureInput): Promise<string[]>;
  close(): Promise<void>;
}

export function openRobustnessFigures(options: { png: boolean; warn: (message: string) => void }): RobustnessFigureWriter {
  const renderer = runPngRenderer(options.warn);

  return {
    async write({ label, results, classNames, examples, dir }) {
      const files: string[] = [];
      const featured = featuredAttack(results.attacks);
      const e = confusionEpsilonIndex(results.epsilons);
      const people = results.numClasses;
      const curves = robustnessCurvesFigure(results, { logX: true });
      const pngs: { figure: PlotlyFigure; base: string; size: { width: number; height: number } }[] = [{ figure: curves, base: `robustness_${label}`, size: CURVES_PNG_SIZE }];
      const page: HtmlFigure[] = [{ figure: curves, title: 'Robust accuracy vs epsilon (bands: 95% Wilson intervals)', height: 560 }];
      if (featured) {
        const identity = perIdentityFigure(featured, classNames);
        const confusion = confusionFigure(featured.results[e]!, classNames);
        page.push({ figure: identity, title: `Per identity: ${featured.name}`, height: heatmapPngSize(people).height });
        page.push({ figure: confusion, title: `Who becomes whom: ${featured.name} at ε = ${epsilonLabel(results.epsilons[e]!)}`, height: heatmapPngSize(people).height });
        pngs.push({ figure: identity, base: `robustness_identity_${label}`, size: heatmapPngSize(people) }, { figure: confusion, base: `robustness_confusion_${label}`, size: heatmapPngSize(people) });
      }
      // Impersonation shows as one bright column (the target) in its own confusion matrix.
      for (const targeted of results.attacks.filter((a) => a.targeted && a !== featured)) {
        page.push({ figure: confusionFigure(targeted.results[e]!, classNames), title: `Impersonation: ${targeted.name} at ε = ${epsilonLabel(results.epsilons[e]!)}`, height: heatmapPngSize(people).height });
      }
      const minimal = minimalEpsilonFigure(results);
      page.push({ figure: minimal, title: 'Minimal epsilon per face', height: 460 });
      pngs.push({ figure: minimal, base: `robustness_min_epsilon_${label}`, size: { width: 1000, height: 500 } });
      if (examples && examples.clean.length > 0) {
        const attack = results.attacks.find((a) => a.name === examples.attack);
        const robust = examples.rows.map((row) => attack?.results.find((r) => r.epsilon === row.epsilon)?.robustAccuracy);
        const slider = epsilonSliderFigure(examples, await exampleSources(examples), classNames, { robustAccuracy: robust });
        page.push({ figure: slider, title: 'The same faces through the sweep (move the slider)', height: slider.layout.height });
        const grid = join(dir, `robustness_examples_${label}.png`);
        await writeFileAtomically(grid, await sameFacesGridPng(examples, classNames, { robustAccuracy: robust }));
        files.push(grid);
      }
      const html = join(dir, `robustness_${label}.html`);
      await writeFigureHtml(html, page, { title: `Beyond FGSM: dodging, impersonation, iterative attacks (${label})` });
      files.push(html);
      const png = options.png ? await renderer.get() : undefined;
      if (png) {
        for (const { figure, base, size } of pngs) {
          await png.render(figure, join(dir, `${base}.png`), size);
          files.push(join(dir, `${base}.png`));
        }
      }
      return files;
    },
    async close() {
      await renderer.close();
    },
  };
}
