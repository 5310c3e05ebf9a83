/**
 * The verification study's settings, described once (the `verify` command's flags and help come
 * from them, and the library checks its options with the same rules).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { bundledPath } from '../core/package-root.js';
import { FACE_MODES, type FaceMode } from '../data/face-modes.js';
import { parseL2Budget } from '../attacks/l2.js';
import { ConfigError } from '../study/errors.js';
import { RUN_SETTINGS } from '../study/run-settings.js';
import { choiceListSetting, choiceSetting, epsilonListSetting, fractionSetting, nonNegativeNumberSetting, textSetting, wholeNumberSetting, type Setting } from '../study/settings-schema.js';
import { REGION_NAMES, type RegionName } from '../data/face-regions.js';
import { REGION_DEFAULTS } from '../attacks/region.js';
import { ORL_TRANSFER_MODELS } from './transfer-models.js';

export const ORL_DATA_DIR = 'data/orl_faces';

/** The bundled ORL faces: data/orl_faces here, else the installed package's copy. */
export function defaultOrlDir(): string {
  return bundledPath(ORL_DATA_DIR);
}

/** Whether `data` is the bundled ORL folder: its photos are face crops, and its transfer classifiers ship with the project. */
export function isBundledOrl(data: string): boolean {
  return resolve(data) === resolve(defaultOrlDir());
}

/** How faces are found when no mode is given: the bundled ORL photos are already face crops; other folders are detected. */
export function defaultFaceMode(data: string): FaceMode {
  return isBundledOrl(data) ? 'cropped' : 'detect';
}

/**
 * The transfer classifiers when none are given: for the bundled ORL faces, the bundled ORL ones
 * that are installed (the repository has both; the npm package only resnet18_orl), else none.
 */
export function defaultTransferModels(data: string): readonly string[] {
  return isBundledOrl(data) ? ORL_TRANSFER_MODELS.map((file) => bundledPath(file)).filter((file) => existsSync(file)) : [];
}
export const VERIFICATION_ATTACKS = ['fgsm', 'bim', 'mifgsm', 'pgd', 'noise'] as const;
export type VerificationAttackName = (typeof VERIFICATION_ATTACKS)[number];
export const VERIFY_EPSILONS: readonly string[] = ['0', '1/255', '2/255', '4/255', '8/255'];
export const VERIFY_ATTACKS: readonly VerificationAttackName[] = ['fgsm', 'mifgsm', 'pgd', 'noise'];
export const VERIFY_REGIONS: readonly RegionName[] = ['glasses', 'forehead'];
export const THRESHOLD_CHOICES = ['far', 'eer', 'faceapi'] as const;
export type ThresholdChoice = (typeof THRESHOLD_CHOICES)[number];

export const VERIFY_L2_EPSILONS: readonly string[] = ['0.5', '1', '2'];

function l2List(): Setting<readonly string[]> {
  return {
    flag: '--l2-epsilons <list>',
    help: "comma-separated L2 budgets: the perturbation's Euclidean length (pixels in [0,1]; one grey level on every pixel of a 150 px face is ~1); 'none' skips L2",
    defaultValue: VERIFY_L2_EPSILONS,
    defaultHelp: VERIFY_L2_EPSILONS.join(','),
    fromText: (text) => (text.trim().toLowerCase() === 'none' ? [] : text.split(',').map((item) => item.trim())),
    check(value, name) {
      if (!Array.isArray(value)) throw new ConfigError(`${name} must be a list of numbers >= 0, got ${JSON.stringify(value)}.`);
      for (const item of value) parseL2Budget(item, name);
    },
  };
}

function transferList(): Setting<readonly string[]> {
  return {
    flag: '--transfer <files>',
    help: "comma-separated weights of classifiers trained on the same people (by `npm run train`): adversarial faces crafted on each model (and on the recognizer) are judged by every other one; 'none' skips transfer",
    defaultHelp: `${ORL_TRANSFER_MODELS.join(',')} for ${ORL_DATA_DIR} (those installed), else none`,
    fromText: (text) => (text.trim().toLowerCase() === 'none' ? [] : text.split(',').map((item) => item.trim())),
    check(value, name) {
      if (!Array.isArray(value) || value.some((item) => typeof item !== 'string' || item.trim() === '')) throw new ConfigError(`${name} must be a list of weights files, got ${JSON.stringify(value)}.`);
    },
  };
}

export const VERIFY_SETTINGS = {
  data: textSetting({ flag: '--data <dir>', help: 'photos of people: Faces/ + Dataset.csv (the Kaggle layout), or one sub-folder of photos per person', defaultHelp: `${ORL_DATA_DIR} (the bundled ORL faces)` }),
  faces: choiceSetting({ flag: '--faces <mode>', help: 'detect: find the one face in each photo (SSD MobileNet v1); cropped: each photo already is a face (landmarks only)', choices: FACE_MODES, defaultHelp: `cropped for ${ORL_DATA_DIR} (its photos are face crops), else detect` }),
  minConfidence: fractionSetting({ flag: '--min-confidence <p>', help: 'detect: ignore detections below this confidence', defaultValue: 0.5 }),
  cacheDir: textSetting({ flag: '--cache <dir>', help: 'where aligned faces are cached (by photo content)', defaultHelp: 'node_modules/.cache/fgsm-faces/face-chips' }),
  galleryPhotos: wholeNumberSetting({ flag: '--gallery <n>', help: "photos per person enrolled (their mean embedding is the person's template)", min: 1, defaultValue: 3 }),
  calibrationPhotos: wholeNumberSetting({ flag: '--calibration <n>', help: 'photos per person held out to choose the threshold', min: 1, defaultValue: 2 }),
  targetFar: fractionSetting({ flag: '--far <rate>', help: 'false accept rate the threshold is chosen for, on held-out pairs', defaultValue: 1e-3 }),
  threshold: choiceSetting({ flag: '--threshold <which>', help: "the threshold attacks are judged at: far (chosen for --far), eer (equal error rate), faceapi (face-api's 0.6)", choices: THRESHOLD_CHOICES, defaultValue: 'far' }),
  epsilons: epsilonListSetting({ flag: '--epsilons <list>', help: 'comma-separated L-inf budgets: numbers (0.03) or k/255 (8/255)', defaultValue: VERIFY_EPSILONS }),
  l2Epsilons: l2List(),
  attacks: choiceListSetting({ flag: '--attacks <list>', help: `comma-separated, from ${VERIFICATION_ATTACKS.join(', ')}; each is run as dodging and as impersonation`, what: 'attack', choices: VERIFICATION_ATTACKS, defaultValue: VERIFY_ATTACKS }),
  steps: wholeNumberSetting({ flag: '--steps <n>', help: 'gradient steps of BIM, MI-FGSM and PGD', min: 1, defaultValue: 5 }),
  attackedPhotos: wholeNumberSetting({ flag: '--attacked <n>', help: 'test photos per person that are attacked', min: 1, defaultValue: 2 }),
  regions: choiceListSetting({ flag: '--regions <list>', help: `physical attacks: comma-separated, from ${REGION_NAMES.join(', ')} (eyeglass frames, stickers placed from the landmarks), each optimised and as a random-colour baseline; 'none' skips them`, what: 'region', choices: REGION_NAMES, defaultValue: VERIFY_REGIONS, noneWord: 'none' }),
  transferModels: transferList(),
  regionSteps: wholeNumberSetting({ flag: '--region-steps <n>', help: 'gradient steps of the region attacks', min: 1, defaultValue: REGION_DEFAULTS.steps }),
  tvWeight: nonNegativeNumberSetting({ flag: '--tv-weight <w>', help: "weight of the region's total variation (smoothness, for printing) against the attack's normalised gradient", defaultValue: REGION_DEFAULTS.tvWeight }),
  matrixPeople: wholeNumberSetting({ flag: '--matrix <n>', help: 'people in the "who can impersonate whom" matrix (PGD at the largest epsilon); 0 skips it', min: 0, defaultValue: 6 }),
  seed: wholeNumberSetting({ flag: '--seed <n>', help: 'seed of impersonation targets, random starts and noise', min: 0, defaultValue: 0 }),
  backend: RUN_SETTINGS.backend,
  out: textSetting({ flag: '--out <dir>', help: 'results folder', defaultValue: 'results/verification' }),
  png: RUN_SETTINGS.png,
};
