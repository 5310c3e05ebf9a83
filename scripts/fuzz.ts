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
import { Command, Option } from 'commander';
import { failed, formatTable, runFuzz, type ProfileName } from './fuzz/runner.js';

const program = new Command('fuzz')
  .description('Fuzz the .pth reader, the image loader and the index-CSV loader with hostile input.')
  .addOption(new Option('--profile <name>', 'quick (~20 s, part of npm test) or long (~5 min)').choices(['quick', 'long']).default('quick'))
  .option('--seed <n>', 'seed of the generated inputs (the same seed gives the same inputs)', '1')
  .option('--family <names>', 'comma-separated families (pth-pickle, pth-zip, pth-storage, images, csv, faceapi-manifest, face-photos); default all')
  .option('--from <index>', 'replay from this input index (see the failure lines)')
  .option('--count <n>', 'number of inputs per family, e.g. 1 to replay one failure')
  .option('--json', 'print the report as JSON instead of a table')
  .parse();

const opts = program.opts<{ profile: ProfileName; seed: string; family?: string; from?: string; count?: string; json?: boolean }>();
const seed = Number(opts.seed);
if (!Number.isSafeInteger(seed)) program.error(`--seed must be an integer, got ${opts.seed}`);
const integer = (value: string | undefined, flag: string): number | undefined => {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) program.error(`${flag} must be a non-negative integer, got ${value}`);
  return n;
};
const report = await runFuzz({
  profile: opts.profile,
  seed,
  families: opts.family?.split(','),
  from: integer(opts.from, '--from'),
  count: integer(opts.count, '--count'),
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
