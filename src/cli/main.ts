#!/usr/bin/env node
/**
 * fgsm-faces command line: `study` (default) attacks models and writes results; `robustness` is
 * `study` with every attack by default; `train` trains a face classifier; `verify` attacks face-api's
 * face recognizer on real photos (face verification). This file only wires
 * commands and turns errors into one line and an exit code; the work is done by src/study
 * (runStudy) and src/train (runTraining).
 */
import { Command } from 'commander';
import { packageVersion } from '../core/package-root.js';
import { reportError } from './errors.js';
import { examplesHelp } from './help.js';
import { robustnessCommand, studyCommand } from './study-command.js';
import { trainCommand } from './train-command.js';
import { verifyCommand } from './verify-command.js';

export async function main(argv: readonly string[]): Promise<number> {
  let exitCode = 0;
  const program = new Command('fgsm-faces')
    .description('FGSM adversarial attacks on face-recognition ResNets.')
    .version(packageVersion(), '-V, --version', 'print the fgsm-faces version')
    .showSuggestionAfterError(true)
    .configureOutput({ outputError: () => undefined }) // reportError prints errors, as one line
    .addHelpText('after', examplesHelp(['npm start -- --model resnet18', 'npm run robustness -- --help', 'npm run verify']))
    .exitOverride();
  program.addCommand(studyCommand(), { isDefault: true });
  program.addCommand(trainCommand((code) => (exitCode = code)));
  program.addCommand(robustnessCommand());
  program.addCommand(verifyCommand());
  for (const command of program.commands) command.exitOverride().configureOutput({ outputError: () => undefined });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    return reportError(error);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.exitCode = reportError(error);
  },
);
