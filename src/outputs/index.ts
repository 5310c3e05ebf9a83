/** What a study writes: the one results document and CSV schema, and the figure files of each study. */
export { buildResultsDocument, testSetSection, epsilonRow, EPSILON_COLUMNS, RESULTS_KIND, RESULTS_VERSION, type ResultsDocument, type AttackSection, type StudyConfigSection, type EpsilonRow, type NamedExample } from './results-document.js';
export { resultsCsv, RESULTS_CSV_COLUMNS, epsilonFrame, epsilonTable, type TableView } from './results-csv.js';
export { openFigureOutput, type FigureOutput } from './figures-output.js';
export { openRobustnessFigures, type RobustnessFigureWriter } from './robustness-figures.js';
export { ACCURACY_PNG_SIZE, TRAINING_PNG_SIZE, comparisonPngSize } from './figures-output.js';
export { CURVES_PNG_SIZE, confusionEpsilonIndex, featuredAttack } from './robustness-figures.js';
export { sweepAnalysis, comparisonAnalysis, sweepFacts, type SweepFacts, type ComparedModel } from './sweep-analysis.js';
export { printableRegion, EYE_DISTANCE_MM, type PrintableRegion } from './region-exports.js';
export { verificationChecks, verificationDocument, verificationCsv, regionCsv, REGION_CSV_COLUMNS, transferCsv, TRANSFER_CSV_COLUMNS, type RegionPrint, type DocumentResults, writeVerificationResults, VERIFICATION_CSV_COLUMNS, VERIFICATION_KIND, VERIFICATION_VERSION, type VerificationCheck, type VerificationDocument } from './verification-output.js';
