/**
 * Micro-benchmark: the ONNX Runtime engine against the tfjs engine (wasm), on what a sweep does:
 * forward passes (logits) and forward + input-gradient passes. resnet18, 31 classes, 224 px,
 * batch 16, random params. PyTorch's figures for the same model are added when it is installed
 * (scripts/pytorch-reference.ts finds it). Run: node --import tsx scripts/bench-onnx.ts [reps] [batch]
 * Other processes on the machine skew the figures: compare rows of one run, not runs.
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { OnnxClassifier, onnxAvailable } from '../src/engines/onnx/index.js';
import { TfjsClassifier, initBackend } from '../src/engines/tfjs/index.js';
import type { Classifier, ImageBatch } from '../src/engines/index.js';
import { buildModelSpec, initParams } from '../src/models/index.js';
import { PYTHON, pytorchMissingReason } from './pytorch-reference.js';
import { integerAtLeast, scriptCommand } from './script-command.js';

const program = scriptCommand({
  name: 'bench-onnx',
  description: 'Time forward and forward + input-gradient passes of resnet18 (224 px): ONNX Runtime vs tfjs (wasm), and PyTorch when installed.',
  examples: ['node --import tsx scripts/bench-onnx.ts', 'node --import tsx scripts/bench-onnx.ts 5 32'],
})
  .argument('[reps]', 'timed runs per measurement (the median is reported)', integerAtLeast(1), 3)
  .argument('[batch]', 'images per batch', integerAtLeast(1), 16)
  .parse();
const [reps, batchSize] = program.processedArgs as [number, number];
const SIZE = 224;
const CLASSES = 31;

/** Median seconds of `reps` runs after one warm-up. */
async function time(run: () => Promise<unknown>): Promise<number> {
  await run();
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const start = performance.now();
    await run();
    times.push((performance.now() - start) / 1000);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
}

interface Row {
  engine: string;
  setupSeconds: number;
  forward: number;
  gradient: number;
}

async function bench(label: string, create: () => Promise<Classifier>, batch: ImageBatch, labels: Int32Array): Promise<Row> {
  const started = performance.now();
  const model = await create();
  const setupSeconds = (performance.now() - started) / 1000;
  try {
    const forward = await time(() => model.logits(batch));
    const gradient = await time(() => model.lossGradient(batch, labels));
    console.error(`  ${label}: done`);
    return { engine: label, setupSeconds, forward: batch.count / forward, gradient: batch.count / gradient };
  } finally {
    model.dispose();
  }
}

/** The same measurement in PyTorch (eval mode, input gradient of the summed cross-entropy), as img/s. */
const TORCH_BENCH = `
import sys, time, torch, torchvision, torch.nn.functional as F
reps, n, size, classes, threads = (int(a) for a in sys.argv[1:6])
torch.set_num_threads(threads)
model = torchvision.models.resnet18(num_classes=classes).eval()
x = torch.rand(n, 3, size, size); y = torch.arange(n) % classes
def forward():
    with torch.no_grad(): model(x)
def gradient():
    xx = x.clone().requires_grad_(True)
    torch.autograd.grad(F.cross_entropy(model(xx), y, reduction="sum"), xx)
for run in (forward, gradient):
    run(); times = []
    for _ in range(reps):
        start = time.perf_counter(); run(); times.append(time.perf_counter() - start)
    print(n / sorted(times)[len(times) // 2])
`;

function benchTorch(batchSize: number): Row | string {
  const missing = pytorchMissingReason();
  if (missing) return missing;
  const run = spawnSync(PYTHON, ['-c', TORCH_BENCH, String(reps), String(batchSize), String(SIZE), String(CLASSES), String(availableParallelism())], { encoding: 'utf8' });
  if (run.status !== 0) return `PyTorch benchmark failed: ${run.stderr.trim().split('\n').pop()}`;
  const [forward, gradient] = run.stdout.trim().split('\n').map(Number);
  console.error('  pytorch: done');
  return { engine: 'pytorch', setupSeconds: NaN, forward: forward!, gradient: gradient! };
}

async function main(): Promise<void> {
  const spec = buildModelSpec('resnet18', { numClasses: CLASSES, inputSize: SIZE });
  const params = initParams(spec, 1);
  const pixels = Float32Array.from({ length: batchSize * SIZE * SIZE * 3 }, (_, i) => (Math.sin(i * 0.001) + 1) / 2);
  const batch: ImageBatch = { pixels, count: batchSize, height: SIZE, width: SIZE };
  const labels = Int32Array.from({ length: batchSize }, (_, i) => i % CLASSES);
  console.log(`resnet18, ${CLASSES} classes, ${SIZE} px, batch ${batchSize}, median of ${reps} after a warm-up, ${availableParallelism()} cores`);

  const rows: Row[] = [];
  const available = await onnxAvailable();
  if (available === true) rows.push(await bench('onnxruntime', () => OnnxClassifier.create(spec, params), batch, labels));
  else console.log(`onnxruntime: unavailable (${available})`);
  const backend = await initBackend({ prefer: 'wasm' });
  rows.push(await bench(`tfjs/${backend.name}`, async () => TfjsClassifier.fromParams(spec, params), batch, labels));

  const torch = benchTorch(batchSize);
  if (typeof torch === 'string') console.log(`pytorch: not measured (${torch})`);
  else rows.push(torch);
  // Speed-ups against PyTorch when measured, else against tfjs.
  const base = rows[rows.length - 1]!;
  console.log('');
  console.log(`${'engine'.padEnd(14)} ${'setup s'.padStart(8)} ${'forward img/s'.padStart(14)} ${'fwd+grad img/s'.padStart(15)}  vs ${base.engine} (fwd, fwd+grad)`);
  for (const r of rows) {
    const speedUp = `${(r.forward / base.forward).toFixed(2)}x, ${(r.gradient / base.gradient).toFixed(2)}x`;
    const setup = Number.isNaN(r.setupSeconds) ? '-' : r.setupSeconds.toFixed(2);
    console.log(`${r.engine.padEnd(14)} ${setup.padStart(8)} ${r.forward.toFixed(1).padStart(14)} ${r.gradient.toFixed(1).padStart(15)}  ${speedUp}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
