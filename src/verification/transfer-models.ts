/**
 * The classifiers of the transfer table: weights files of closed-set classifiers trained on the
 * study's people (their class names must name every person), loaded on the study's engine and
 * given the 150 px chips through ResizedClassifier.
 */
import { basename, extname } from 'node:path';
import { CHIP_SIZE } from '../engines/faceapi/aligner.js';
import { loadClassifier, type EngineChoice } from '../engines/load.js';
import { ResizedClassifier } from '../engines/resized-classifier.js';
import type { TransferClassifier } from './transfer.js';

/** The classifiers bundled for the ORL faces: trained by `npm run train` on the ORL chips of each person's enrolled and held-out photos (see models/orl/README.md). */
export const ORL_TRANSFER_MODELS: readonly string[] = ['models/orl/resnet18_orl.json', 'models/orl/custom_resnet_orl.json'];

export async function loadTransferClassifiers(files: readonly string[], identities: readonly string[], backend: EngineChoice | undefined, log: (line: string) => void): Promise<TransferClassifier[]> {
  const loaded: TransferClassifier[] = [];
  try {
    for (const file of files) {
      const { classifier, metadata, spec } = await loadClassifier({ weights: file, backend });
      const entry = { name: `${spec.architecture} (${basename(file, extname(file))})`, classifier: new ResizedClassifier(classifier, CHIP_SIZE), classOf: [] as number[] };
      loaded.push(entry);
      const classNames = metadata?.classNames;
      if (!classNames) throw new Error(`${file}: these weights carry no class names, so their classes cannot be matched to the people of the study. Use weights saved by \`npm run train\` on the same people.`);
      const missing = identities.filter((name) => !classNames.includes(name));
      if (missing.length) throw new Error(`${file}: its classes do not include ${missing.length} of the study's people (${missing.slice(0, 3).map((m) => JSON.stringify(m)).join(', ')}${missing.length > 3 ? ', ...' : ''}). A transfer classifier must be trained on the same people: \`npm run train\` on their faces.`);
      entry.classOf.push(...identities.map((name) => classNames.indexOf(name)));
      log(`transfer model ${entry.name}: ${classNames.length} classes, ${spec.inputSize} px (the chips are resampled to it)`);
    }
    return loaded;
  } catch (error) {
    for (const { classifier } of loaded) classifier.dispose();
    throw error;
  }
}
