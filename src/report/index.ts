/**
 * Study orchestration as a library (the CLI and the notebook call the same functions):
 * runStudy attacks models and writes their results (training lives in src/train).
 */
export { runStudy, sweepResultsOf, type StudyConfig, type StudyOutcome, type ModelStudy } from './study.js';
export { driveStudy, type RunHooks, type ModelRun, type StudyStep, type RunOutcome } from './driver.js';
export { resolveRunSettings, type RunConfig, type RunSettings } from './run-settings.js';
export { chooseModels, checkModelName, type ModelRequest, type ChosenModel } from './model-choice.js';
export { chooseTestSet, spreadLimit, recordedSplitFile, type TestSet, type TestSetSource } from './test-set.js';
export { checkClassNames } from './class-names.js';
export { readWeightsInfo, findBundledWeights, type WeightsInfo } from './weights-info.js';
export { buildResultsDocument, EPSILON_COLUMNS, type StudyResultsDocument, type EpsilonRow, type NamedExample } from './results-document.js';
export { epsilonTableCsv } from './results-csv.js';
export { ConfigError, AbortedError } from './errors.js';
export { displayPath } from './display-path.js';
export * from './defaults.js';
