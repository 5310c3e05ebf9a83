/**
 * The results document of one model (results_<model>.json, or robustness_<model>.json for the
 * robustness study): one schema for every study. Sanity checks and warnings come FIRST, before any
 * number, so nobody reads the accuracies without seeing whether the study can be trusted; then the
 * framing (who dodges, who impersonates whom), the model, the configuration, the test images, and
 * a section per attack: its per-epsilon table in the original's columns (with the kept examples,
 * named), and every metric with its Wilson interval. Everything needed to trust, reproduce and
 * re-plot the study.
 */
import type { FaceEntry, SkippedImage } from '../data/dataset.js';
import type { AttackExamples } from '../eval/examples.js';
import type { AttackEpsilonMetrics } from '../eval/attack-metrics.js';
import type { SanityCheck } from '../eval/sanity.js';
import type { AdversarialExample, AttackScope, AttackStudyResults, AttackSummary } from '../eval/study.js';
import { originalRuleRow } from '../eval/sweep.js';
import { attackRole, ROLE_TEXT, type AttackRole } from '../figures/robustness-format.js';
import type { ModelSpec } from '../models/graph.js';
import type { TrainingInfo } from '../weights/format.js';
import type { TestSet, TestSetSource } from '../study/test-set.js';
import { displayPath } from '../core/display-path.js';
import type { RunManifest } from '../study/manifest.js';

export const RESULTS_KIND = 'fgsm-faces-results';
export const RESULTS_VERSION = 2;

/** The per-epsilon table in the original notebook's columns, in this order (the facade's table shows them). */
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

/** One attack's section: what it is, its table, and every metric per epsilon (epsilons ascending). */
export interface AttackSection extends Omit<AttackSummary, 'results' | 'seconds'> {
  readonly role: AttackRole;
  readonly meaning: string;
  /** Per epsilon: the original's columns, the examples kept (named), and every metric. */
  readonly epsilons: readonly (EpsilonRow & { readonly examples: readonly NamedExample[]; readonly metrics: AttackEpsilonMetrics })[];
}

/** Which images were attacked. */
export interface TestSetSection {
  readonly source: TestSetSource;
  readonly splitFile: string | null;
  readonly available: number;
  readonly attacked: number;
  /** Files in attack order: `sampleIndex` i is files[i]. Skipped images are not in it. */
  readonly files: readonly string[];
}

export interface ResultsDocument {
  readonly kind: typeof RESULTS_KIND;
  readonly version: typeof RESULTS_VERSION;
  /** Checked during the study; `ok` false = look at `checks` before trusting any number below. */
  readonly sanity: { readonly ok: boolean; readonly checks: readonly SanityCheck[] };
  readonly warnings: readonly string[];
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
  /** Dodging = untargeted (escape your own identity); impersonation = targeted (be recognised as the target). */
  readonly framing: {
    readonly attacks: readonly { readonly name: string; readonly role: AttackRole; readonly meaning: string }[];
    readonly target: { readonly label: number; readonly name: string } | null;
  };
  readonly config: StudyConfigSection;
  readonly testSet: TestSetSection;
  readonly classNames: readonly string[];
  readonly engine: { readonly engine: string; readonly backend: string };
  /** Every time in one place (the rest of the document is the same from run to run). */
  readonly timings: { readonly loadSeconds: number; readonly studySeconds: number; readonly totalSeconds: number; readonly attackSeconds: Readonly<Record<string, number>> };
  /** Before any attack. */
  readonly summary: { readonly total: number; readonly initiallyCorrect: number; readonly cleanAccuracy: number };
  readonly clean: AttackStudyResults['clean'];
  readonly attacks: readonly AttackSection[];
  /** The faces of the same-faces grid and the slider, with the top-3 answers per epsilon. */
  readonly sameFaces: {
    readonly attack: string;
    readonly files: readonly string[];
    readonly perEpsilon: readonly { readonly epsilon: number; readonly faces: readonly { readonly trueName: string; readonly top3: readonly { readonly name: string; readonly probability: number }[] }[] }[];
  } | null;
  readonly skipped: readonly SkippedImage[];
  readonly notes: readonly string[];
  /** The other files written for this model, next to this one. */
  readonly files: readonly string[];
  /** What the result was made from and with: hashes, versions, machine, command. */
  readonly manifest: RunManifest;
}

export interface StudyConfigSection {
  readonly data: string;
  readonly attacks: readonly string[];
  readonly epsilons: readonly number[];
  readonly epsilonsText: readonly string[];
  readonly scope: AttackScope;
  readonly steps: number;
  /** null: 2.5 * epsilon / steps. */
  readonly stepSize: number | null;
  readonly restarts: number;
  readonly labels: 'true' | 'predicted';
  readonly quantise: boolean;
  readonly ssim: boolean;
  readonly seed: number;
  readonly limit: number | null;
  readonly batchSize: number;
  readonly maxExamples: number;
  /** Faces of the same-faces grid. */
  readonly examples: number;
}

export interface ResultsInput {
  readonly label: string;
  readonly weights: string;
  readonly format: 'pth' | 'fgsm-faces';
  readonly spec: ModelSpec;
  readonly training?: TrainingInfo;
  readonly results: AttackStudyResults;
  readonly target: number | undefined;
  readonly classNames: readonly string[];
  /** The images in the order the study saw them (skipped ones left out). */
  readonly attacked: readonly FaceEntry[];
  readonly skipped: readonly SkippedImage[];
  readonly testSet: TestSet;
  readonly config: StudyConfigSection;
  readonly sameFaces?: { readonly data: AttackExamples; readonly entries: readonly FaceEntry[] };
  readonly backend: string;
  readonly loadSeconds: number;
  readonly totalSeconds: number;
  readonly notes: readonly string[];
  /** Warnings of the run (e.g. results of other weights replaced), after the study's own. */
  readonly warnings: readonly string[];
  readonly files: readonly string[];
  readonly manifest: RunManifest;
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

/** One epsilon in the original's columns (see originalRuleRow). */
export function epsilonRow(metrics: AttackEpsilonMetrics, initiallyCorrect: number): EpsilonRow {
  const row = originalRuleRow(metrics, initiallyCorrect);
  return Object.fromEntries(EPSILON_COLUMNS.map((column) => [column, row[column]])) as EpsilonRow;
}

export function buildResultsDocument(input: ResultsInput): ResultsDocument {
  const { results } = input;
  const name = (label: number) => input.classNames[label] ?? `class ${label}`;
  const named = (x: AdversarialExample): NamedExample => ({
    sampleIndex: x.sampleIndex,
    file: input.attacked[x.sampleIndex]?.file ?? '?',
    trueLabel: x.trueLabel,
    trueName: name(x.trueLabel),
    initialPrediction: x.initialPrediction,
    initialName: name(x.initialPrediction),
    finalPrediction: x.finalPrediction,
    finalName: name(x.finalPrediction),
    finalConfidence: x.finalConfidence,
  });
  const initiallyCorrect = results.clean.accuracy.count;
  const meaning = (attack: Pick<AttackSummary, 'kind' | 'targeted'>) => (attack.targeted && input.target !== undefined ? `${ROLE_TEXT.impersonation}: every face pushed to be recognised as ${name(input.target)}` : ROLE_TEXT[attackRole(attack)]);
  const sameFaces = input.sameFaces;
  return {
    kind: RESULTS_KIND,
    version: RESULTS_VERSION,
    sanity: { ok: results.sanity.every((c) => c.ok), checks: results.sanity },
    warnings: [...new Set([...results.warnings, ...input.warnings])],
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
    framing: {
      attacks: results.attacks.map((a) => ({ name: a.name, role: attackRole(a), meaning: meaning(a) })),
      target: input.target === undefined ? null : { label: input.target, name: name(input.target) },
    },
    config: input.config,
    testSet: testSetSection(input.testSet, input.attacked),
    classNames: input.classNames,
    engine: { engine: results.engine, backend: input.backend },
    timings: { loadSeconds: input.loadSeconds, studySeconds: results.seconds, totalSeconds: input.totalSeconds, attackSeconds: Object.fromEntries(results.attacks.map((a) => [a.name, a.seconds])) },
    summary: { total: results.total, initiallyCorrect, cleanAccuracy: initiallyCorrect / results.total },
    clean: results.clean,
    attacks: results.attacks.map(({ results: perEpsilon, seconds: _seconds, ...attack }, a) => ({
      ...attack,
      role: attackRole(attack),
      meaning: meaning(attack),
      epsilons: perEpsilon.map((metrics, e) => ({
        ...epsilonRow(metrics, initiallyCorrect),
        examples: (results.examples?.[a]?.[e]?.records ?? []).map(named),
        metrics,
      })),
    })),
    sameFaces: sameFaces
      ? {
          attack: sameFaces.data.attack,
          files: sameFaces.entries.map((e) => e.file),
          perEpsilon: sameFaces.data.rows.map((row) => ({
            epsilon: row.epsilon,
            faces: row.top.map((top, f) => ({ trueName: name(sameFaces.data.labels[f]!), top3: top.map((p) => ({ name: name(p.label), probability: p.probability })) })),
          })),
        }
      : null,
    skipped: input.skipped,
    notes: input.notes,
    files: input.files,
    manifest: input.manifest,
  };
}
