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
import { RUN_SETTINGS, resolveRunSettings, type RunConfig, type RunSettings } from './run-settings.js';
import { checkSettings, choiceSetting, epsilonListSetting, epsilonSetting, switchSetting, textSetting, wholeNumberSetting, type Setting } from './settings-schema.js';

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

/** A comma-separated attack list (`fgsm,pgd`), each a name of ROBUSTNESS_ATTACKS. */
const attackListSetting: Setting<readonly string[]> = {
  flag: '--attacks <list>',
  help: `comma-separated, from ${ROBUSTNESS_ATTACKS.join(', ')} (impersonate = targeted FGSM + PGD toward --target)`,
  defaultHelp: `${DEFAULT_ROBUSTNESS_ATTACKS.join(',')}, + impersonate with --target`,
  fromText: (text) => text.split(',').map((item) => item.trim()),
  check: (value) => void parseAttackNames(value),
};

/** What the robustness run adds to the run's settings: the attacks and their options. */
const ATTACK_SETTINGS = {
  attacks: attackListSetting,
  target: textSetting({ flag: '--target <person>', help: 'impersonation target: a person name (as in the data) or a class index' }),
  epsilons: epsilonListSetting({ flag: '--epsilons <list>', help: 'comma-separated L-inf budgets in [0, 1] (pixels are in [0,1]): numbers (0.03) or k/255 (8/255); sorted, duplicates dropped', defaultValue: DEFAULT_ROBUSTNESS_EPSILONS }),
  steps: wholeNumberSetting({ flag: '--steps <n>', help: 'BIM/PGD steps', min: 1, defaultValue: DEFAULT_STEPS }),
  stepSize: epsilonSetting({ flag: '--step-size <eps>', help: 'BIM/PGD step: a number or k/255', defaultHelp: '2.5 * epsilon / steps', positive: true }),
  restarts: wholeNumberSetting({ flag: '--restarts <n>', help: 'PGD random restarts (the strongest kept per face)', min: 1, defaultValue: DEFAULT_RESTARTS }),
  labels: choiceSetting<LabelSource>({ flag: '--labels <which>', help: 'labels the attacks push away from: true (dataset) or predicted (the clean prediction, no label leaking)', choices: ['true', 'predicted'], defaultValue: 'true' }),
  quantise: switchSetting({ flag: '--no-quantise', help: 'do not also score the adversarial images rounded to 8 bits (as saved in a PNG)' }),
  seed: wholeNumberSetting({ flag: '--seed <n>', help: 'seed of PGD random starts and of the noise', min: 0, defaultValue: 0 }),
  examples: wholeNumberSetting({ flag: '--examples <n>', help: 'faces in the same-faces grid and the epsilon slider (0 = none)', min: 0, defaultValue: DEFAULT_EXAMPLE_FACES }),
  ssim: switchSetting({ flag: '--no-ssim', help: 'skip SSIM per face (the costliest metric)' }),
};

export const ROBUSTNESS_SETTINGS = { ...RUN_SETTINGS, ...ATTACK_SETTINGS };

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
  checkSettings(ATTACK_SETTINGS, { ...config });
  let attacks = config.attacks ? parseAttackNames(config.attacks) : [...DEFAULT_ROBUSTNESS_ATTACKS];
  const target = config.target?.trim() || undefined;
  if (target !== undefined && !attacks.includes('impersonate')) {
    // A target with the default list means "also impersonate"; with an explicit list it would be ignored.
    if (config.attacks) throw new ConfigError(`--target ${target} is only used by the impersonate attack: add impersonate to --attacks (e.g. --attacks ${[...attacks, 'impersonate'].join(',')}).`);
    attacks = [...attacks, 'impersonate'];
  }
  if (attacks.includes('impersonate') && target === undefined) throw new ConfigError('the impersonate attack needs --target <person name or class index>: whom should the faces be recognised as?');
  const { epsilons, texts, notes } = tidyEpsilonList(config.epsilons ?? DEFAULT_ROBUSTNESS_EPSILONS);
  const defaults = ATTACK_SETTINGS;
  return {
    ...run,
    attacks,
    target,
    epsilons,
    epsilonsText: texts,
    epsilonNotes: notes,
    steps: config.steps ?? defaults.steps.defaultValue!,
    stepSize: config.stepSize === undefined ? undefined : parseEpsilon(config.stepSize, 'stepSize'),
    restarts: config.restarts ?? defaults.restarts.defaultValue!,
    labels: config.labels ?? defaults.labels.defaultValue!,
    quantise: config.quantise ?? true,
    seed: config.seed ?? defaults.seed.defaultValue!,
    examples: config.examples ?? defaults.examples.defaultValue!,
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
