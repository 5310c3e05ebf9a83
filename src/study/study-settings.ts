/** A study's settings with defaults filled in and every value checked before any work. */
import { tidyEpsilonList, type EpsilonInput } from '../attacks/epsilon.js';
import { DEFAULT_LOCALE, type Locale } from '../i18n/index.js';
import { ORIGINAL_EPSILONS } from '../eval/sweep.js';
import { RUN_SETTINGS, resolveRunSettings, type RunConfig, type RunSettings } from './run-settings.js';
import { checkSettings, epsilonListSetting, wholeNumberSetting } from './settings-schema.js';

/** What the FGSM study adds to the run's settings: the epsilons and the examples kept. */
const SWEEP_SETTINGS = {
  epsilons: epsilonListSetting({ flag: '--epsilons <list>', help: 'comma-separated attack strengths in [0, 1] (pixels are in [0,1]): numbers (0.03) or k/255 (8/255); sorted, duplicates dropped', defaultValue: ORIGINAL_EPSILONS }),
  maxExamples: wholeNumberSetting({ help: 'adversarial examples kept per epsilon', min: 0, defaultValue: 5 }),
};

export const STUDY_SETTINGS = { ...RUN_SETTINGS, ...SWEEP_SETTINGS };

export interface StudyConfig extends RunConfig {
  /** Default: the original study's. Numbers or "k/255"; sorted and de-duplicated (with a note). */
  readonly epsilons?: readonly EpsilonInput[];
  /** Adversarial examples kept per epsilon. Default 5 (the original's). */
  readonly maxExamples?: number;
}

export interface StudySettings extends RunSettings {
  readonly epsilons: readonly number[];
  /** What checking the epsilon list changed (sorted, duplicates dropped). */
  readonly epsilonNotes: readonly string[];
  readonly maxExamples: number;
}

/** `locale`: the language of the epsilon notes. */
export function resolveStudySettings(config: StudyConfig, locale: Locale = DEFAULT_LOCALE): StudySettings {
  const run = resolveRunSettings(config);
  checkSettings(SWEEP_SETTINGS, { ...config });
  const { epsilons, notes } = tidyEpsilonList(config.epsilons ?? STUDY_SETTINGS.epsilons.defaultValue!, locale);
  return { ...run, epsilons, epsilonNotes: notes, maxExamples: config.maxExamples ?? STUDY_SETTINGS.maxExamples.defaultValue! };
}
