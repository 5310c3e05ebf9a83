/** Small pieces every layer uses: atomic file writes, how paths are shown, where the bundled files are. */
export { FileWriteError, produceFileAtomically, syncToDisk, temporaryPathFor, writeFileAtomically, writeJsonAtomically, type AtomicWriteOptions } from './atomic-write.js';
export { displayPath } from './display-path.js';
export { bundledPath, packageRoot, packageVersion } from './package-root.js';
