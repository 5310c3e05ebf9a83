/**
 * Pieces of the command line that can be imported without running it: error reporting (one line
 * and an exit code), the examples block of --help, and the mapping from settings schemas to options
 * and back to config. The program itself is ./main.ts, which runs when imported, so it is not
 * re-exported here.
 */
export { oneLine, reportError, EXIT_ERROR, EXIT_USAGE, EXIT_INTERRUPTED } from './errors.js';
export { examplesHelp } from './help.js';
export { withDefault } from './parse.js';
export { optionFor, optionsFor, configFromFlags, runConfigFromFlags, flagAttribute, pairModelFlags } from './setting-options.js';
export { verifySummary } from './verify-summary.js';
