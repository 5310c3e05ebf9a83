/**
 * Micro-benchmark of the conv/max-pool gradients of src/engines/tfjs/ops.ts on the wasm backend,
 * against the stock kernels they replace. Run: node --import tsx scripts/bench-ops.ts [reps]
 */
import * as tf from '@tensorflow/tfjs-core';
import { conv2dFilterGradient, conv2dInputGradient, initBackend, maxPool2d } from '../src/engines/tfjs/index.js';
import { windowedSize } from '../src/models/index.js';
import { integerAtLeast, scriptCommand } from './script-command.js';

const program = scriptCommand({
  name: 'bench-ops',
  description: 'Time the conv/max-pool gradients of src/engines/tfjs/ops.ts on the wasm backend against the stock kernels they replace.',
  examples: ['node --import tsx scripts/bench-ops.ts', 'node --import tsx scripts/bench-ops.ts 9'],
})
  .argument('[reps]', 'timed runs per measurement (the median is reported)', integerAtLeast(1), 5)
  .parse();
const [reps] = program.processedArgs as [number];

/** Median wall time of `reps` runs after one warm-up, reading the result back each time. */
function time(run: () => tf.Tensor, repetitions = reps): number {
  const once = () => {
    const start = performance.now();
    const out = tf.tidy(run);
    out.dataSync();
    out.dispose();
    return performance.now() - start;
  };
  once();
  const times = Array.from({ length: repetitions }, once).sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

function report(label: string, ms: number, baseline?: number): void {
  const ratio = baseline ? `  (${(ms / baseline).toFixed(2)}x forward)` : '';
  console.log(`  ${label.padEnd(44)} ${ms.toFixed(1).padStart(8)} ms${ratio}`);
}

interface ConvBench {
  name: string;
  batch: number;
  size: number;
  inC: number;
  outC: number;
  kernel: number;
  stride: number;
  padding: number;
}

function benchConv(b: ConvBench): void {
  console.log(`${b.name}: N=${b.batch} ${b.size}x${b.size}x${b.inC} -> ${b.outC}, k${b.kernel} s${b.stride} p${b.padding}`);
  const out = windowedSize(b.size, b.kernel, b.stride, b.padding);
  const x = tf.randomNormal([b.batch, b.size, b.size, b.inC], 0, 1, 'float32', 1) as tf.Tensor4D;
  const filter = tf.randomNormal([b.kernel, b.kernel, b.inC, b.outC], 0, 0.1, 'float32', 2) as tf.Tensor4D;
  const dy = tf.randomNormal([b.batch, out, out, b.outC], 0, 1, 'float32', 3) as tf.Tensor4D;
  const pad = [[0, 0], [b.padding, b.padding], [b.padding, b.padding], [0, 0]] as [[number, number], [number, number], [number, number], [number, number]];
  const forward = time(() => tf.conv2d(tf.pad(x, pad), filter, b.stride, 'valid'));
  report('forward conv (Pad + Conv2D)', forward);
  report('input gradient, ours (stride-phase Conv2Ds)', time(() => conv2dInputGradient(dy, filter, x.shape, b.stride, b.padding)), forward);
  // What the stock Conv2D gradient runs for dx.
  report('input gradient, stock Conv2DBackpropInput', time(() => tf.conv2dTranspose(dy, filter, x.shape, b.stride, pad), Math.min(reps, 3)), forward);
  report('filter gradient, ours (one dilated Conv2D)', time(() => conv2dFilterGradient(x, dy, b.kernel, b.stride, b.padding)), forward);
  console.log('  filter gradient, stock Conv2DBackpropFilter: missing on wasm');
  tf.dispose([x, filter, dy]);
}

function benchMaxPool(batch: number, size: number, channels: number): void {
  console.log(`max pool 3x3 s2 p1 (ResNet stem): N=${batch} ${size}x${size}x${channels}`);
  const x = tf.randomNormal([batch, size, size, channels], 0, 1, 'float32', 4) as tf.Tensor4D;
  const out = windowedSize(size, 3, 2, 1);
  const dy = tf.randomNormal([batch, out, out, channels], 0, 1, 'float32', 5) as tf.Tensor4D;
  const forward = time(() => maxPool2d(x, 3, 2, 1));
  report('forward', forward);
  report('gradient, ours (first max, like PyTorch)', time(() => tf.grad((a: tf.Tensor) => maxPool2d(a as tf.Tensor4D, 3, 2, 1))(x, dy)), forward);
  tf.dispose([x, dy]);
}

async function main(): Promise<void> {
  const backend = await initBackend({ prefer: 'wasm' });
  console.log(`tfjs ${tf.version_core}, ${backend.detail}, median of ${reps} runs\n`);
  const convs: ConvBench[] = [
    { name: 'ResNet-18 layer1 3x3', batch: 8, size: 56, inC: 64, outC: 64, kernel: 3, stride: 1, padding: 1 },
    { name: 'ResNet-18 layer2.0 3x3 stride 2', batch: 8, size: 56, inC: 64, outC: 128, kernel: 3, stride: 2, padding: 1 },
    { name: 'ResNet-18 layer4 3x3', batch: 8, size: 7, inC: 512, outC: 512, kernel: 3, stride: 1, padding: 1 },
    { name: 'ResNet stem 7x7 stride 2', batch: 8, size: 224, inC: 3, outC: 64, kernel: 7, stride: 2, padding: 3 },
  ];
  for (const conv of convs) benchConv(conv);
  benchMaxPool(8, 112, 64);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
