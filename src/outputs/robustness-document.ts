/**
 * The robustness_<label>.json document. Sanity checks and warnings come FIRST, before any number,
 * so nobody reads the accuracies without seeing whether the study can be trusted; then the
 * face-recognition framing (who dodges, who impersonates whom), the run's configuration, the
 * manifest, and the AttackStudyResults unchanged.
 */
import type { FaceEntry, SkippedImage } from '../data/dataset.js';
import type { AttackExamples } from '../eval/examples.js';
import type { SanityCheck } from '../eval/sanity.js';
import type { AttackStudyResults } from '../eval/study.js';
import { attackRole, ROLE_TEXT, type AttackRole } from '../figures/robustness-format.js';
import type { ModelSpec } from '../models/graph.js';
import { displayPath } from '../core/display-path.js';
import type { RunManifest } from '../study/manifest.js';
import { testSetSection, type TestSetSection } from './results-document.js';
import type { RobustnessSettings } from '../study/robustness-settings.js';
import type { TestSet } from '../study/test-set.js';

export const ROBUSTNESS_KIND = 'fgsm-faces-robustness-results';
export const ROBUSTNESS_VERSION = 1;

export interface RobustnessDocument {
  readonly kind: typeof ROBUSTNESS_KIND;
  readonly version: typeof ROBUSTNESS_VERSION;
  /** Checked during the study; `ok` false = look at `checks` before trusting any number below. */
  readonly sanity: { readonly ok: boolean; readonly checks: readonly SanityCheck[] };
  readonly warnings: readonly string[];
  readonly createdAt: string;
  readonly model: { readonly label: string; readonly architecture: string; readonly weights: string; readonly format: 'pth' | 'fgsm-faces'; readonly numClasses: number; readonly inputSize: number };
  /** Dodging = untargeted (escape your own identity); impersonation = targeted (be recognised as the target). */
  readonly framing: {
    readonly attacks: readonly { readonly name: string; readonly role: AttackRole; readonly meaning: string }[];
    readonly target: { readonly label: number; readonly name: string } | null;
  };
  readonly config: {
    readonly data: string;
    readonly attacks: readonly string[];
    readonly epsilons: readonly number[];
    readonly epsilonsText: readonly string[];
    readonly steps: number;
    /** null: 2.5 * epsilon / steps. */
    readonly stepSize: number | null;
    readonly restarts: number;
    readonly labels: 'true' | 'predicted';
    readonly quantise: boolean;
    readonly seed: number;
    readonly limit: number | null;
    readonly batchSize: number;
    readonly examples: number;
  };
  readonly testSet: TestSetSection;
  readonly classNames: readonly string[];
  /** The faces of the same-faces grid and the slider, with the top-3 answers per epsilon. */
  readonly examples: {
    readonly attack: string;
    readonly files: readonly string[];
    readonly perEpsilon: readonly { readonly epsilon: number; readonly faces: readonly { readonly trueName: string; readonly top3: readonly { readonly name: string; readonly probability: number }[] }[] }[];
  } | null;
  readonly timings: { readonly loadSeconds: number; readonly studySeconds: number; readonly totalSeconds: number };
  readonly skipped: readonly SkippedImage[];
  readonly notes: readonly string[];
  readonly files: readonly string[];
  readonly manifest: RunManifest;
  readonly results: AttackStudyResults;
}

export interface RobustnessDocumentInput {
  readonly label: string;
  readonly weights: string;
  readonly format: 'pth' | 'fgsm-faces';
  readonly spec: ModelSpec;
  readonly settings: RobustnessSettings;
  readonly dataRoot: string;
  readonly batchSize: number;
  readonly target: number | undefined;
  readonly classNames: readonly string[];
  readonly testSet: TestSet;
  readonly attacked: readonly FaceEntry[];
  readonly skipped: readonly SkippedImage[];
  readonly results: AttackStudyResults;
  readonly examples?: { readonly data: AttackExamples; readonly entries: readonly FaceEntry[] };
  readonly loadSeconds: number;
  readonly totalSeconds: number;
  readonly notes: readonly string[];
  readonly warnings: readonly string[];
  readonly files: readonly string[];
  readonly manifest: RunManifest;
}

export function buildRobustnessDocument(input: RobustnessDocumentInput): RobustnessDocument {
  const { results, settings } = input;
  const name = (label: number) => input.classNames[label] ?? `class ${label}`;
  return {
    kind: ROBUSTNESS_KIND,
    version: ROBUSTNESS_VERSION,
    sanity: { ok: results.sanity.every((c) => c.ok), checks: results.sanity },
    warnings: [...new Set([...results.warnings, ...input.warnings])],
    createdAt: new Date().toISOString(),
    model: { label: input.label, architecture: input.spec.architecture, weights: displayPath(input.weights), format: input.format, numClasses: input.spec.numClasses, inputSize: input.spec.inputSize },
    framing: {
      attacks: results.attacks.map((a) => ({ name: a.name, role: attackRole(a), meaning: a.targeted && input.target !== undefined ? `${ROLE_TEXT.impersonation}: every face pushed to be recognised as ${name(input.target)}` : ROLE_TEXT[attackRole(a)] })),
      target: input.target === undefined ? null : { label: input.target, name: name(input.target) },
    },
    config: {
      data: displayPath(input.dataRoot),
      attacks: settings.attacks,
      epsilons: settings.epsilons,
      epsilonsText: settings.epsilonsText,
      steps: settings.steps,
      stepSize: settings.stepSize ?? null,
      restarts: settings.restarts,
      labels: settings.labels,
      quantise: settings.quantise,
      seed: settings.seed,
      limit: settings.limit ?? null,
      batchSize: input.batchSize,
      examples: settings.examples,
    },
    testSet: testSetSection(input.testSet, input.attacked),
    classNames: input.classNames,
    examples: input.examples
      ? {
          attack: input.examples.data.attack,
          files: input.examples.entries.map((e) => e.file),
          perEpsilon: input.examples.data.rows.map((row) => ({
            epsilon: row.epsilon,
            faces: row.top.map((top, f) => ({ trueName: name(input.examples!.data.labels[f]!), top3: top.map((p) => ({ name: name(p.label), probability: p.probability })) })),
          })),
        }
      : null,
    timings: { loadSeconds: input.loadSeconds, studySeconds: results.seconds, totalSeconds: input.totalSeconds },
    skipped: input.skipped,
    notes: input.notes,
    files: input.files,
    manifest: input.manifest,
    results,
  };
}
