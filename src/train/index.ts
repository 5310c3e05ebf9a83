/** Training: the loop (trainer.ts) and a whole training run with its files (training-run.ts). */
export { trainClassifier, evaluateSet, type TrainOptions, type TrainResult, type EpochRecord } from './trainer.js';
export { runTraining, type TrainingConfig, type TrainingHooks, type TrainingOutcome } from './training-run.js';
export { outOfMemoryHelp, trainingBackend } from './training-run.js';
export { TRAINING_SETTINGS, TRAINING_BACKENDS, resolveTrainingSettings, type TrainingSettings } from './training-settings.js';
