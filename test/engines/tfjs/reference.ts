/**
 * Float64 reference implementations (plain loops, NHWC, filters [k, k, in, out]) of the ops in
 * src/engines/tfjs/ops.ts, with the exact adjoints of conv and max pooling. Slow, obvious, small
 * inputs only: the oracle the tfjs ops are tested against.
 */

export interface Nhwc {
  readonly n: number;
  readonly h: number;
  readonly w: number;
  readonly c: number;
}

export function nhwcIndex(s: Nhwc, n: number, y: number, x: number, c: number): number {
  return ((n * s.h + y) * s.w + x) * s.c + c;
}

export function outSize(size: number, kernel: number, stride: number, padding: number): number {
  return Math.floor((size + 2 * padding - kernel) / stride) + 1;
}

export interface ConvGeometry {
  readonly input: Nhwc;
  readonly kernel: number;
  readonly outChannels: number;
  readonly stride: number;
  readonly padding: number;
}

export function convOutputShape(g: ConvGeometry): Nhwc {
  const { input, kernel, stride, padding } = g;
  return { n: input.n, h: outSize(input.h, kernel, stride, padding), w: outSize(input.w, kernel, stride, padding), c: g.outChannels };
}

/** Calls visit(outIndex, inIndex, filterIndex) for every multiply of the conv: forward and adjoints share it. */
function forEachConvTerm(g: ConvGeometry, visit: (outIndex: number, inIndex: number, filterIndex: number) => void): void {
  const { input, kernel: k, stride: s, padding: p, outChannels: oc } = g;
  const out = convOutputShape(g);
  for (let n = 0; n < input.n; n++)
    for (let oy = 0; oy < out.h; oy++)
      for (let ox = 0; ox < out.w; ox++)
        for (let i = 0; i < k; i++)
          for (let j = 0; j < k; j++) {
            const y = oy * s + i - p;
            const x = ox * s + j - p;
            if (y < 0 || y >= input.h || x < 0 || x >= input.w) continue;
            for (let c = 0; c < input.c; c++)
              for (let o = 0; o < oc; o++) visit(nhwcIndex(out, n, oy, ox, o), nhwcIndex(input, n, y, x, c), ((i * k + j) * input.c + c) * oc + o);
          }
}

export function conv2dReference(g: ConvGeometry, x: ArrayLike<number>, filter: ArrayLike<number>, bias?: ArrayLike<number>): Float64Array {
  const out = convOutputShape(g);
  const y = new Float64Array(out.n * out.h * out.w * out.c);
  forEachConvTerm(g, (o, i, f) => (y[o]! += x[i]! * filter[f]!));
  if (bias) for (let i = 0; i < y.length; i++) y[i]! += bias[i % out.c]!;
  return y;
}

export function conv2dReferenceGradients(
  g: ConvGeometry,
  x: ArrayLike<number>,
  filter: ArrayLike<number>,
  dy: ArrayLike<number>,
): { dx: Float64Array; dFilter: Float64Array; dBias: Float64Array } {
  const dx = new Float64Array(x.length);
  const dFilter = new Float64Array(filter.length);
  const dBias = new Float64Array(g.outChannels);
  forEachConvTerm(g, (o, i, f) => {
    dx[i]! += dy[o]! * filter[f]!;
    dFilter[f]! += dy[o]! * x[i]!;
  });
  for (let i = 0; i < dy.length; i++) dBias[i % g.outChannels]! += dy[i]!;
  return { dx, dFilter, dBias };
}

export interface PoolGeometry {
  readonly input: Nhwc;
  readonly kernel: number;
  readonly stride: number;
  readonly padding: number;
}

/**
 * Max pooling with -Infinity padding; also returns, per output, the input index of the FIRST
 * maximum in row-major window order (PyTorch updates its max only on strictly greater values).
 */
export function maxPoolReference(g: PoolGeometry, x: ArrayLike<number>): { y: Float64Array; argmax: Int32Array; shape: Nhwc } {
  const { input, kernel: k, stride: s, padding: p } = g;
  const shape: Nhwc = { n: input.n, h: outSize(input.h, k, s, p), w: outSize(input.w, k, s, p), c: input.c };
  const y = new Float64Array(shape.n * shape.h * shape.w * shape.c);
  const argmax = new Int32Array(y.length);
  for (let n = 0; n < shape.n; n++)
    for (let oy = 0; oy < shape.h; oy++)
      for (let ox = 0; ox < shape.w; ox++)
        for (let c = 0; c < shape.c; c++) {
          let best = -Infinity;
          let bestIndex = -1;
          for (let i = 0; i < k; i++)
            for (let j = 0; j < k; j++) {
              const yy = oy * s + i - p;
              const xx = ox * s + j - p;
              if (yy < 0 || yy >= input.h || xx < 0 || xx >= input.w) continue;
              const index = nhwcIndex(input, n, yy, xx, c);
              if (x[index]! > best || bestIndex < 0) {
                best = x[index]!;
                bestIndex = index;
              }
            }
          const o = nhwcIndex(shape, n, oy, ox, c);
          y[o] = best;
          argmax[o] = bestIndex;
        }
  return { y, argmax, shape };
}

export function maxPoolReferenceGradient(g: PoolGeometry, x: ArrayLike<number>, dy: ArrayLike<number>): Float64Array {
  const { argmax } = maxPoolReference(g, x);
  const dx = new Float64Array(x.length);
  argmax.forEach((index, o) => (dx[index]! += dy[o]!));
  return dx;
}

/** Per-channel affine of NHWC data: y = (x - mean) / sqrt(var + eps) * gamma + beta. */
export function batchNormReference(
  x: ArrayLike<number>,
  channels: number,
  gamma: ArrayLike<number>,
  beta: ArrayLike<number>,
  mean: ArrayLike<number>,
  variance: ArrayLike<number>,
  eps: number,
): Float64Array {
  return Float64Array.from({ length: x.length }, (_, i) => {
    const c = i % channels;
    return ((x[i]! - mean[c]!) / Math.sqrt(variance[c]! + eps)) * gamma[c]! + beta[c]!;
  });
}

export function channelStatistics(x: ArrayLike<number>, channels: number): { mean: Float64Array; variance: Float64Array; count: number } {
  const count = x.length / channels;
  const mean = new Float64Array(channels);
  const variance = new Float64Array(channels);
  for (let i = 0; i < x.length; i++) mean[i % channels]! += x[i]! / count;
  for (let i = 0; i < x.length; i++) variance[i % channels]! += (x[i]! - mean[i % channels]!) ** 2 / count;
  return { mean, variance, count };
}

export function globalAvgPoolReference(x: ArrayLike<number>, s: Nhwc): Float64Array {
  const y = new Float64Array(s.n * s.c);
  for (let i = 0; i < x.length; i++) {
    const c = i % s.c;
    const n = Math.floor(i / (s.h * s.w * s.c));
    y[n * s.c + c]! += x[i]! / (s.h * s.w);
  }
  return y;
}

export function linearReference(x: ArrayLike<number>, batch: number, weightInOut: ArrayLike<number>, inF: number, outF: number, bias: ArrayLike<number>): Float64Array {
  const y = new Float64Array(batch * outF);
  for (let n = 0; n < batch; n++)
    for (let o = 0; o < outF; o++) {
      let sum = bias[o]!;
      for (let i = 0; i < inF; i++) sum += x[n * inF + i]! * weightInOut[i * outF + o]!;
      y[n * outF + o] = sum;
    }
  return y;
}

export function crossEntropySumReference(logits: ArrayLike<number>, classes: number, labels: ArrayLike<number>): number {
  let loss = 0;
  for (let n = 0; n < labels.length; n++) {
    const row = Array.from({ length: classes }, (_, k) => logits[n * classes + k]!);
    const max = Math.max(...row);
    const logSumExp = max + Math.log(row.reduce((s, v) => s + Math.exp(v - max), 0));
    loss += logSumExp - row[labels[n]!]!;
  }
  return loss;
}

/**
 * Central differences of a float64 scalar function at every coordinate of `values` (or the given
 * ones): the gradient oracle for ops without a hand-written reference adjoint.
 */
export function finiteDifferenceGradient(f: (values: Float64Array) => number, values: ArrayLike<number>, eps = 1e-6, coordinates?: number[]): Float64Array {
  const point = Float64Array.from(values);
  const grad = new Float64Array(point.length);
  for (const i of coordinates ?? Array.from({ length: point.length }, (_, k) => k)) {
    const saved = point[i]!;
    point[i] = saved + eps;
    const up = f(point);
    point[i] = saved - eps;
    const down = f(point);
    point[i] = saved;
    grad[i] = (up - down) / (2 * eps);
  }
  return grad;
}

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}
