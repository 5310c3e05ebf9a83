/**
 * Study orchestration as a library (the CLI, the facade and the notebook call the same functions):
 * one driver (plan, evaluate, write into a results folder) and one study step, whatever the
 * attacks; settings described once in a schema. Training: src/train.
 */
export { runStudy, studyStep, type StudyConfig, type StudyOutcome, type ModelStudy, type StudyEvaluation } from './study.js';
export { study, type Study, type StudyRequest, type StudiedSweep, type StudyPlotKind } from './facade.js';
export { driveStudy, planStudy, evaluateStudy, writeStudy, type RunHooks, type ModelRun, type StudyStep, type RunOutcome, type EvaluatedModel, type StudyPlan, type WriteTarget } from './driver.js';
export { resolveRunSettings, RUN_SETTINGS, type RunConfig, type RunSettings } from './run-settings.js';
export { STUDY_SETTINGS, ROBUSTNESS_SETTINGS, ROBUSTNESS_EPSILONS, DEFAULT_STEPS, DEFAULT_RESTARTS, DEFAULT_SAME_FACES, DEFAULT_EXAMPLES_KEPT, type StudyReport } from './study-settings.js';
export { ATTACK_NAMES, ORIGINAL_ATTACKS, ROBUSTNESS_ATTACKS, parseAttackNames, resolveTarget, buildAttacks, type AttackName } from './attack-list.js';
export { checkSettings, type Setting, type Schema } from './settings-schema.js';
export { chooseModels, checkModelName, type ModelRequest, type ChosenModel } from './model-choice.js';
export { chooseTestSet, spreadLimit, recordedSplitFile, type TestSet, type TestSetSource } from './test-set.js';
export { checkClassNames } from './class-names.js';
export { readWeightsInfo, findBundledWeights, type WeightsInfo } from './weights-info.js';
export { ConfigError, AbortedError } from './errors.js';
export * from './defaults.js';
export { resolveStudySettings, type StudySettings } from './study-settings.js';
export { buildRunManifest, describeReplacedResults, packageVersions, type RunManifest } from './manifest.js';
export { cachingImageReader, type ReadResizedImage } from './image-cache.js';
export { reuseFrom, weightsFingerprint, type ReuseLookup, type ReusableModel } from './reuse.js';
export { ensureWritableDirectory } from './output-dir.js';
export { openRunFolder, type RunFolder } from './run-folder.js';
