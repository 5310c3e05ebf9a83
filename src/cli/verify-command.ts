/**
 * `verify`: the face verification study on real photos (default the bundled ORL faces) against
 * face-api's recognizer. Flags come from VERIFY_SETTINGS; progress goes to stderr; Ctrl-C stops
 * cleanly (the results folder keeps its previous results); a summary on stdout, or with --json the
 * results document.
 */
import { readFile } from 'node:fs/promises';
import { Command, Option } from 'commander';
import type { VerificationStudyOptions } from '../verification/study.js';
import { VERIFY_SETTINGS } from '../verification/settings.js';
import { ensureWritableDirectory } from '../study/output-dir.js';
import { currentCommandLine } from './command-line.js';
import { examplesHelp } from './help.js';
import { interruptOnSigint } from './interrupt.js';
import { configFromFlags, optionsFor } from './setting-options.js';
import { displayPath } from '../core/display-path.js';

export function verifyCommand(): Command {
  const command = new Command('verify').description(
    "Face verification against face-api's recognizer on real photos (default: the bundled ORL faces): clean TAR/FAR, ROC and EER, then dodging and impersonation with each attack at each epsilon, judged at a threshold chosen on held-out pairs; writes verification_<data>.json and .csv.",
  );
  for (const option of optionsFor(VERIFY_SETTINGS)) command.addOption(option);
  command.addOption(new Option('--json', 'print the results document to stdout; progress stays on stderr'));
  command.addHelpText('after', examplesHelp(['npm run verify', 'npm run verify -- --data my_photos']));
  command.addOption(new Option('--export-chips <dir>', "instead of the study: write the aligned faces as a training set for `npm run train` (a folder per person) with protocol.split.json, whose test part is the protocol's test photos"));
  return command.action(async (flags: Record<string, unknown>) => {
    const { out, png, ...config } = configFromFlags(VERIFY_SETTINGS, flags) as unknown as VerificationStudyOptions & { out: string; png?: boolean };
    if (typeof flags.exportChips === 'string') {
      const { exportChipDataset } = await import('../verification/chip-dataset.js');
      const exported = await exportChipDataset(flags.exportChips, config);
      process.stdout.write(`Wrote the aligned faces of ${exported.people} people to ${displayPath(exported.folder)}: ${exported.train} to train on, ${exported.test} test photos held out (${displayPath(exported.splitFile)}).\nTrain a classifier on them: npm run train -- --data ${displayPath(exported.folder)} --split ${displayPath(exported.splitFile)} --input-size 64\n`);
      return;
    }
    await ensureWritableDirectory(out, '--out');
    const [{ runVerificationStudy }, { writeVerificationResults, verificationDocument }, { verifySummary }] = await Promise.all([
      import('../verification/study.js'),
      import('../outputs/verification-output.js'),
      import('./verify-summary.js'),
    ]);
    const say = (line: string) => process.stderr.write(`fgsm-faces: ${line}\n`);
    const interrupt = interruptOnSigint(() => say('stopping after the current batch (Ctrl-C again to quit at once); the results folder keeps its previous results'));
    try {
      const results = await runVerificationStudy({ ...config, log: say, signal: interrupt.signal });
      const command = currentCommandLine();
      const files = await writeVerificationResults(results, out, { command, png, warn: (line) => say(`warning: ${line}`) });
      // The document written to disk, byte for byte (with the print sizes the writer measured).
      const json = files.find((file) => file.endsWith('.json'));
      if (flags.json) process.stdout.write(json ? await readFile(json, 'utf8') : `${JSON.stringify(verificationDocument(results, command), null, 2)}\n`);
      else process.stdout.write(verifySummary(results, files));
    } finally {
      interrupt.dispose();
    }
  });
}
