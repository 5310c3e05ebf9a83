/**
 * Generates the SYNTHETIC sample-face dataset (Kaggle layout: Faces/*.jpg + Dataset.csv) and a
 * README describing it. The committed copy in data/sample_faces/ was made with the defaults:
 *   node --import tsx scripts/generate-sample-faces.ts
 */
import { readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidArgumentError } from 'commander';
import { DEFAULT_SAMPLE_FACES_OPTIONS, generateSampleFaces, type SampleFacesOptions } from '../src/data/index.js';
import { scriptCommand } from './script-command.js';

const DEFAULT_OUT = 'data/sample_faces';

function integer(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed)) throw new InvalidArgumentError('Not an integer.');
  return parsed;
}

function parseArguments(argv: readonly string[]): { out: string } & Required<SampleFacesOptions> {
  const defaults = DEFAULT_SAMPLE_FACES_OPTIONS;
  const program = scriptCommand({
    name: 'generate-sample-faces',
    description: 'Draw the synthetic sample-face dataset (no real person) in the Kaggle Face Recognition layout.',
    examples: ['npm run sample-faces', 'npm run sample-faces -- --out /tmp/faces --people 4 --per-person 10'],
  })
    .option('--out <dir>', 'output folder (gets Faces/, Dataset.csv, README.md)', DEFAULT_OUT)
    .option('--seed <n>', 'seed of the per-photo variation', integer, defaults.seed)
    .option('--people <n>', 'number of invented people', integer, defaults.people)
    .option('--per-person <n>', 'photos per person', integer, defaults.perPerson)
    .option('--size <px>', 'image side in pixels', integer, defaults.size)
    .option('--quality <q>', 'base JPEG quality (each photo gets a small random offset)', integer, defaults.quality)
    .parse(argv, { from: 'user' });
  return program.opts();
}

/** The exact command that reproduces this output (only non-default flags are spelled out). */
function reproduceCommand(settings: { out: string } & Required<SampleFacesOptions>): string {
  const flags: string[] = [];
  if (settings.out !== DEFAULT_OUT) flags.push(`--out ${JSON.stringify(settings.out)}`);
  const named: [string, keyof SampleFacesOptions][] = [
    ['--seed', 'seed'],
    ['--people', 'people'],
    ['--per-person', 'perPerson'],
    ['--size', 'size'],
    ['--quality', 'quality'],
  ];
  for (const [flag, key] of named) {
    if (settings[key] !== DEFAULT_SAMPLE_FACES_OPTIONS[key]) flags.push(`${flag} ${settings[key]}`);
  }
  return ['node --import tsx scripts/generate-sample-faces.ts', ...flags].join(' ');
}

function readmeText(settings: { out: string } & Required<SampleFacesOptions>, people: readonly string[]): string {
  return `# Sample faces (SYNTHETIC)

These are **synthetic faces drawn by a program**, not photos. No real person is depicted: the
${people.length} people are invented names with invented looks, drawn procedurally by
\`src/data/sample-faces.ts\` (cast and traits in \`src/data/sample-faces-cast.ts\`, drawing in
\`src/data/sample-faces-svg.ts\`). They exist so the whole FGSM study runs on a fresh clone without
downloading anything.

## Layout

Same as the Kaggle "Face Recognition Dataset":

- \`Faces/<Name>_<i>.jpg\`: ${settings.perPerson} photos per person (i from 0), ${settings.size}x${settings.size} RGB JPEG;
- \`Dataset.csv\`: header \`id,label\` (id = file name, label = person), rows sorted by file name.

People: ${people.join(', ')}.

## How they were generated

\`\`\`
${reproduceCommand(settings)}
\`\`\`

(seed ${settings.seed}, ${settings.people} people x ${settings.perPerson} photos, ${settings.size} px, JPEG quality ${settings.quality} +- 6).
Same command => byte-identical files.

Each person has fixed identity traits (face shape and jaw, skin tone, hair style and colour, eye
spacing/size/colour, brows, nose, mouth, glasses, beard or moustache, earrings, mole). Each photo
varies pose (shift, rotation, scale, slight head turn), lighting (direction, strength, colour cast,
exposure), expression (smile, raised brows, eye openness, gaze), background, clothes, pixel noise
and JPEG quality. Several people share skin tone and hair colour, so colours alone do not identify them.

## The real dataset

These faces only stand in for the Kaggle "Face Recognition Dataset" (celebrity face crops), which
is not redistributed here. When you have it, put it in \`data/face_recognition/\` with the same
layout (\`Faces/\` + \`Dataset.csv\`) and run the study on that folder instead of this one.
`;
}

async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? await folderBytes(path) : (await stat(path)).size;
  }
  return total;
}

async function main(): Promise<void> {
  const settings = parseArguments(process.argv.slice(2));
  const { out, ...options } = settings;
  const started = Date.now();
  const { files, people } = await generateSampleFaces(out, options);
  await writeFile(join(out, 'README.md'), readmeText(settings, people), 'utf8');
  const kib = (await folderBytes(out)) / 1024;
  console.log(`Wrote ${files} synthetic faces of ${people.length} people to ${out} (${kib.toFixed(0)} KiB, ${((Date.now() - started) / 1000).toFixed(1)} s).`);
}

try {
  await main();
} catch (error) {
  // Bad options are user errors: print the message, not a stack trace.
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
