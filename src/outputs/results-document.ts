/**
 * The results_<model>.json document: everything needed to trust, reproduce and re-plot one
 * model's sweep. Examples carry file and person names, not only indices.
 */
import type { FaceEntry, SkippedImage } from '../data/dataset.js';
import type { EpsilonResult, SweepOutput } from '../eval/sweep.js';
import type { ModelSpec } from '../models/graph.js';
import type { TrainingInfo } from '../weights/format.js';
import type { TestSet, TestSetSource } from '../study/test-set.js';
import { displayPath } from '../core/display-path.js';
import type { RunManifest } from '../study/manifest.js';

export const RESULTS_KIND = 'fgsm-faces-study-results';
export const RESULTS_VERSION = 1;

/** The per-epsilon table: the same columns, in this order, in the JSON and the CSV. */
export const EPSILON_COLUMNS = ['epsilon', 'correct', 'total', 'accuracy', 'attackSuccessRate', 'meanLinf', 'meanL2', 'meanTrueClassConfidence'] as const;
export type EpsilonRow = { readonly [K in (typeof EPSILON_COLUMNS)[number]]: number };

export interface NamedExample {
  /** Position in the attacked sequence (see `testSet.files`). */
  readonly sampleIndex: number;
  readonly file: string;
  readonly trueLabel: number;
  readonly trueName: string;
  readonly initialPrediction: number;
  readonly initialName: string;
  readonly finalPrediction: number;
  readonly finalName: string;
  /** Softmax probability of the final prediction on the adversarial image. */
  readonly finalConfidence: number;
}

export interface StudyResultsDocument {
  readonly kind: typeof RESULTS_KIND;
  readonly version: typeof RESULTS_VERSION;
  readonly createdAt: string;
  readonly model: {
    readonly label: string;
    readonly architecture: string;
    readonly weights: string;
    readonly format: 'pth' | 'fgsm-faces';
    readonly numClasses: number;
    readonly inputSize: number;
    readonly normalization: ModelSpec['normalization'];
    /** Training provenance from the weights' metadata (our format only). */
    readonly training?: TrainingInfo;
  };
  readonly config: {
    readonly data: string;
    readonly epsilons: readonly number[];
    readonly batchSize: number;
    readonly limit: number | null;
    readonly maxExamples: number;
  };
  readonly testSet: TestSetSection;
  readonly engine: { readonly engine: string; readonly backend: string };
  readonly timings: { readonly loadSeconds: number; readonly sweepSeconds: number; readonly totalSeconds: number };
  readonly classNames: readonly string[];
  readonly summary: { readonly total: number; readonly initiallyCorrect: number; readonly cleanAccuracy: number };
  readonly epsilons: readonly (EpsilonRow & { readonly examples: readonly NamedExample[] })[];
  readonly skipped: readonly SkippedImage[];
  readonly notes: readonly string[];
  /** The other files written for this model, next to this one. */
  readonly files: readonly string[];
  /** What the result was made from and with: hashes, versions, machine, command. */
  readonly manifest: RunManifest;
}

export interface ResultsInput {
  readonly label: string;
  readonly weights: string;
  readonly format: 'pth' | 'fgsm-faces';
  readonly spec: ModelSpec;
  readonly training?: TrainingInfo;
  readonly output: SweepOutput;
  readonly classNames: readonly string[];
  /** The images in the order the sweep saw them (skipped ones left out). */
  readonly attacked: readonly FaceEntry[];
  readonly skipped: readonly SkippedImage[];
  readonly testSet: TestSet;
  readonly config: StudyResultsDocument['config'];
  readonly backend: string;
  readonly loadSeconds: number;
  readonly totalSeconds: number;
  readonly notes: readonly string[];
  readonly files: readonly string[];
  readonly manifest: RunManifest;
}

/** Which images were attacked, as every results document records it. */
export interface TestSetSection {
  readonly source: TestSetSource;
  readonly splitFile: string | null;
  readonly available: number;
  readonly attacked: number;
  /** Files in attack order: `sampleIndex` i is files[i]. Skipped images are not in it. */
  readonly files: readonly string[];
}

export function testSetSection(testSet: TestSet, attacked: readonly FaceEntry[]): TestSetSection {
  return {
    source: testSet.source,
    splitFile: testSet.splitFile ? displayPath(testSet.splitFile) : null,
    available: testSet.available,
    attacked: attacked.length,
    files: attacked.map((e) => e.file),
  };
}

export function epsilonRow(result: EpsilonResult): EpsilonRow {
  return Object.fromEntries(EPSILON_COLUMNS.map((column) => [column, result[column]])) as EpsilonRow;
}

export function buildResultsDocument(input: ResultsInput): StudyResultsDocument {
  const { results } = input.output;
  const name = (label: number) => input.classNames[label] ?? `class ${label}`;
  return {
    kind: RESULTS_KIND,
    version: RESULTS_VERSION,
    createdAt: new Date().toISOString(),
    model: {
      label: input.label,
      architecture: input.spec.architecture,
      weights: displayPath(input.weights),
      format: input.format,
      numClasses: input.spec.numClasses,
      inputSize: input.spec.inputSize,
      normalization: input.spec.normalization,
      ...(input.training ? { training: input.training } : {}),
    },
    config: input.config,
    testSet: testSetSection(input.testSet, input.attacked),
    engine: { engine: results.engine, backend: input.backend },
    timings: { loadSeconds: input.loadSeconds, sweepSeconds: results.seconds, totalSeconds: input.totalSeconds },
    classNames: input.classNames,
    summary: { total: results.total, initiallyCorrect: results.initiallyCorrect, cleanAccuracy: results.cleanAccuracy },
    epsilons: results.epsilons.map((row) => ({
      ...epsilonRow(row),
      examples: row.examples.map((x) => ({
        sampleIndex: x.sampleIndex,
        file: input.attacked[x.sampleIndex]?.file ?? '?',
        trueLabel: x.trueLabel,
        trueName: name(x.trueLabel),
        initialPrediction: x.initialPrediction,
        initialName: name(x.initialPrediction),
        finalPrediction: x.finalPrediction,
        finalName: name(x.finalPrediction),
        finalConfidence: x.finalConfidence,
      })),
    })),
    skipped: input.skipped,
    notes: input.notes,
    files: input.files,
    manifest: input.manifest,
  };
}
