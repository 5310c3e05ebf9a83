/** Face verification against face-api's recognizer: the protocol, dodging and impersonation, the study. Re-exports only. */
export { planVerification, galleryTemplates, probeDistances, rowDistance, type ProtocolOptions, type VerificationPlan, type PlannedChip, type ProbeRole, type ProbeDistances } from './protocol.js';
export { attackPairs, succeeded, verificationAttack, type Threat, type PairSet, type PairOutcome, type AttackSettings } from './attack-pairs.js';
export { VERIFY_SETTINGS, VERIFY_EPSILONS, VERIFY_ATTACKS, VERIFY_REGIONS, isBundledOrl, defaultFaceMode, defaultOrlDir, defaultTransferModels, VERIFICATION_ATTACKS, ORL_DATA_DIR, THRESHOLD_CHOICES, type ThresholdChoice, type VerificationAttackName } from './settings.js';
export { runVerificationStudy, type VerificationStudyOptions, type VerificationResults, type AttackRow, type CleanMetrics, type ImpersonationMatrix, type ThresholdInfo } from './study.js';
export { attackRegion, regionVerificationAttack, type RegionRow, type RegionExample, type RegionMethod, type RegionPairs, type RegionSettings } from './region-attacks.js';
export { exportChipDataset, PROTOCOL_SPLIT_FILE, type ChipDataset, type ChipDatasetOptions } from './chip-dataset.js';
export { transferCells, transferKey, TRANSFER_ATTACKS, RECOGNIZER_NAME, RANDOM_FRAME, type TransferCell, type TransferClassifier, type TransferContext, type TransferPairs, type TransferAttackName } from './transfer.js';
export { loadTransferClassifiers, ORL_TRANSFER_MODELS } from './transfer-models.js';
