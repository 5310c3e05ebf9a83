// Starts the tslab TypeScript kernel with the repository root as its working directory.
// Why: tslab roots TypeScript at the kernel's working directory (rootDir = cwd, yunabe/tslab#63),
// so a kernel started in notebooks/ cannot import ../src. Started here, cells import './src/...'
// and relative data paths (data/, models/, results/) mean the same as on the command line.
// Usage (from kernel.json): node scripts/notebook-kernel-launch.mjs {connection_file}
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { patchTslab } from './notebook-tslab-patch.mjs';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const connectionFile = process.argv[2];
if (!connectionFile) {
  console.error('usage: node scripts/notebook-kernel-launch.mjs <connection file>  (Jupyter passes {connection_file})');
  process.exit(2);
}
process.chdir(repoRoot);
// node_modules/.bin on PATH, as under `npm run`, for anything the notebook spawns.
process.env.PATH = `${join(repoRoot, 'node_modules', '.bin')}:${process.env.PATH ?? ''}`;
patchTslab(repoRoot);
const require = createRequire(join(repoRoot, 'package.json'));
const { startKernel } = require('tslab/dist/main.js');
// enableFindLocal: false, since this IS the project's tslab; no lookup through parent folders.
startKernel({ configPath: connectionFile, enableFindLocal: false, jsKernel: false });
