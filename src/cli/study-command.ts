/** `study` (the default command): the FGSM study of every model, with a progress bar and a summary. */
import type { Command } from 'commander';
import { STUDY_SETTINGS } from '../study/study-settings.js';
import { attackCommand } from './attack-command.js';
import { studySummary } from './study-summary.js';

export function studyCommand(): Command {
  return attackCommand({
    name: 'study',
    description: 'Attack each model with FGSM at every epsilon and write its results (JSON, CSV, figures). The default command.',
    settings: STUDY_SETTINGS,
    load: async () => (await import('../study/study.js')).runStudy,
    summary: studySummary,
  });
}
