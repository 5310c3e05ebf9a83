/** What a study writes: the results documents and CSVs, and the figure files of each run kind. */
export { buildResultsDocument, EPSILON_COLUMNS, type StudyResultsDocument, type EpsilonRow, type NamedExample } from './results-document.js';
export { epsilonTableCsv, epsilonFrame, epsilonTable, type TableView } from './results-csv.js';
export { buildRobustnessDocument, type RobustnessDocument } from './robustness-document.js';
export { robustnessCsv } from './robustness-csv.js';
export { openFigureOutput, type FigureOutput } from './figures-output.js';
export { openRobustnessFigures, type RobustnessFigureWriter } from './robustness-figures.js';
export { ACCURACY_PNG_SIZE, TRAINING_PNG_SIZE, comparisonPngSize } from './figures-output.js';
export { ROBUSTNESS_CSV_COLUMNS } from './robustness-csv.js';
export { CURVES_PNG_SIZE, confusionEpsilonIndex, featuredAttack } from './robustness-figures.js';
export { sweepAnalysis, comparisonAnalysis, sweepFacts, type SweepFacts } from './sweep-analysis.js';
