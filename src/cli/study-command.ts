/** `study` (the default command): flags (from the settings schema) -> runStudy, with a progress bar and a summary. */
import { Command } from 'commander';
import { STUDY_SETTINGS, type StudyConfig } from '../study/study-settings.js';
import { withAttackConsole } from './attack-console.js';
import { jsonOption } from './json-option.js';
import { configFromFlags, optionsFor } from './setting-options.js';
import { studySummary } from './study-summary.js';

export function studyCommand(): Command {
  const command = new Command('study').description('Attack each model with FGSM at every epsilon and write its results (JSON, CSV, figures). The default command.');
  for (const option of optionsFor(STUDY_SETTINGS)) command.addOption(option);
  return command.addOption(jsonOption()).action(async (flags: Record<string, unknown>) => {
    const config = configFromFlags(STUDY_SETTINGS, flags) as StudyConfig;
    // Loaded here, not at the top: --help and flag errors answer without loading tfjs and danfo.
    const { runStudy } = await import('../study/study.js');
    await withAttackConsole(async ({ hooks, signal }) => {
      const outcome = await runStudy({ ...config, signal }, hooks);
      if (flags.json) process.stdout.write(`${JSON.stringify(outcome.models.map((m) => m.document), null, 2)}\n`);
      else process.stdout.write(studySummary(outcome));
    });
  });
}
