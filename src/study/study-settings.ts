/**
 * The study's settings, described once in STUDY_SETTINGS (the CLI's flags and help come from it)
 * and checked here before any work: the run's (models, data, engine, output) and the attacks'.
 *
 * FGSM alone is the original notebook's study; any other attack list is the robustness study, and
 * the defaults follow (each can be given explicitly):
 *
 * | default                        | FGSM alone (original)        | other attacks (robustness)      |
 * |--------------------------------|------------------------------|---------------------------------|
 * | epsilons                       | 0, 0.0001, ... 1             | 0, 1/255, 2/255 ... 16/255, 0.1 |
 * | faces attacked (scope)         | the clean-correct ones       | all (RobustBench)               |
 * | 8-bit scores, SSIM             | off                          | on                              |
 * | examples kept per epsilon      | 5                            | 0                               |
 * | same faces at every epsilon    | 0                            | 6                               |
 * | files                          | results_, accuracies_, ...   | robustness_...                  |
 */
import { parseEpsilon, tidyEpsilonList, type EpsilonInput } from '../attacks/epsilon.js';
import type { Attack, LabelSource } from '../attacks/types.js';
import type { AttackScope } from '../eval/study.js';
import { ORIGINAL_EPSILONS } from '../eval/sweep.js';
import { DEFAULT_LOCALE, type Locale } from '../i18n/index.js';
import { ATTACK_NAMES, ORIGINAL_ATTACKS, ROBUSTNESS_ATTACKS, parseAttackList, type AttackName } from './attack-list.js';
import { ConfigError } from './errors.js';
import { RUN_SETTINGS, resolveRunSettings, type RunConfig, type RunSettings } from './run-settings.js';
import { checkSettings, choiceSetting, epsilonListSetting, epsilonSetting, switchSetting, textSetting, wholeNumberSetting, type Setting } from './settings-schema.js';

/** Which study the attack list makes: the original notebook's, or the robustness study. */
export type StudyReport = 'original' | 'robustness';

/**
 * Whole 8-bit steps, doubling, so every perturbation survives saving the image as PNG (the
 * original's 0.0001 ... 0.007 are below or near one grey level and mostly round away), spread evenly
 * on a log axis; 8/255 is the usual L-inf benchmark budget, and 0.1 links to the original's 0.1.
 */
export const ROBUSTNESS_EPSILONS: readonly string[] = ['0', '1/255', '2/255', '4/255', '8/255', '16/255', '0.1'];
/**
 * 5 steps of 2.5 eps / 5 and 1 restart keep the bundled run near two minutes on 2 cores (BIM and
 * PGD are ~85% of it). 10 steps break a few more faces at 1/255-4/255 (PGD 7.5% instead of 12.5% at
 * 4/255) for twice the time; use --steps 20 --restarts 3 for a stronger check of a model that resists.
 */
export const DEFAULT_STEPS = 5;
export const DEFAULT_RESTARTS = 1;
export const DEFAULT_SAME_FACES = 6;
export const DEFAULT_EXAMPLES_KEPT = 5;

function attackListSetting(defaultValue?: readonly AttackName[]): Setting<readonly (string | Attack)[]> {
  return {
    flag: '--attacks <list>',
    help: `comma-separated, from ${ATTACK_NAMES.join(', ')} (impersonate = targeted FGSM + PGD toward --target). FGSM alone is the original study; any other list the robustness study (robustness_* files)`,
    ...(defaultValue ? { defaultValue } : {}),
    defaultHelp: `${(defaultValue ?? ORIGINAL_ATTACKS).join(',')}, + impersonate with --target`,
    fromText: (text) => text.split(',').map((item) => item.trim()),
    check: (value) => void parseAttackList(value),
  };
}

const byReport = (original: string, robustness: string) => `${original} with FGSM alone, else ${robustness}`;

/** What a study adds to the run's settings: the attacks and their options. */
const ATTACK_SETTINGS = {
  attacks: attackListSetting(),
  target: textSetting({ flag: '--target <person>', help: 'impersonation target (adds the impersonate attack): a person name (as in the data) or a class index' }),
  epsilons: epsilonListSetting({
    flag: '--epsilons <list>',
    help: 'comma-separated L-inf budgets in [0, 1] (pixels are in [0,1]): numbers (0.03) or k/255 (8/255); sorted, duplicates dropped',
    defaultHelp: byReport(ORIGINAL_EPSILONS.join(','), ROBUSTNESS_EPSILONS.join(',')),
  }),
  steps: wholeNumberSetting({ flag: '--steps <n>', help: 'BIM/PGD steps', min: 1, defaultValue: DEFAULT_STEPS }),
  stepSize: epsilonSetting({ flag: '--step-size <eps>', help: 'BIM/PGD step: a number or k/255', defaultHelp: '2.5 * epsilon / steps', positive: true }),
  restarts: wholeNumberSetting({ flag: '--restarts <n>', help: 'PGD random restarts (the strongest kept per face)', min: 1, defaultValue: DEFAULT_RESTARTS }),
  labels: choiceSetting<LabelSource>({ flag: '--labels <which>', help: 'labels the attacks push away from: true (dataset) or predicted (the clean prediction, no label leaking)', choices: ['true', 'predicted'], defaultValue: 'true' }),
  scope: choiceSetting<AttackScope>({
    flag: '--scope <faces>',
    help: "faces attacked: clean-correct (the original's rule: faces already wrong are not attacked and count as failures) or all (RobustBench)",
    choices: ['clean-correct', 'all'],
    defaultHelp: byReport('clean-correct', 'all'),
  }),
  quantise: switchSetting({ flag: '--no-quantise', help: 'do not also score the adversarial images rounded to 8 bits (as saved in a PNG)', defaultHelp: byReport('off', 'on') }),
  ssim: switchSetting({ flag: '--no-ssim', help: 'skip SSIM per face (the costliest metric)', defaultHelp: byReport('off', 'on') }),
  seed: wholeNumberSetting({ flag: '--seed <n>', help: 'seed of PGD random starts and of the noise', min: 0, defaultValue: 0 }),
  examples: wholeNumberSetting({ flag: '--examples <n>', help: 'faces in the same-faces grid and the epsilon slider (0 = none)', min: 0, defaultHelp: byReport('0', String(DEFAULT_SAME_FACES)) }),
  maxExamples: wholeNumberSetting({ help: 'adversarial examples kept per attack and epsilon (the examples grid)', min: 0, defaultHelp: byReport(String(DEFAULT_EXAMPLES_KEPT), '0') }),
};

export const STUDY_SETTINGS = { ...RUN_SETTINGS, ...ATTACK_SETTINGS };
/** `robustness`: the same settings, with every dodging attack and the baseline by default. */
export const ROBUSTNESS_SETTINGS = { ...STUDY_SETTINGS, attacks: attackListSetting(ROBUSTNESS_ATTACKS) };

export interface StudyConfig extends RunConfig {
  /**
   * Names (fgsm, bim, pgd, noise, impersonate) or Attack objects of your own (e.g. pgdAttack({ steps:
   * 20 })). Default fgsm (the original study); any other list is the robustness study. A target adds impersonate.
   */
  readonly attacks?: readonly (string | Attack)[];
  /** Person name or class index for `impersonate`. */
  readonly target?: string;
  /** Numbers or "k/255"; sorted and de-duplicated (with a note). Default by the attack list. */
  readonly epsilons?: readonly EpsilonInput[];
  readonly steps?: number;
  readonly stepSize?: EpsilonInput;
  readonly restarts?: number;
  readonly labels?: LabelSource;
  readonly scope?: AttackScope;
  /** Score the 8-bit rounded adversarial images too. */
  readonly quantise?: boolean;
  /** SSIM per face (the costliest metric). */
  readonly ssim?: boolean;
  readonly seed?: number;
  /** Faces in the same-faces grid and the slider (0 = none). */
  readonly examples?: number;
  /** Adversarial examples kept per attack and epsilon (the examples grid). */
  readonly maxExamples?: number;
}

export interface StudySettings extends RunSettings {
  readonly report: StudyReport;
  readonly attacks: readonly (AttackName | Attack)[];
  readonly target?: string;
  readonly epsilons: readonly number[];
  /** As the user wrote them ("8/255"), parallel to `epsilons`, for the results. */
  readonly epsilonsText: readonly string[];
  /** What checking the epsilon list changed (sorted, duplicates dropped), in the caller's locale. */
  readonly epsilonNotes: readonly string[];
  readonly steps: number;
  readonly stepSize?: number;
  readonly restarts: number;
  readonly labels: LabelSource;
  readonly scope: AttackScope;
  readonly quantise: boolean;
  readonly ssim: boolean;
  readonly seed: number;
  readonly examples: number;
  readonly maxExamples: number;
}

/** `locale`: the language of the epsilon notes. */
export function resolveStudySettings(config: StudyConfig, locale: Locale = DEFAULT_LOCALE): StudySettings {
  const run = resolveRunSettings(config);
  checkSettings(ATTACK_SETTINGS, { ...config });
  let attacks: (AttackName | Attack)[] = config.attacks ? parseAttackList(config.attacks) : [...ORIGINAL_ATTACKS];
  const target = config.target?.trim() || undefined;
  if (target !== undefined && !attacks.includes('impersonate')) attacks = [...attacks, 'impersonate'];
  if (attacks.includes('impersonate') && target === undefined) throw new ConfigError('the impersonate attack needs --target <person name or class index>: whom should the faces be recognised as?');
  const report: StudyReport = attacks.length === 1 && attacks[0] === 'fgsm' ? 'original' : 'robustness';
  const original = report === 'original';
  const { epsilons, texts, notes } = tidyEpsilonList(config.epsilons ?? (original ? ORIGINAL_EPSILONS : ROBUSTNESS_EPSILONS), locale);
  const defaults = ATTACK_SETTINGS;
  return {
    ...run,
    report,
    attacks,
    target,
    epsilons,
    epsilonsText: texts,
    epsilonNotes: notes,
    steps: config.steps ?? defaults.steps.defaultValue!,
    stepSize: config.stepSize === undefined ? undefined : parseEpsilon(config.stepSize, 'stepSize'),
    restarts: config.restarts ?? defaults.restarts.defaultValue!,
    labels: config.labels ?? defaults.labels.defaultValue!,
    scope: config.scope ?? (original ? 'clean-correct' : 'all'),
    quantise: config.quantise ?? !original,
    ssim: config.ssim ?? !original,
    seed: config.seed ?? defaults.seed.defaultValue!,
    examples: config.examples ?? (original ? 0 : DEFAULT_SAME_FACES),
    maxExamples: config.maxExamples ?? (original ? DEFAULT_EXAMPLES_KEPT : 0),
  };
}
