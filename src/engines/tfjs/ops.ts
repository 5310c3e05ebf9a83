/**
 * Neural-net ops with PyTorch semantics whose forward AND gradients are right on every tfjs backend
 * (cpu, wasm, tensorflow). Activations are NHWC, conv filters [kh, kw, in, out].
 *
 * Why not the stock tfjs gradients:
 * - tfjs-core's Node bundle registers NO gradient at all (only `@tensorflow/tfjs` does, and its ESM
 *   `register_all_gradients` file cannot be imported from Node), so `tf.grad` of a stock op fails.
 * - tfjs-backend-wasm 4.22: MaxPoolGrad is silently wrong (a window whose max is negative sends
 *   its gradient to its first element), Conv2DBackpropFilter is missing, Conv2DBackpropInput is
 *   4-11x slower than a forward conv; also OneHot(dtype float32) returns int32 bit patterns.
 * So every differentiable op here carries its own gradient, written with forward kernels that are
 * fast and right on wasm (Conv2D, depthwise Conv2D, MatMul, Pad, Reshape, Transpose, Concat,
 * element-wise ops; Slice sparingly, see slicingIsCostly).
 *
 * Gradients are lazy per input: `tf.grad` w.r.t. the image never computes filter gradients.
 * Inputs are assumed finite (an infinite or NaN value may give NaN gradients).
 */
import * as tf from '@tensorflow/tfjs-core';
import { windowedSize } from '../../models/graph.js';

// ---------------------------------------------------------------------------------------------
// Custom-gradient plumbing

type GradientThunk = () => tf.Tensor;

interface CustomOp {
  /** Tape name; unique so that no registered gradient config can shadow ours. */
  readonly name: string;
  readonly inputs: readonly tf.Tensor[];
  /** Runs without recording; `save` keeps tensors alive for `backward`. */
  forward(save: (tensors: tf.Tensor[]) => void): tf.Tensor | tf.Tensor[];
  /** One thunk per input, called only for inputs the requested gradient depends on. */
  backward(dys: tf.Tensor[], saved: tf.Tensor[]): GradientThunk[];
}

interface KernelFuncParams {
  forwardFunc: (backend: unknown, save: (tensors: tf.Tensor[]) => void) => tf.Tensor | tf.Tensor[];
  backwardsFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => Record<string, GradientThunk>;
  inputs: Record<string, tf.Tensor>;
}

/**
 * Records `op` on the gradient tape. `tf.customGrad` would do, but it evaluates the gradient of
 * EVERY input eagerly (FGSM would pay for filter gradients it throws away, ~2x the backward), and
 * it allows one output only. The engine method it wraps, `runKernelFunc`, takes lazy thunks; it
 * is internal (not in the .d.ts) but stable across tfjs 3.x-4.x, and checked here.
 */
function runCustomOp(op: CustomOp): tf.Tensor[] {
  const engine = tf.engine() as unknown as { runKernelFunc?: (params: KernelFuncParams) => tf.Tensor | tf.Tensor[] };
  if (typeof engine.runKernelFunc !== 'function') {
    throw new Error(`tfjs-core ${tf.version_core} has no Engine.runKernelFunc (fgsm-faces ops were written for 4.22)`);
  }
  const inputs = Object.fromEntries(op.inputs.map((t, i) => [String(i), t]));
  const params: KernelFuncParams = {
    forwardFunc: (_backend, save) => op.forward(save),
    backwardsFunc: (dy, saved) => {
      const thunks = op.backward(Array.isArray(dy) ? dy : [dy], saved);
      return Object.fromEntries(thunks.map((thunk, i) => [String(i), thunk]));
    },
    inputs,
  };
  // The named scope becomes the tape node's name (see Engine.addTapeNode).
  const out = tf.tidy(op.name, () => engine.runKernelFunc!(params));
  return Array.isArray(out) ? out : [out];
}

function runSingleOutput<T extends tf.Tensor>(op: CustomOp): T {
  return runCustomOp(op)[0] as T;
}

// ---------------------------------------------------------------------------------------------
// Geometry helpers (NHWC). Written for wasm 4.22, where Conv2D, MatMul (without transpose flags),
// Pad and element-wise ops are fast, but StridedSlice, Reverse, Gather and Tile are 10-50x slower
// per element, ops above rank 4 fall back to slow generic code, and Slice first copies its WHOLE
// input out of the wasm heap (backend.readSync) before cutting.

type Pair = readonly [before: number, after: number];


/**
 * x[:, top:top+rows, left:left+cols, :], sliced as [N, H, W*C] so that each copied run is a whole
 * row segment (wasm's Slice copies run by run: runs of C floats are slow).
 */
function crop(x: tf.Tensor4D, top: number, left: number, rows: number, cols: number): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  if (top === 0 && left === 0 && rows === h && cols === w) return x;
  const rowsFlat = tf.reshape(x, [n, h, w * c]);
  return tf.reshape(tf.slice(rowsFlat, [0, top, left * c], [n, rows, cols * c]), [n, rows, cols, c]);
}

/**
 * Pads rows/cols of an NHWC tensor (positive amounts) or crops them (negative amounts), so callers
 * can ask for an exact extent without caring on which side of zero the arithmetic lands.
 */
function padOrCrop(x: tf.Tensor4D, rows: Pair, cols: Pair, value = 0): tf.Tensor4D {
  const [, h, w] = x.shape;
  const cropTop = Math.max(0, -rows[0]);
  const cropLeft = Math.max(0, -cols[0]);
  const keptRows = h - cropTop - Math.max(0, -rows[1]);
  const keptCols = w - cropLeft - Math.max(0, -cols[1]);
  if (keptRows <= 0 || keptCols <= 0) throw new Error(`padOrCrop would leave nothing of ${h}x${w}`);
  const cropped = crop(x, cropTop, cropLeft, keptRows, keptCols);
  const padRows: [number, number] = [Math.max(0, rows[0]), Math.max(0, rows[1])];
  const padCols: [number, number] = [Math.max(0, cols[0]), Math.max(0, cols[1])];
  if (padRows[0] + padRows[1] + padCols[0] + padCols[1] === 0) return cropped;
  return tf.pad(cropped, [[0, 0], padRows, padCols, [0, 0]], value);
}

/**
 * Stride-phase layout of x [N, R*s, Q*s, C]: [N, R, s, s*Q*C], where
 * [n, r, a, (b*Q + q)*C + c] = x[n, r*s + a, q*s + b, c]. Every strided window of x (each s-th
 * row and column from some offset) is then one slice made of long contiguous runs.
 */
function toPhaseGrid(x: tf.Tensor4D, stride: number): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  const rows = h / stride;
  const cols = w / stride;
  if (!Number.isInteger(rows) || !Number.isInteger(cols)) throw new Error(`toPhaseGrid: ${h}x${w} not divisible by ${stride}`);
  if (stride === 1) return tf.reshape(x, [n, h, 1, w * c]);
  const columnPhasesInner = tf.reshape(x, [n * h, cols, stride, c]);
  return tf.reshape(tf.transpose(columnPhasesInner, [0, 2, 1, 3]), [n, rows, stride, stride * cols * c]);
}

/** x[:, row0 + i*s, col0 + j*s, :] for i < rows, j < cols, read from the phase grid of x. */
function phaseGridWindow(grid: tf.Tensor4D, stride: number, channels: number, row0: number, col0: number, rows: number, cols: number): tf.Tensor4D {
  const n = grid.shape[0];
  const gridCols = grid.shape[3] / (stride * channels);
  const offset = ((col0 % stride) * gridCols + Math.floor(col0 / stride)) * channels;
  const window = tf.slice(grid, [0, Math.floor(row0 / stride), row0 % stride, offset], [n, rows, 1, cols * channels]);
  return tf.reshape(window, [n, rows, cols, channels]);
}

/** Inverse of the phase split: phases[a][b] [N, R, Q, C] (= x[:, a::s, b::s, :]) -> x [N, R*s, Q*s, C]. */
function fromPhases(phases: tf.Tensor4D[][]): tf.Tensor4D {
  const stride = phases.length;
  const [n, rows, cols, c] = phases[0]![0]!.shape;
  if (stride === 1) return phases[0]![0]!;
  const gridRows = phases.map((row) => tf.concat(row.map((p) => tf.reshape(p, [n, rows, 1, cols * c])), 3));
  const grid = tf.concat(gridRows, 2); // the phase grid: [N, R, s, s*Q*C]
  const columnPhasesOuter = tf.reshape(grid, [n * rows * stride, stride, cols, c]);
  return tf.reshape(tf.transpose(columnPhasesOuter, [0, 2, 1, 3]), [n, rows * stride, cols * stride, c]);
}

function range(count: number): number[] {
  return Array.from({ length: Math.max(0, count) }, (_, i) => i);
}

/**
 * True where cutting many pieces out of one big tensor with Slice/Gather is costly (wasm: each
 * Slice copies the whole input). There pieces are picked by one-hot MatMul / depthwise Conv2D
 * instead: XNNPACK adds one product to exact zeros, so the result is exact for finite values. Not
 * used elsewhere: a GPU may round matmul inputs (TF32), while its Slice is cheap anyway.
 */
function slicingIsCostly(): boolean {
  return tf.getBackend() === 'wasm';
}

/** Rows `rows` of a matrix, in that order. */
function selectRows(matrix: tf.Tensor2D, rows: readonly number[]): tf.Tensor2D {
  if (!slicingIsCostly()) return tf.gather(matrix, [...rows]);
  const height = matrix.shape[0];
  const selection = new Float32Array(rows.length * height);
  rows.forEach((row, i) => (selection[i * height + row] = 1));
  return tf.matMul(tf.tensor2d(selection, [rows.length, height]), matrix);
}

// ---------------------------------------------------------------------------------------------
// Conv2d

function checkConvArguments(x: tf.Tensor4D, filter: tf.Tensor4D, stride: number, padding: number, bias?: tf.Tensor1D): void {
  const [kh, kw, inChannels, outChannels] = filter.shape;
  if (kh !== kw) throw new Error(`conv2d: square kernels only, got ${kh}x${kw}`);
  if (x.shape[3] !== inChannels) throw new Error(`conv2d: input has ${x.shape[3]} channels, filter expects ${inChannels}`);
  if (bias && (bias.rank !== 1 || bias.shape[0] !== outChannels)) throw new Error(`conv2d: bias shape [${bias.shape}] != [${outChannels}]`);
  if (!Number.isInteger(stride) || stride < 1 || !Number.isInteger(padding) || padding < 0) {
    throw new Error(`conv2d: bad stride ${stride} / padding ${padding}`);
  }
  if (windowedSize(x.shape[1], kh, stride, padding) < 1 || windowedSize(x.shape[2], kh, stride, padding) < 1) {
    throw new Error(`conv2d: kernel ${kh} larger than padded input ${x.shape[1]}x${x.shape[2]} (padding ${padding})`);
  }
}

/** Zero padding by Pad, then a 'valid' conv: explicit conv padding is not supported by every backend. */
function convForward(x: tf.Tensor4D, filter: tf.Tensor4D, stride: number, padding: number): tf.Tensor4D {
  const padded = padding > 0 ? padOrCrop(x, [padding, padding], [padding, padding]) : x;
  return tf.conv2d(padded, filter, stride, 'valid');
}

/** Taps of phase a (padded-input rows u = q*s + a) along one axis: i = a + t*s < k. */
function phaseTapCount(kernel: number, stride: number, phase: number): number {
  return Math.max(0, Math.ceil((kernel - phase) / stride));
}

/**
 * The filters of the input-gradient convs, one per stride phase (a, b): taps i = a + t*s,
 * j = b + u*s in REVERSED order (180-degree rotation), in/out channels swapped: [Ta, Tb, out, in].
 * Taps are picked as rows of the [k*k, in*out] filter (see selectRows; wasm's Reverse and
 * StridedSlice take ~150 ms on a 3x3x512x512 filter), then one 3-D Transpose swaps in/out.
 */
function inputGradientFilters(filter: tf.Tensor4D, stride: number): Array<Array<tf.Tensor4D | undefined>> {
  const [k, , inC, outC] = filter.shape;
  const taps = tf.reshape(filter, [k * k, inC * outC]) as tf.Tensor2D;
  return range(stride).map((a) =>
    range(stride).map((b) => {
      const rows = phaseTapCount(k, stride, a);
      const cols = phaseTapCount(k, stride, b);
      if (rows === 0 || cols === 0) return undefined;
      const order = range(rows).flatMap((t) => range(cols).map((u) => (a + (rows - 1 - t) * stride) * k + b + (cols - 1 - u) * stride));
      const swapped = tf.transpose(tf.reshape(selectRows(taps, order), [rows * cols, inC, outC]), [0, 2, 1]);
      return tf.reshape(swapped, [rows, cols, outC, inC]);
    }),
  );
}

/**
 * d loss / d x of a conv, as s*s FORWARD convs, one per stride phase of the padded input: row
 * u = q*s + a receives sum_t dy[q - t] * W[a + t*s], a stride-1 correlation of dy with every s-th
 * tap of the rotated filter. Same multiply count as the forward conv, no zeros inserted into dy,
 * and 4-11x faster than wasm's Conv2DBackpropInput. Rows that no window reaches (the floor() in
 * the output size) get zero gradient, as in PyTorch.
 */
export function conv2dInputGradient(
  dy: tf.Tensor4D,
  filter: tf.Tensor4D,
  inputShape: readonly [number, number, number, number],
  stride: number,
  padding: number,
): tf.Tensor4D {
  return tf.tidy(() => {
    const [n, h, w, c] = inputShape;
    const [, outH, outW] = dy.shape;
    // Phase rows q in [first, last) cover padded rows [first*s, last*s), which hold [padding, padding + h).
    const firstRow = Math.floor(padding / stride);
    const firstCol = Math.floor(padding / stride);
    const lastRow = Math.ceil((padding + h) / stride);
    const lastCol = Math.ceil((padding + w) / stride);
    const filters = inputGradientFilters(filter, stride);
    const phases = filters.map((row) =>
      row.map((phaseFilter) => {
        // A phase no tap reaches (e.g. odd rows of a 1x1 stride-2 conv) gets no gradient.
        if (!phaseFilter) return tf.zeros([n, lastRow - firstRow, lastCol - firstCol, c]) as tf.Tensor4D;
        const [tapsA, tapsB] = phaseFilter.shape;
        const dyPadded = padOrCrop(dy, [tapsA - 1 - firstRow, lastRow - outH], [tapsB - 1 - firstCol, lastCol - outW]);
        return tf.conv2d(dyPadded, phaseFilter, 1, 'valid');
      }),
    );
    const gradPadded = fromPhases(phases);
    const top = padding - firstRow * stride;
    const left = padding - firstCol * stride;
    return crop(gradPadded, top, left, h, w);
  });
}

/**
 * d loss / d filter without Conv2DBackpropFilter (missing on wasm), as ONE forward conv:
 * dW[i, j, c, o] = sum over n, ho, wo of xpad[n, ho*s + i, wo*s + j, c] * dy[n, ho, wo, o], which
 * is a stride-1 conv of the padded input with batch and channels swapped ([C, H, W, N]) by dy
 * used as filter ([Ho, Wo, N, out]) with dilation s. 1.5-2x a forward conv on wasm; one MatMul per
 * tap was 3-100x slower there (Slice copies).
 */
export function conv2dFilterGradient(x: tf.Tensor4D, dy: tf.Tensor4D, kernel: number, stride: number, padding: number): tf.Tensor4D {
  return tf.tidy(() => {
    const [, h, w] = x.shape;
    const [, outH, outW] = dy.shape;
    // Exactly kernel + (out-1)*s padded rows: those past the last window (floor()) are cropped.
    const padded = padOrCrop(x, [padding, kernel + (outH - 1) * stride - h - padding], [padding, kernel + (outW - 1) * stride - w - padding]);
    const batchAsChannels = tf.transpose(padded, [3, 1, 2, 0]) as tf.Tensor4D;
    const dyAsFilter = tf.transpose(dy, [1, 2, 0, 3]) as tf.Tensor4D;
    const grad = tf.conv2d(batchAsChannels, dyAsFilter, 1, 'valid', 'NHWC', stride); // [C, k, k, out]
    return tf.transpose(grad, [1, 2, 0, 3]);
  });
}

/** PyTorch Conv2d: square kernel, symmetric zero padding p, stride s, output floor((H+2p-k)/s)+1; optional bias [out]. Gradients w.r.t. x, filter and bias. */
export function conv2d(x: tf.Tensor4D, filter: tf.Tensor4D, stride: number, padding: number, bias?: tf.Tensor1D): tf.Tensor4D {
  checkConvArguments(x, filter, stride, padding, bias);
  return runSingleOutput<tf.Tensor4D>({
    name: 'fgsm_conv2d',
    inputs: bias ? [x, filter, bias] : [x, filter],
    forward: (save) => {
      save([x, filter]);
      const y = convForward(x, filter, stride, padding);
      return bias ? tf.add(y, bias) : y;
    },
    backward: ([dy], [savedX, savedFilter]) => {
      const grad = dy as tf.Tensor4D;
      const input = savedX as tf.Tensor4D;
      const weights = savedFilter as tf.Tensor4D;
      const thunks: GradientThunk[] = [
        () => conv2dInputGradient(grad, weights, input.shape, stride, padding),
        () => conv2dFilterGradient(input, grad, weights.shape[0], stride, padding),
      ];
      if (bias) thunks.push(() => sumOverPixels(grad));
      return thunks;
    },
  });
}

// ---------------------------------------------------------------------------------------------
// MaxPool2d

/**
 * Reads tap (i, j) of every pooling window: [N, Ho, Wo, C] = xpad[:, i + s*ho, j + s*wo, :].
 * Slices of the stride-phase grid (-Infinity padding) where slicing is cheap; on wasm a depthwise
 * conv by a one-hot k x k filter, exact but needing finite values, so the padding there is
 * -FLT_MAX (0 * -Infinity would be NaN).
 */
function poolTapReader(
  x: tf.Tensor4D,
  kernel: number,
  stride: number,
  padding: number,
  [phaseRows, phaseCols]: Pair,
  [outH, outW]: Pair,
): (i: number, j: number) => tf.Tensor4D {
  const [, h, w, c] = x.shape;
  if (slicingIsCostly()) {
    const padded = padOrCrop(x, [padding, padding], [padding, padding], -3.4028234663852886e38);
    return (i, j) => {
      const oneHot = new Float32Array(kernel * kernel * c);
      oneHot.fill(1, (i * kernel + j) * c, (i * kernel + j + 1) * c);
      return tf.depthwiseConv2d(padded, tf.tensor4d(oneHot, [kernel, kernel, c, 1]), stride, 'valid');
    };
  }
  const padded = padOrCrop(x, [padding, phaseRows * stride - h - padding], [padding, phaseCols * stride - w - padding], -Infinity);
  const grid = toPhaseGrid(padded, stride);
  return (i, j) => phaseGridWindow(grid, stride, c, i, j, outH, outW);
}

/**
 * Routes dy of each window to the FIRST maximum in row-major window order, like PyTorch (the
 * stock wasm MaxPoolGrad is wrong). Taps are visited in scan order; a tap equal to the window max
 * takes what is left of dy there and leaves zero for later equal taps. Only Sub/Step/Mul, which
 * are fast on wasm (Equal/Select are 2-5x slower): notMax = step(max - tap) is 1 below the max, 0
 * at it, and also 1 for the padding (max - (-Inf or -FLT_MAX) = +Inf or huge), so padding takes
 * nothing and creates no NaN. Needs finite inputs (PyTorch's rule p <= k/2 puts a real value in
 * every window); an infinite or NaN input gives a NaN gradient.
 */
function maxPoolGradient(dy: tf.Tensor4D, x: tf.Tensor4D, y: tf.Tensor4D, kernel: number, stride: number, padding: number): tf.Tensor4D {
  return tf.tidy(() => {
    const [n, h, w, c] = x.shape;
    const [, outH, outW] = dy.shape;
    // Gradients are gathered per stride phase of the padded input, whose extent is rounded to
    // whole phases and covers every window and the whole input.
    const phaseRows = Math.max(Math.floor((kernel - 1) / stride) + outH, Math.ceil((h + padding) / stride));
    const phaseCols = Math.max(Math.floor((kernel - 1) / stride) + outW, Math.ceil((w + padding) / stride));
    const tapValues = poolTapReader(x, kernel, stride, padding, [phaseRows, phaseCols], [outH, outW]);
    let remaining: tf.Tensor4D = dy;
    const perPhase: tf.Tensor4D[][][] = range(stride).map(() => range(stride).map(() => []));
    for (const i of range(kernel)) {
      for (const j of range(kernel)) {
        const tap = tapValues(i, j);
        const notMax = tf.step(tf.sub(y, tap));
        const left = tf.mul(remaining, notMax) as tf.Tensor4D;
        const taken = tf.sub(remaining, left) as tf.Tensor4D;
        remaining = left;
        const row0 = Math.floor(i / stride);
        const col0 = Math.floor(j / stride);
        perPhase[i % stride]![j % stride]!.push(padOrCrop(taken, [row0, phaseRows - outH - row0], [col0, phaseCols - outW - col0]));
      }
    }
    const phases = perPhase.map((row) => row.map((parts) => (parts.length === 0 ? tf.zeros([n, phaseRows, phaseCols, c]) : tf.addN(parts)) as tf.Tensor4D));
    return crop(fromPhases(phases), padding, padding, h, w);
  });
}

/** PyTorch MaxPool2d(kernel, stride, padding): pads with -Infinity; gradient goes to the FIRST maximum in window scan order (row-major), like PyTorch. */
export function maxPool2d(x: tf.Tensor4D, kernel: number, stride: number, padding: number): tf.Tensor4D {
  if (padding > kernel / 2) throw new Error(`maxPool2d: padding ${padding} should be at most half the kernel ${kernel} (as in PyTorch)`);
  if (windowedSize(x.shape[1], kernel, stride, padding) < 1 || windowedSize(x.shape[2], kernel, stride, padding) < 1) {
    throw new Error(`maxPool2d: kernel ${kernel} larger than padded input ${x.shape[1]}x${x.shape[2]}`);
  }
  return runSingleOutput<tf.Tensor4D>({
    name: 'fgsm_maxpool2d',
    inputs: [x],
    forward: (save) => {
      const padded = padding > 0 ? padOrCrop(x, [padding, padding], [padding, padding], -Infinity) : x;
      const y = tf.maxPool(padded, kernel, stride, 'valid');
      save([x, y]);
      return y;
    },
    backward: ([dy], [savedX, savedY]) => [
      () => maxPoolGradient(dy as tf.Tensor4D, savedX as tf.Tensor4D, savedY as tf.Tensor4D, kernel, stride, padding),
    ],
  });
}

/**
 * Average pool with kernel = stride and no padding (leftover rows/columns dropped). Backward: each
 * output's gradient / k^2 repeated over its window (by rank-4 concats, fast on wasm), zeros for
 * the leftovers.
 */
export function avgPool2d(x: tf.Tensor4D, kernel: number): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  const outH = windowedSize(h, kernel, kernel, 0);
  const outW = windowedSize(w, kernel, kernel, 0);
  if (outH < 1 || outW < 1) throw new Error(`avgPool2d: a ${kernel}x${kernel} window does not fit a ${h}x${w} input`);
  return runSingleOutput<tf.Tensor4D>({
    name: 'fgsm_avg_pool',
    inputs: [x],
    forward: () => tf.avgPool(x, kernel, kernel, 'valid'),
    backward: ([dy]) => [
      () => {
        const share = tf.div(dy!, kernel * kernel);
        const rows = tf.reshape(tf.concat(Array<tf.Tensor>(kernel).fill(tf.reshape(share, [n, outH, 1, outW * c])), 2), [n * outH * kernel, outW, 1, c]);
        const spread = tf.reshape(tf.concat(Array<tf.Tensor>(kernel).fill(rows), 2), [n, outH * kernel, outW * kernel, c]) as tf.Tensor4D;
        return padOrCrop(spread, [0, h - outH * kernel], [0, w - outW * kernel]);
      },
    ],
  });
}

/** Zeros appended after the last row, column and channel. Backward: the gradient of the original part. */
export function zeroPad(x: tf.Tensor4D, rows: number, cols: number, channels: number): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  return runSingleOutput<tf.Tensor4D>({
    name: 'fgsm_zero_pad',
    inputs: [x],
    forward: () => tf.pad(x, [[0, 0], [0, rows], [0, cols], [0, channels]]),
    backward: ([dy]) => [() => (channels === 0 ? crop(dy as tf.Tensor4D, 0, 0, h, w) : tf.slice(dy!, [0, 0, 0, 0], [n, h, w, c]))],
  });
}

// ---------------------------------------------------------------------------------------------
// BatchNorm2d

/** Per-channel sum over N, H, W of an NHWC tensor. */
function sumOverPixels(x: tf.Tensor): tf.Tensor1D {
  return tf.sum(tf.reshape(x, [-1, x.shape[x.rank - 1]!]), 0);
}

/**
 * PyTorch's CPU batch norm arithmetic: alpha = gamma / sqrt(var + eps) (as invstd * gamma),
 * shift = beta - mean * alpha, y = x * alpha + shift (same rounding steps as PyTorch).
 */
function affineTerms(gamma: tf.Tensor1D, beta: tf.Tensor1D, mean: tf.Tensor1D, invStd: tf.Tensor1D): { alpha: tf.Tensor1D; shift: tf.Tensor1D } {
  const alpha = tf.mul(invStd, gamma) as tf.Tensor1D;
  return { alpha, shift: tf.sub(beta, tf.mul(mean, alpha)) as tf.Tensor1D };
}

function inverseStd(variance: tf.Tensor1D, eps: number): tf.Tensor1D {
  return tf.div(1, tf.sqrt(tf.add(variance, eps))) as tf.Tensor1D;
}

function checkChannels(op: string, x: tf.Tensor4D, ...perChannel: tf.Tensor1D[]): void {
  const channels = x.shape[3];
  for (const t of perChannel) {
    if (t.rank !== 1 || t.shape[0] !== channels) throw new Error(`${op}: per-channel tensor of shape [${t.shape}] for ${channels} channels`);
  }
}

/** BatchNorm2d in eval mode: (x - mean) / sqrt(var + eps) * gamma + beta, per channel (last axis). Gradients w.r.t. all inputs. */
export function batchNormEval(
  x: tf.Tensor4D,
  gamma: tf.Tensor1D,
  beta: tf.Tensor1D,
  mean: tf.Tensor1D,
  variance: tf.Tensor1D,
  eps: number,
): tf.Tensor4D {
  checkChannels('batchNormEval', x, gamma, beta, mean, variance);
  return runSingleOutput<tf.Tensor4D>({
    name: 'fgsm_batchnorm_eval',
    inputs: [x, gamma, beta, mean, variance],
    forward: (save) => {
      const invStd = inverseStd(variance, eps);
      const { alpha, shift } = affineTerms(gamma, beta, mean, invStd);
      save([x, gamma, mean, invStd, alpha]);
      return tf.add(tf.mul(x, alpha), shift);
    },
    backward: ([dy], [sx, sGamma, sMean, invStd, alpha]) => {
      const grad = dy!;
      // d y / d var = -(x - mean) * gamma * invStd^3 / 2
      const dyDotCentered = () => sumOverPixels(tf.mul(grad, tf.sub(sx!, sMean!)));
      return [
        () => tf.mul(grad, alpha!),
        () => tf.mul(dyDotCentered(), invStd!),
        () => sumOverPixels(grad),
        () => tf.neg(tf.mul(sumOverPixels(grad), alpha!)),
        () => tf.mul(dyDotCentered(), tf.mul(tf.mul(sGamma!, tf.pow(invStd!, 3)), -0.5)),
      ];
    },
  });
}

/** y = x * weight[c] + bias[c] (face-api's scale layer). Gradients w.r.t. all inputs. */
export function channelAffine(x: tf.Tensor4D, weight: tf.Tensor1D, bias: tf.Tensor1D): tf.Tensor4D {
  checkChannels('channelAffine', x, weight, bias);
  return runSingleOutput<tf.Tensor4D>({
    name: 'fgsm_channel_affine',
    inputs: [x, weight, bias],
    forward: (save) => {
      save([x, weight]);
      return tf.add(tf.mul(x, weight), bias);
    },
    backward: ([dy], [sx, sWeight]) => [() => tf.mul(dy!, sWeight!), () => sumOverPixels(tf.mul(dy!, sx!)), () => sumOverPixels(dy!)],
  });
}

export interface BatchNormTrainResult {
  y: tf.Tensor4D;
  /** Batch mean per channel. */
  mean: tf.Tensor1D;
  /** Biased batch variance (divides by N*H*W): what normalises y. */
  variance: tf.Tensor1D;
  /** Unbiased batch variance (divides by N*H*W - 1): what PyTorch blends into running_var. */
  unbiasedVariance: tf.Tensor1D;
}

/**
 * BatchNorm2d in training mode: normalises by the batch statistics (biased variance) and returns
 * them, plus the UNBIASED variance PyTorch uses for running_var (running = (1-m)*running + m*stat).
 * Gradients w.r.t. x, gamma, beta, through y and through every returned statistic.
 */
export function batchNormTrain(x: tf.Tensor4D, gamma: tf.Tensor1D, beta: tf.Tensor1D, eps: number): BatchNormTrainResult {
  checkChannels('batchNormTrain', x, gamma, beta);
  const [n, h, w] = x.shape;
  const count = n * h * w;
  if (count < 2) throw new Error(`batchNormTrain: expected more than 1 value per channel, got input [${x.shape}]`);
  const [y, mean, variance, unbiasedVariance] = runCustomOp({
    name: 'fgsm_batchnorm_train',
    inputs: [x, gamma, beta],
    forward: (save) => {
      const batchMean = tf.div(sumOverPixels(x), count) as tf.Tensor1D;
      const batchVariance = tf.div(sumOverPixels(tf.square(tf.sub(x, batchMean))), count) as tf.Tensor1D;
      const invStd = inverseStd(batchVariance, eps);
      const { alpha, shift } = affineTerms(gamma, beta, batchMean, invStd);
      save([x, gamma, batchMean, invStd]);
      return [tf.add(tf.mul(x, alpha), shift), batchMean, batchVariance, tf.mul(batchVariance, count / (count - 1))];
    },
    backward: ([dy, dMean, dVariance, dUnbiased], [sx, sGamma, sMean, invStd]) => {
      const centered = tf.sub(sx!, sMean!);
      const normalised = tf.mul(centered, invStd!);
      const sumDy = sumOverPixels(dy!);
      const sumDyNormalised = sumOverPixels(tf.mul(dy!, normalised));
      const inputGradient = () => {
        // Through y: gamma * invStd / M * (M * dy - sum(dy) - xhat * sum(dy * xhat)).
        const throughY = tf.mul(
          tf.sub(tf.sub(tf.mul(dy!, count), sumDy), tf.mul(normalised, sumDyNormalised)),
          tf.div(tf.mul(sGamma!, invStd!), count),
        );
        // Through the statistics: d mean/dx = 1/M, d var/dx = 2(x - mean)/M, unbiased: 2(x - mean)/(M - 1).
        const varianceWeight = tf.add(tf.mul(dVariance!, 2 / count), tf.mul(dUnbiased!, 2 / (count - 1)));
        return tf.add(tf.add(throughY, tf.div(dMean!, count)), tf.mul(centered, varianceWeight));
      };
      return [inputGradient, () => sumDyNormalised, () => sumDy];
    },
  });
  return {
    y: y as tf.Tensor4D,
    mean: mean as tf.Tensor1D,
    variance: variance as tf.Tensor1D,
    unbiasedVariance: unbiasedVariance as tf.Tensor1D,
  };
}

// ---------------------------------------------------------------------------------------------
// Element-wise ops the model needs besides the layers above. tf.relu / tf.add / tf.sub / tf.div
// are NOT differentiable with tfjs-core alone (no gradient is registered), hence these.

/** ReLU; gradient dy where the output is > 0, else 0 (PyTorch's threshold_backward). */
export function relu<T extends tf.Tensor>(x: T): T {
  return runSingleOutput<T>({
    name: 'fgsm_relu',
    inputs: [x],
    forward: (save) => {
      const y = tf.relu(x);
      save([y]);
      return y;
    },
    backward: ([dy], [y]) => [() => tf.mul(dy!, tf.step(y!))],
  });
}

/** a + b for tensors of the SAME shape (residual connections); gradient dy to both. */
export function add<T extends tf.Tensor>(a: T, b: T): T {
  if (!tf.util.arraysEqual(a.shape, b.shape)) throw new Error(`add: shapes [${a.shape}] and [${b.shape}] differ`);
  return runSingleOutput<T>({
    name: 'fgsm_add',
    inputs: [a, b],
    forward: () => tf.add(a, b),
    // Clones: each input must get its own tensor, the engine disposes them independently.
    backward: ([dy]) => [() => tf.clone(dy!), () => tf.clone(dy!)],
  });
}

/** torchvision Normalize on NHWC pixels: (x - mean[c]) / std[c], gradient dy / std[c]. */
export function normalizeChannels(x: tf.Tensor4D, mean: readonly number[], std: readonly number[]): tf.Tensor4D {
  if (mean.length !== x.shape[3] || std.length !== x.shape[3]) throw new Error(`normalizeChannels: ${x.shape[3]} channels, ${mean.length} means, ${std.length} stds`);
  return runSingleOutput<tf.Tensor4D>({
    name: 'fgsm_normalize',
    inputs: [x],
    forward: () => tf.div(tf.sub(x, tf.tensor1d([...mean])), tf.tensor1d([...std])),
    backward: ([dy]) => [() => tf.div(dy!, tf.tensor1d([...std]))],
  });
}

// ---------------------------------------------------------------------------------------------
// Head

/** AdaptiveAvgPool2d(1) + flatten: [N,H,W,C] -> [N,C]. */
export function globalAvgPool(x: tf.Tensor4D): tf.Tensor2D {
  const [n, h, w, c] = x.shape;
  return runSingleOutput<tf.Tensor2D>({
    name: 'fgsm_global_avg_pool',
    inputs: [x],
    forward: () => tf.mean(x, [1, 2]),
    // Broadcast by adding to zeros: wasm's Tile (tf.broadcastTo) is ~50x slower.
    backward: ([dy]) => [() => tf.add(tf.zeros([n, h, w, c]), tf.reshape(tf.div(dy!, h * w), [n, 1, 1, c]))],
  });
}

/** PyTorch Linear with weight in tfjs layout [in, out] (caller transposes [out,in] once) and optional bias [out]. */
export function linear(x: tf.Tensor2D, weightInOut: tf.Tensor2D, bias?: tf.Tensor1D): tf.Tensor2D {
  const [inFeatures, outFeatures] = weightInOut.shape;
  if (x.shape[1] !== inFeatures) throw new Error(`linear: input has ${x.shape[1]} features, weight expects ${inFeatures}`);
  if (bias && (bias.rank !== 1 || bias.shape[0] !== outFeatures)) throw new Error(`linear: bias shape [${bias.shape}] != [${outFeatures}]`);
  return runSingleOutput<tf.Tensor2D>({
    name: 'fgsm_linear',
    inputs: bias ? [x, weightInOut, bias] : [x, weightInOut],
    forward: (save) => {
      save([x, weightInOut]);
      const product = tf.matMul(x, weightInOut);
      return bias ? tf.add(product, bias) : product;
    },
    // Explicit transposes: wasm MatMul with transposeA/transposeB is ~10x slower.
    backward: ([dy], [sx, sWeight]) => [
      () => tf.matMul(dy as tf.Tensor2D, tf.transpose(sWeight!) as tf.Tensor2D),
      () => tf.matMul(tf.transpose(sx!) as tf.Tensor2D, dy as tf.Tensor2D),
      ...(bias ? [() => tf.sum(dy!, 0)] : []),
    ],
  });
}

function checkLabels(labels: tf.Tensor1D, batch: number, classes: number): void {
  if (labels.dtype !== 'int32' || labels.rank !== 1 || labels.shape[0] !== batch) {
    throw new Error(`crossEntropySum: labels must be int32 [${batch}], got ${labels.dtype} [${labels.shape}]`);
  }
  // PyTorch refuses out-of-range targets; oneHot would silently give a zero row.
  for (const label of labels.dataSync()) {
    if (label < 0 || label >= classes) throw new Error(`crossEntropySum: label ${label} outside 0..${classes - 1}`);
  }
}

/** Sum over the batch of per-sample cross-entropy of logits [N,K] with integer labels [N] (int32). Gradient = softmax - onehot. */
export function crossEntropySum(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  const [batch, classes] = logits.shape;
  checkLabels(labels, batch, classes);
  return runSingleOutput<tf.Scalar>({
    name: 'fgsm_cross_entropy_sum',
    inputs: [logits],
    forward: (save) => {
      const logProbs = tf.logSoftmax(logits); // x - max - log(sum(exp(x - max))), as PyTorch
      // int32 then Cast: wasm's OneHot writes int32 bits into a float32 tensor (1 reads as 1.4e-45).
      const oneHot = tf.cast(tf.oneHot(labels, classes), 'float32');
      save([logProbs, oneHot]);
      return tf.neg(tf.sum(tf.mul(logProbs, oneHot)));
    },
    backward: ([dy], [logProbs, oneHot]) => [() => tf.mul(tf.sub(tf.exp(logProbs!), oneHot!), dy!)],
  });
}

/** Sum over the batch of squared Euclidean distances ||e_n - r_n||^2 of embeddings [N,D] to constant references [N,D]. Gradient 2 (e - r). */
export function squaredDistanceSum(embeddings: tf.Tensor2D, references: tf.Tensor2D): tf.Scalar {
  if (!tf.util.arraysEqual(embeddings.shape, references.shape)) throw new Error(`squaredDistanceSum: shapes [${embeddings.shape}] and [${references.shape}] differ`);
  return runSingleOutput<tf.Scalar>({
    name: 'fgsm_squared_distance_sum',
    inputs: [embeddings],
    forward: (save) => {
      const difference = tf.sub(embeddings, references);
      save([difference]);
      return tf.sum(tf.square(difference));
    },
    backward: ([dy], [difference]) => [() => tf.mul(tf.mul(difference!, 2), dy!)],
  });
}
