/**
 * Property-based fuzzing of the hostile-input surfaces: .pth pickles, zips and storages, images,
 * index CSVs. Prints a table of inputs tried, clear errors, crashes, hangs and peak RSS per family;
 * exits non-zero on any crash, hang or executed code.
 *
 *   npm run fuzz                          # quick profile (also run by npm test), seed 1
 *   npm run fuzz -- --profile long        # ~5 minutes
 *   npm run fuzz -- --seed 42 --family pth-pickle,csv
 *   npm run fuzz -- --profile long --seed 7 --family csv --from 17633 --count 1   # replay one failure
 */
import { InvalidArgumentError, Option } from 'commander';
import { failed, formatTable, runFuzz, type ProfileName } from './fuzz/runner.js';
import { integerAtLeast, scriptCommand } from './script-command.js';

function safeInteger(text: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isSafeInteger(n)) throw new InvalidArgumentError('Expected an integer.');
  return n;
}

const program = scriptCommand({
  name: 'fuzz',
  description: 'Fuzz the .pth reader, the image loader and the index-CSV loader with hostile input.',
  examples: ['npm run fuzz', 'npm run fuzz -- --profile long --seed 7 --family csv --from 17633 --count 1'],
})
  .addOption(new Option('--profile <name>', 'quick (~20 s, part of npm test) or long (~5 min)').choices(['quick', 'long']).default('quick'))
  .option('--seed <n>', 'seed of the generated inputs (the same seed gives the same inputs)', safeInteger, 1)
  .option('--family <names>', 'comma-separated families (pth-pickle, pth-zip, pth-storage, images, csv, faceapi-manifest, face-photos); default all')
  .option('--from <index>', 'replay from this input index (see the failure lines)', integerAtLeast(0))
  .option('--count <n>', 'number of inputs per family, e.g. 1 to replay one failure', integerAtLeast(0))
  .option('--json', 'print the report as JSON instead of a table')
  .parse();

const opts = program.opts<{ profile: ProfileName; seed: number; family?: string; from?: number; count?: number; json?: boolean }>();
const report = await runFuzz({
  profile: opts.profile,
  seed: opts.seed,
  families: opts.family?.split(','),
  from: opts.from,
  count: opts.count,
  log: (line) => console.error(line),
}).catch((error: Error) => program.error(error.message));
if (opts.json) console.log(JSON.stringify(report, null, 2));
else {
  console.log(formatTable(report));
  for (const f of report.families) {
    for (const failure of f.failures) console.log(`${f.family} #${failure.index} ${failure.kind} [${failure.label}]: ${failure.detail}`);
  }
}
process.exitCode = failed(report) ? 1 : 0;
