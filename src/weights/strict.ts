/**
 * Fits a tensor map to a model like PyTorch's `load_state_dict(strict=True)`: every parameter
 * present with the right shape, nothing unexpected. When it does not fit, ONE error lists all the
 * problems and guesses which zoo model the weights belong to.
 */
import type { ArchitectureName, ModelSpec, NetworkSpec } from '../models/graph.js';
import { parameterShapes } from '../models/graph.js';
import { ARCHITECTURES, buildModelSpec } from '../models/zoo.js';
import { shapeToString, type ParamsMap } from '../tensor.js';
import { WeightsError, listSome } from './errors.js';

export interface MatchOptions {
  /** Default true: any missing, unexpected or mis-shaped tensor is an error. */
  strict?: boolean;
  /** Names the weights in messages, e.g. the file path. */
  source?: string;
  /**
   * Non-strict mode: told what was skipped or left missing, one line each. Without it the
   * lines go to console.warn, so a partial load is never silent.
   */
  onNote?: (note: string) => void;
}

/** BatchNorm's step counter: saved by PyTorch, never used for inference. */
function isIgnorable(name: string): boolean {
  return name === 'num_batches_tracked' || name.endsWith('.num_batches_tracked');
}

interface Comparison {
  missing: string[];
  unexpected: string[];
  /** `name: file [..], model [..]` */
  mismatched: string[];
  /** Present in both with the same shape. */
  matching: string[];
}

function compare(expected: Map<string, number[]>, tensors: ParamsMap): Comparison {
  const result: Comparison = { missing: [], unexpected: [], mismatched: [], matching: [] };
  for (const [name, shape] of expected) {
    const tensor = tensors.get(name);
    if (!tensor) result.missing.push(name);
    else if (shapeToString(tensor.shape) !== shapeToString(shape)) result.mismatched.push(`${name}: file ${shapeToString(tensor.shape)}, model ${shapeToString(shape)}`);
    else result.matching.push(name);
  }
  for (const name of tensors.keys()) if (!expected.has(name) && !isIgnorable(name)) result.unexpected.push(name);
  return result;
}

function fits(c: Comparison): boolean {
  return c.missing.length === 0 && c.unexpected.length === 0 && c.mismatched.length === 0;
}

export interface WeightsIdentity {
  architecture: ArchitectureName;
  numClasses: number;
}

/** Which zoo model these tensors fit exactly (class count read from `fc.weight`), if any. */
export function inspectWeights(tensors: ParamsMap): WeightsIdentity | undefined {
  const numClasses = tensors.get('fc.weight')?.shape[0];
  if (numClasses === undefined) return undefined;
  for (const architecture of ARCHITECTURES) {
    let spec: ModelSpec;
    try {
      spec = buildModelSpec(architecture, { numClasses });
    } catch {
      return undefined; // e.g. a 1-class head, which no zoo model accepts
    }
    if (fits(compare(parameterShapes(spec), tensors))) return { architecture, numClasses };
  }
  return undefined;
}

function guess(spec: ModelSpec, tensors: ParamsMap): string {
  const identity = inspectWeights(tensors);
  if (!identity) return `No zoo architecture (${ARCHITECTURES.join(', ')}) matches these weights with any class count.`;
  if (identity.architecture === spec.architecture) {
    return `These weights are ${identity.architecture} with ${identity.numClasses} classes, not ${spec.numClasses}: set numClasses to ${identity.numClasses}.`;
  }
  const classes = identity.numClasses === spec.numClasses ? '' : ` and numClasses ${identity.numClasses}`;
  return `These weights look like ${identity.architecture} with ${identity.numClasses} classes: use model "${identity.architecture}"${classes}.`;
}

function describeProblems(c: Comparison): string[] {
  const lines: string[] = [];
  if (c.missing.length) lines.push(`  missing (${c.missing.length}): ${listSome(c.missing)}`);
  if (c.unexpected.length) lines.push(`  unexpected (${c.unexpected.length}): ${listSome(c.unexpected)}`);
  if (c.mismatched.length) lines.push(`  wrong shape (${c.mismatched.length}): ${listSome(c.mismatched, 4, '; ')}`);
  return lines;
}

function isClassifier(spec: NetworkSpec): spec is ModelSpec {
  return 'numClasses' in spec;
}

/** Throws naming the first tensor that holds NaN or Infinity. */
export function checkFinite(tensors: ParamsMap, source = 'weights'): void {
  for (const [name, t] of tensors) {
    const data = t.data;
    for (let i = 0; i < data.length; i++) {
      if (Number.isFinite(data[i]!)) continue;
      let nan = 0;
      let inf = 0;
      for (let j = i; j < data.length; j++) {
        if (Number.isNaN(data[j]!)) nan++;
        else if (!Number.isFinite(data[j]!)) inf++;
      }
      throw new WeightsError(
        'non-finite',
        source,
        `tensor "${name}" contains ${nan} NaN and ${inf} infinite values (first at index ${i}): the weights are corrupted or training diverged. Use an earlier checkpoint.`,
      );
    }
  }
}

/**
 * The params the model needs, in its order, taken from `tensors` (no copies). Strict by default.
 * Non-strict loads the intersection and reports the rest through `onNote`.
 */
export function matchParams(spec: NetworkSpec, tensors: ParamsMap, options: MatchOptions = {}): ParamsMap {
  const source = options.source ?? 'weights';
  const expected = parameterShapes(spec);
  const comparison = compare(expected, tensors);
  const classifier = isClassifier(spec) ? spec : undefined;
  const target = classifier ? `${classifier.architecture} with ${classifier.numClasses} classes` : spec.architecture;
  if (options.strict ?? true) {
    if (!fits(comparison)) {
      const hint = classifier ? [guess(classifier, tensors)] : [];
      throw new WeightsError('mismatch', source, [`these weights do not fit ${target}:`, ...describeProblems(comparison), ...hint].join('\n'));
    }
  } else if (!fits(comparison)) {
    const note = options.onNote ?? ((line: string) => console.warn(`${source}: ${line}`));
    note(`loaded ${comparison.matching.length} of ${expected.size} parameters of ${target}; not loaded:`);
    for (const line of describeProblems(comparison)) note(line.trim());
  }
  const params: ParamsMap = new Map();
  for (const name of comparison.matching) params.set(name, tensors.get(name)!);
  checkFinite(params, source);
  return params;
}
