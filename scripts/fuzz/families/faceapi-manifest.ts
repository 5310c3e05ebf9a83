/**
 * face-api model files (tfjs weights manifest + .bin): the recognizer's real manifest with crafted
 * damage (wrong shapes, missing or extra tensors, names escaping the folder, bad quantization,
 * truncated or oversized .bin) and generated mutations (fields changed, entries dropped, moved or
 * duplicated, JSON bytes mangled, .bin cut or grown). An accepted load must give exactly the
 * spec's params, every value finite; a refusal must be a WeightsError naming the manifest.
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { faceApiRecognizer, parameterShapes } from '../../../src/models/index.js';
import { FACEAPI_RECOGNIZER_MANIFEST, WeightsError, faceApiModelFolder, loadFaceApiParams } from '../../../src/weights/index.js';
import { describeError, inputSeed, type Family, type FuzzInput, type RunResult } from '../types.js';

const BIN = 'face_recognition_model.bin';
type Group = { paths: unknown; weights: Array<Record<string, unknown>> };

function original(): Group[] {
  return JSON.parse(readFileSync(join(faceApiModelFolder(), FACEAPI_RECOGNIZER_MANIFEST), 'utf8')) as Group[];
}

/** What to do to the pristine files: edit the parsed manifest, replace its text, or change the .bin's length. */
interface Damage {
  readonly edit?: (groups: Group[]) => void;
  readonly text?: (json: string) => string;
  /** Bytes to add (> 0) or cut (< 0) at the end of the .bin. */
  readonly binDelta?: number;
}

const CRAFTED: [string, Damage][] = [
  ['pristine', {}],
  ['wrong conv shape', { edit: (g) => void (g[0]!.weights[0]!.shape = [5, 5, 3, 32]) }],
  ['transposed fc', { edit: (g) => void (g[0]!.weights.at(-1)!.shape = [128, 256]) }],
  ['missing fc', { edit: (g) => void g[0]!.weights.pop(), binDelta: -256 * 128 }],
  ['extra tensor', { edit: (g) => void g[0]!.weights.push({ name: 'extra', shape: [4], dtype: 'float32' }), binDelta: 16 }],
  ['path escapes', { edit: (g) => void (g[0]!.paths = ['../../../etc/passwd']) }],
  ['absolute path', { edit: (g) => void (g[0]!.paths = ['/etc/passwd']) }],
  ['empty paths', { edit: (g) => void (g[0]!.paths = []) }],
  ['dot path', { edit: (g) => void (g[0]!.paths = ['.']) }],
  ['truncated bin', { binDelta: -1000 }],
  ['oversized bin', { binDelta: 4096 }],
  ['huge shape', { edit: (g) => void (g[0]!.weights[1]!.shape = [2 ** 31, 2 ** 20]) }],
  ['negative shape', { edit: (g) => void (g[0]!.weights[1]!.shape = [-32]) }],
  ['fractional shape', { edit: (g) => void (g[0]!.weights[1]!.shape = [31.5]) }],
  ['scale NaN', { edit: (g) => void (g[0]!.weights[1]!.quantization = { dtype: 'uint8', scale: 'NaN', min: 0 }) }],
  ['int4 quantization', { edit: (g) => void (g[0]!.weights[1]!.quantization = { dtype: 'int4', scale: 1, min: 0 }) }],
  ['float64 dtype', { edit: (g) => void (g[0]!.weights[1]!.dtype = 'float64') }],
  ['duplicate name', { edit: (g) => void (g[0]!.weights[1]!.name = g[0]!.weights[0]!.name) }],
  ['nameless weight', { edit: (g) => void delete g[0]!.weights[1]!.name }],
  ['infinite scale', { edit: (g) => void (g[0]!.weights[1]!.quantization = { dtype: 'uint8', scale: 1e308, min: 1e308 }) }],
  ['not an array', { text: () => '{"weights": []}' }],
  ['empty array', { text: () => '[]' }],
  ['truncated JSON', { text: (json) => json.slice(0, json.length >> 1) }],
  ['JSON null', { text: () => 'null' }],
  ['prototype keys', { text: () => '[{"__proto__": {"paths": ["x"]}, "paths": ["face_recognition_model.bin"], "weights": [{"name": "__proto__", "shape": [1], "dtype": "float32"}]}]' }],
];

const mutation = fc.record({
  kind: fc.constantFrom('shape', 'name', 'dtype', 'quantization', 'drop', 'duplicate', 'swap', 'bytes', 'bin'),
  at: fc.nat(),
  other: fc.nat(),
  value: fc.oneof(fc.integer({ min: -3, max: 600 }), fc.double(), fc.string({ maxLength: 12 }), fc.constant(null)),
  delta: fc.integer({ min: -5000, max: 5000 }),
});
const plan = fc.array(mutation, { minLength: 1, maxLength: 3 });

type Step = { kind: string; at: number; other: number; value: unknown; delta: number };

function mutate(steps: readonly Step[]): Damage {
  let binDelta = 0;
  const textSteps: Array<(json: string) => string> = [];
  const edits: Array<(groups: Group[]) => void> = [];
  for (const step of steps) {
    const pick = (g: Group[]) => g[0]!.weights[step.at % g[0]!.weights.length]!;
    switch (step.kind) {
      case 'shape':
        edits.push((g) => {
          const w = pick(g);
          const shape = [...(w.shape as number[])];
          shape[step.other % Math.max(1, shape.length)] = step.value as number;
          w.shape = shape;
        });
        break;
      case 'name':
        edits.push((g) => void (pick(g).name = typeof step.value === 'string' ? step.value : `x${step.other}`));
        break;
      case 'dtype':
        edits.push((g) => void (pick(g).dtype = step.value));
        break;
      case 'quantization':
        edits.push((g) => void (pick(g).quantization = { dtype: step.other % 2 ? 'uint16' : 'uint8', scale: step.value, min: step.delta }));
        break;
      case 'drop':
        edits.push((g) => void g[0]!.weights.splice(step.at % g[0]!.weights.length, 1));
        break;
      case 'duplicate':
        edits.push((g) => void g[0]!.weights.splice(step.other % g[0]!.weights.length, 0, { ...pick(g) }));
        break;
      case 'swap':
        edits.push((g) => {
          const w = g[0]!.weights;
          const [a, b] = [step.at % w.length, step.other % w.length];
          [w[a], w[b]] = [w[b]!, w[a]!];
        });
        break;
      case 'bytes':
        textSteps.push((json) => {
          const at = step.at % Math.max(1, json.length);
          return json.slice(0, at) + String(step.value ?? '') + json.slice(at + (step.other % 4));
        });
        break;
      case 'bin':
        binDelta += step.delta;
        break;
    }
  }
  return { edit: (g) => edits.forEach((e) => e(g)), text: textSteps.length ? (json) => textSteps.reduce((t, f) => f(t), json) : undefined, binDelta };
}

export const faceApiManifestFamily: Family = {
  name: 'faceapi-manifest',
  setup: (ctx) => copyFileSync(join(faceApiModelFolder(), BIN), join(ctx.workDir, 'pristine.bin')),
  crafted: () => CRAFTED.length,
  input(seed, index): FuzzInput {
    if (index < CRAFTED.length) return { label: `crafted:${CRAFTED[index]![0]}`, data: index };
    return { label: 'generated', data: fc.sample(plan, { seed: inputSeed(seed, index), numRuns: 1 })[0]! };
  },
  async run(input, ctx): Promise<RunResult> {
    const damage = typeof input.data === 'number' ? CRAFTED[input.data]![1] : mutate(input.data as Step[]);
    const groups = original();
    damage.edit?.(groups);
    const json = JSON.stringify(groups);
    const manifest = join(ctx.workDir, 'model.json');
    writeFileSync(manifest, damage.text ? damage.text(json) : json);
    const bin = readFileSync(join(ctx.workDir, 'pristine.bin'));
    const delta = damage.binDelta ?? 0;
    writeFileSync(join(ctx.workDir, BIN), delta >= 0 ? Buffer.concat([bin, Buffer.alloc(delta, 7)]) : bin.subarray(0, Math.max(0, bin.length + delta)));
    const spec = faceApiRecognizer();
    try {
      const params = await loadFaceApiParams(spec, manifest);
      const shapes = parameterShapes(spec);
      if (params.size !== shapes.size) return { outcome: 'crash', detail: `accepted ${params.size} params, the spec has ${shapes.size}` };
      for (const [name, shape] of shapes) {
        const t = params.get(name);
        if (!t || t.shape.join() !== shape.join()) return { outcome: 'crash', detail: `accepted but ${name} is ${t ? `[${t.shape}]` : 'missing'}` };
        if (t.data.some((v) => !Number.isFinite(v))) return { outcome: 'crash', detail: `accepted ${name} with non-finite values` };
      }
      return { outcome: 'accepted' };
    } catch (error) {
      const folded = error instanceof Error ? error.message.split('\n').map((l) => l.trim()).join(' ') : '';
      if (error instanceof WeightsError && folded.includes(manifest) && folded.length < 2000) return { outcome: 'clear' };
      return { outcome: 'crash', detail: describeError(error) };
    }
  },
};
