/**
 * The robustness study ("Beyond FGSM"), callable from the CLI or a notebook: for each model, the
 * attack study (dodging with FGSM/BIM/PGD, impersonation toward a target, the random-noise
 * baseline) over its test images, then the same few faces through the sweep, then the files.
 * Cheap checks (flags, models, data, target, output folder) come before any attack; files go to a
 * staging folder and appear in the results folder only when everything is written (run-folder.ts).
 */
import { join, relative } from 'node:path';
import type { FaceEntry, LabelledBatch } from '../data/dataset.js';
import { attackExamples, type AttackExamples } from '../eval/examples.js';
import { quantisationWarnings } from '../eval/quantise.js';
import { runAttackStudy, type AttackStudyResults } from '../eval/study.js';
import type { Attack } from '../attacks/types.js';
import { writeFileAtomically, writeJsonAtomically } from '../core/atomic-write.js';
import { driveStudy, type ModelResult, type ModelRun, type RunHooks, type RunResult, type StudyStep } from './driver.js';
import { buildRobustnessDocument, type RobustnessDocument } from '../outputs/robustness-document.js';
import { robustnessCsv } from '../outputs/robustness-csv.js';
import { featuredAttack, openRobustnessFigures, type RobustnessFigureWriter } from '../outputs/robustness-figures.js';
import { buildAttacks, resolveRobustnessSettings, resolveTarget, type RobustnessConfig, type RobustnessSettings } from './robustness-settings.js';
import { spreadLimit } from './test-set.js';

export type { RobustnessConfig } from './robustness-settings.js';

export interface ModelRobustness extends ModelResult {
  /** What robustness_<label>.json holds. */
  readonly document: RobustnessDocument;
}

export type RobustnessOutcome = RunResult<ModelRobustness>;

export async function runRobustness(config: RobustnessConfig = {}, hooks: RunHooks = {}): Promise<RobustnessOutcome> {
  const settings = resolveRobustnessSettings(config);
  for (const w of [...settings.epsilonNotes, ...quantisationWarnings(settings.epsilons)]) (hooks.warn ?? console.warn)(w);
  const outcome = await driveStudy(settings, attackStudyStep(settings), hooks, config.signal);
  return { outDir: outcome.outDir, models: outcome.models.map((m) => ({ label: m.label, document: m.output, files: m.files })) };
}

interface Evaluated {
  readonly results: AttackStudyResults;
  readonly target?: number;
  /** The same few faces under the featured attack at every epsilon (none with --examples 0). */
  readonly examples?: { readonly data: AttackExamples; readonly entries: readonly FaceEntry[] };
}

/** Beyond FGSM: the attack study (dodging, impersonation, noise) per model, then the same few faces, robustness_<label>.* files. */
function attackStudyStep(settings: RobustnessSettings): StudyStep<RobustnessFigureWriter, Evaluated, RobustnessDocument> {
  const targetOf = (classNames: readonly string[], numClasses: number) => (settings.target === undefined ? undefined : resolveTarget(settings.target, classNames, numClasses));
  return {
    what: 'attack study',
    attackNames: (model, classNames) => buildAttacks(settings, targetOf(classNames, model.metadata?.numClasses ?? classNames.length)).map((a) => a.name),
    // A bad target is refused before any model is loaded (names known from the metadata or the data).
    check: (model, classNames) => void targetOf(classNames, model.metadata?.numClasses ?? classNames.length),
    openFigures: (options) => openRobustnessFigures(options),
    async evaluate(run: ModelRun) {
      const target = targetOf(run.classNames, run.loaded.spec.numClasses);
      const attacks = buildAttacks(settings, target);
      const results = await runAttackStudy(run.loaded.classifier, run.batches, {
        attacks,
        epsilons: settings.epsilons,
        labels: settings.labels,
        quantise: settings.quantise,
        seed: settings.seed,
        ssim: settings.ssim,
        onBatch: run.progress,
      });
      return { results: { ...results, model: run.label }, target, examples: await sameFaces(run, results, attacks) };
    },
    async write(model, { stage, figures, manifest: manifestFor }) {
      const { label, evaluated: { results, target, examples } } = model;
      const jsonName = `robustness_${label}.json`;
      const { manifest, replaced } = await manifestFor(jsonName);
      const csvPath = join(stage, `robustness_${label}.csv`);
      await writeFileAtomically(csvPath, robustnessCsv(results));
      const figureFiles = await figures.write({ label, results, classNames: model.classNames, examples: examples?.data, dir: stage });
      const files = [csvPath, ...figureFiles];
      const document = buildRobustnessDocument({
        label,
        weights: model.model.path,
        format: model.format,
        spec: model.spec,
        settings,
        dataRoot: model.dataRoot,
        batchSize: model.batchSize,
        target,
        classNames: model.classNames,
        testSet: model.testSet,
        attacked: model.attacked,
        skipped: [...model.skipped],
        results,
        examples,
        loadSeconds: model.loadSeconds,
        totalSeconds: model.totalSeconds,
        notes: model.notes,
        warnings: replaced ? [replaced] : [],
        files: files.map((f) => relative(stage, f)),
        manifest,
      });
      const jsonPath = join(stage, jsonName);
      await writeJsonAtomically(jsonPath, document);
      return { output: document, files: [...files, jsonPath] };
    },
  };

  /** The first `settings.examples` faces spread over the people, attacked by the featured attack at every epsilon. */
  async function sameFaces(run: ModelRun, results: AttackStudyResults, attacks: readonly Attack[]): Promise<{ data: AttackExamples; entries: readonly FaceEntry[] } | undefined> {
    if (settings.examples === 0) return undefined;
    const featured = featuredAttack(results.attacks);
    const attack = attacks.find((a) => a.name === featured?.name);
    if (!attack) return undefined;
    const chosen = spreadLimit(run.testSet.entries, settings.examples);
    let batch: LabelledBatch | undefined;
    for await (const b of run.dataset.batches(chosen, { batchSize: chosen.length, inputSize: run.loaded.spec.inputSize, readImage: run.readImage })) batch = b;
    if (!batch) return undefined;
    const data = await attackExamples(run.loaded.classifier, batch.batch, batch.labels, attack.with({ labels: settings.labels, seed: settings.seed }), settings.epsilons);
    return { data, entries: batch.entries };
  }
}
