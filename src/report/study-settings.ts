/** A study's settings with defaults filled in and every value checked before any work. */
import { tidyEpsilonList, type EpsilonInput } from '../attacks/epsilon.js';
import { ORIGINAL_EPSILONS } from '../eval/sweep.js';
import { checkWhole, resolveRunSettings, type RunConfig, type RunSettings } from './run-settings.js';

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

export function resolveStudySettings(config: StudyConfig): StudySettings {
  const run = resolveRunSettings(config);
  checkWhole('maxExamples', config.maxExamples, 0);
  const { epsilons, notes } = tidyEpsilonList(config.epsilons ?? ORIGINAL_EPSILONS);
  return { ...run, epsilons, epsilonNotes: notes, maxExamples: config.maxExamples ?? 5 };
}
