/**
 * A command that runs a study kind (`study`, `robustness`): its flags made from the kind's settings
 * schema, then the run with a progress bar and Ctrl-C handling, then the summary or, with --json,
 * the results documents on stdout.
 */
import { Command, Option } from 'commander';
import type { ModelResult, RunHooks, RunResult } from '../study/driver.js';
import type { Schema } from '../study/settings-schema.js';
import { withAttackConsole } from './attack-console.js';
import { examplesHelp } from './help.js';
import { optionsFor, runConfigFromFlags } from './setting-options.js';

export interface AttackCommandSpec<C, O extends RunResult<ModelResult & { readonly document: unknown }>> {
  readonly name: string;
  readonly description: string;
  /** Command lines shown at the end of --help. */
  readonly examples: readonly string[];
  readonly settings: Schema;
  /** Loaded when the command runs, not before: --help and flag errors answer without loading the engines. */
  load(): Promise<(config: C & { signal?: AbortSignal }, hooks: RunHooks) => Promise<O>>;
  summary(outcome: O): string;
}

export function attackCommand<C, O extends RunResult<ModelResult & { readonly document: unknown }>>(spec: AttackCommandSpec<C, O>): Command {
  const command = new Command(spec.name).description(spec.description);
  for (const option of optionsFor(spec.settings)) command.addOption(option);
  // --json is a choice of the terminal, not a run setting: the results on stdout instead of the summary.
  const json = new Option('--json', 'print the results JSON (an array, one document per model) to stdout; progress stays on stderr');
  command.addOption(json).addHelpText('after', examplesHelp(spec.examples));
  return command.action(async (flags: Record<string, unknown>) => {
    const config = runConfigFromFlags(spec.settings, flags) as C;
    const run = await spec.load();
    await withAttackConsole(async ({ hooks, signal }) => {
      const outcome = await run({ ...config, signal }, hooks);
      if (flags.json) process.stdout.write(`${JSON.stringify(outcome.models.map((m) => m.document), null, 2)}\n`);
      else process.stdout.write(spec.summary(outcome));
    });
  });
}
