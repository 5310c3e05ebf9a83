/**
 * Settings of the robustness study (`robustness` command): which attacks, epsilons and attack
 * options, checked before any work, each bad value a one-line ConfigError that says what to give.
 */
import { parseEpsilon, tidyEpsilonList, type EpsilonInput } from '../attacks/epsilon.js';
import { bimAttack, pgdAttack } from '../attacks/pgd.js';
import { fgsmAttack } from '../attacks/fgsm-attack.js';
import { randomSignNoise } from '../attacks/noise.js';
import type { Attack, LabelSource } from '../attacks/types.js';
import { ConfigError } from './errors.js';
import { checkWhole, resolveRunSettings, type RunConfig, type RunSettings } from './run-settings.js';

/** `impersonate` = targeted FGSM and targeted PGD toward --target. */
export const ROBUSTNESS_ATTACKS = ['fgsm', 'bim', 'pgd', 'noise', 'impersonate'] as const;
export type RobustnessAttackName = (typeof ROBUSTNESS_ATTACKS)[number];
export const DEFAULT_ROBUSTNESS_ATTACKS: readonly RobustnessAttackName[] = ['fgsm', 'bim', 'pgd', 'noise'];

/**
 * Whole 8-bit steps, doubling, so every perturbation survives saving the image as PNG (the
 * original's 0.0001 ... 0.007 are below or near one grey level and mostly round away), spread evenly
 * on a log axis; 8/255 is the usual L-inf benchmark budget, and 0.1 links to the original's 0.1.
 */
export const DEFAULT_ROBUSTNESS_EPSILONS: readonly string[] = ['0', '1/255', '2/255', '4/255', '8/255', '16/255', '0.1'];
/**
 * 5 steps of 2.5 eps / 5 and 1 restart keep the bundled run near two minutes on 2 cores (BIM and
 * PGD are ~85% of it). 10 steps break a few more faces at 1/255-4/255 (PGD 7.5% instead of 12.5% at
 * 4/255) for twice the time; use --steps 20 --restarts 3 for a stronger check of a model that resists.
 */
export const DEFAULT_STEPS = 5;
export const DEFAULT_RESTARTS = 1;
export const DEFAULT_EXAMPLE_FACES = 6;

export interface RobustnessConfig extends RunConfig {
  /** Default fgsm, bim, pgd, noise (+ impersonate when a target is given). */
  readonly attacks?: readonly string[];
  /** Person name or class index for `impersonate`. */
  readonly target?: string;
  /** Numbers or "k/255"; sorted and de-duplicated (with a note), as the study's. */
  readonly epsilons?: readonly EpsilonInput[];
  readonly steps?: number;
  readonly stepSize?: EpsilonInput;
  readonly restarts?: number;
  readonly labels?: LabelSource;
  /** Score the 8-bit rounded adversarial images too. Default true. */
  readonly quantise?: boolean;
  readonly seed?: number;
  /** Faces in the same-faces grid and the slider (0 = none). Default 6. */
  readonly examples?: number;
  /** SSIM per sample (the costliest metric). Default true. */
  readonly ssim?: boolean;
}

export interface RobustnessSettings extends RunSettings {
  readonly attacks: readonly RobustnessAttackName[];
  readonly target?: string;
  readonly epsilons: readonly number[];
  /** As the user wrote them ("8/255"), parallel to `epsilons`, for the results. */
  readonly epsilonsText: readonly string[];
  /** What checking the epsilon list changed (sorted, duplicates dropped). */
  readonly epsilonNotes: readonly string[];
  readonly steps: number;
  readonly stepSize?: number;
  readonly restarts: number;
  readonly labels: LabelSource;
  readonly quantise: boolean;
  readonly seed: number;
  readonly examples: number;
  readonly ssim: boolean;
}

export function parseAttackNames(names: readonly string[]): RobustnessAttackName[] {
  const cleaned = names.map((n) => n.trim().toLowerCase()).filter(Boolean);
  if (cleaned.length === 0) throw new ConfigError(`the attack list is empty: give some of ${ROBUSTNESS_ATTACKS.join(', ')}.`);
  for (const name of cleaned) {
    if (!(ROBUSTNESS_ATTACKS as readonly string[]).includes(name)) throw new ConfigError(`unknown attack "${name}": choose from ${ROBUSTNESS_ATTACKS.join(', ')} (comma-separated).`);
  }
  return [...new Set(cleaned)] as RobustnessAttackName[];
}

export function resolveRobustnessSettings(config: RobustnessConfig): RobustnessSettings {
  const run = resolveRunSettings(config);
  checkWhole('--steps', config.steps, 1);
  checkWhole('--restarts', config.restarts, 1);
  checkWhole('--examples', config.examples, 0);
  checkWhole('--seed', config.seed, 0);
  if (config.labels !== undefined && config.labels !== 'true' && config.labels !== 'predicted') throw new ConfigError(`--labels must be "true" or "predicted", got "${String(config.labels)}".`);
  let attacks = config.attacks ? parseAttackNames(config.attacks) : [...DEFAULT_ROBUSTNESS_ATTACKS];
  const target = config.target?.trim() || undefined;
  if (target !== undefined && !attacks.includes('impersonate')) {
    // A target with the default list means "also impersonate"; with an explicit list it would be ignored.
    if (config.attacks) throw new ConfigError(`--target ${target} is only used by the impersonate attack: add impersonate to --attacks (e.g. --attacks ${[...attacks, 'impersonate'].join(',')}).`);
    attacks = [...attacks, 'impersonate'];
  }
  if (attacks.includes('impersonate') && target === undefined) throw new ConfigError('the impersonate attack needs --target <person name or class index>: whom should the faces be recognised as?');
  const { epsilons, texts, notes } = tidyEpsilonList(config.epsilons ?? DEFAULT_ROBUSTNESS_EPSILONS);
  let stepSize: number | undefined;
  if (config.stepSize !== undefined) {
    stepSize = parseEpsilon(config.stepSize, '--step-size');
    if (stepSize === 0) throw new ConfigError('--step-size must be > 0 (or leave it out: 2.5 * epsilon / steps).');
  }
  return {
    ...run,
    attacks,
    target,
    epsilons,
    epsilonsText: texts,
    epsilonNotes: notes,
    steps: config.steps ?? DEFAULT_STEPS,
    stepSize,
    restarts: config.restarts ?? DEFAULT_RESTARTS,
    labels: config.labels ?? 'true',
    quantise: config.quantise ?? true,
    seed: config.seed ?? 0,
    examples: config.examples ?? DEFAULT_EXAMPLE_FACES,
    ssim: config.ssim ?? true,
  };
}

/** The class index of --target: a whole number in range, or a person's name (case-insensitive). */
export function resolveTarget(target: string, classNames: readonly string[], numClasses: number): number {
  if (/^\d+$/.test(target)) {
    const index = Number(target);
    if (index >= numClasses) throw new ConfigError(`--target ${target} is not a class of this ${numClasses}-class model: give 0..${numClasses - 1} or a name (${classNames.join(', ')}).`);
    return index;
  }
  const wanted = target.toLowerCase();
  const index = classNames.findIndex((n) => n.toLowerCase() === wanted);
  if (index < 0) throw new ConfigError(`unknown target person "${target}": choose one of ${classNames.map((n) => `"${n}"`).join(', ')} (or a class index 0..${numClasses - 1}).`);
  return index;
}

/** The attacks to run, named for tables; `impersonate` becomes targeted FGSM and PGD. */
export function buildAttacks(settings: RobustnessSettings, target: number | undefined): Attack[] {
  const iterative = { steps: settings.steps, ...(settings.stepSize !== undefined ? { stepSize: settings.stepSize } : {}) };
  return settings.attacks.flatMap((name): Attack[] => {
    switch (name) {
      case 'fgsm':
        return [fgsmAttack({ name: 'fgsm' })];
      case 'bim':
        return [bimAttack({ ...iterative, name: 'bim' })];
      case 'pgd':
        return [pgdAttack({ ...iterative, restarts: settings.restarts, name: 'pgd' })];
      case 'noise':
        return [randomSignNoise({ name: 'noise' })];
      case 'impersonate':
        return [fgsmAttack({ target, name: 'fgsm-impersonate' }), pgdAttack({ ...iterative, restarts: settings.restarts, target, name: 'pgd-impersonate' })];
    }
  });
}
