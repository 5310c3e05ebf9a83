/** Small pieces every layer uses: atomic file writes and how paths are shown to the user. */
export { FileWriteError, produceFileAtomically, syncToDisk, temporaryPathFor, writeFileAtomically, writeJsonAtomically, type AtomicWriteOptions } from './atomic-write.js';
export { displayPath } from './display-path.js';
