/**
 * The invented people of the synthetic sample-face dataset and the random draws behind each picture:
 * - identity traits: fixed per person (RNG seeded by the NAME only), so a person looks the same
 *   whatever seed or photo count is used;
 * - photo variation: pose, light, expression, background, clothes, noise, JPEG quality (RNG seeded
 *   by seed + name + photo index), so photo i of a person never depends on how many are generated.
 * The categorical look of each person (hair style/colour, skin tone, glasses, facial hair) is written
 * by hand in CAST rather than drawn at random: it guarantees everyone is distinguishable while several
 * people deliberately share skin tone AND hair colour, so a classifier cannot rely on colours alone.
 */
import seedrandom from 'seedrandom';

export type HairStyle = 'short' | 'long' | 'bun' | 'curly' | 'bald' | 'fringe';
export type FacialHair = 'none' | 'moustache' | 'goatee' | 'beard';

/** Hair colours, dark to light. */
export const HAIR_COLOURS = {
  black: '#1c1714',
  darkBrown: '#3d2a1e',
  brown: '#6b4a2f',
  auburn: '#8c3a1c',
  blonde: '#d2ad66',
  grey: '#a7a29b',
} as const;
export type HairColour = keyof typeof HAIR_COLOURS;

/** Skin tones, light to deep. */
export const SKIN_TONES: readonly string[] = ['#f4d5c0', '#e9bc98', '#d3a077', '#b27c53', '#8b5a3a', '#5f3d28'];

const DARK_EYE_COLOURS: readonly string[] = ['#3b2416', '#5a3a22', '#2a1a10', '#4a2e1a'];
const ALL_EYE_COLOURS: readonly string[] = [...DARK_EYE_COLOURS, '#6f7f3a', '#3f6f8f', '#7a8890'];
const LIP_TINTS: readonly string[] = ['#b5525a', '#a8585a', '#9c4a4f', '#c0646a', '#8a4a48'];
const FRAME_COLOURS: readonly string[] = ['#1a1a1a', '#5b3a1e', '#8a8f96', '#2b3f73'];
const EARRING_COLOURS: readonly string[] = ['#e3c14b', '#d9d9e0', '#c0392b'];

interface CastEntry {
  readonly name: string;
  readonly hairStyle: HairStyle;
  readonly hairColour: HairColour;
  /** Index into SKIN_TONES. */
  readonly skin: number;
  readonly glasses?: boolean;
  readonly facialHair?: FacialHair;
  readonly earrings?: boolean;
  readonly mole?: boolean;
}

// Fictional names (ASCII only: accented file names get re-normalised by some file systems and
// would then no longer match the CSV). The first 12 are the default set; within them Kenji, Rahul
// and Mateo are all short/black-haired, Rahul and Mateo also share the skin tone, and Lucia and
// Sofia share hair colour, so face shape and features have to do part of the work.
const CAST: readonly CastEntry[] = [
  { name: 'Amara Okafor', hairStyle: 'curly', hairColour: 'black', skin: 5, earrings: true },
  { name: 'Lucia Ferran', hairStyle: 'long', hairColour: 'darkBrown', skin: 2, mole: true },
  { name: 'Kenji Morita', hairStyle: 'short', hairColour: 'black', skin: 1, glasses: true },
  { name: 'Ingrid Solberg', hairStyle: 'bun', hairColour: 'blonde', skin: 0, earrings: true },
  { name: 'Rahul Venkatesan', hairStyle: 'short', hairColour: 'black', skin: 3, facialHair: 'moustache' },
  { name: 'Sofia Marchetti', hairStyle: 'fringe', hairColour: 'darkBrown', skin: 1, glasses: true },
  { name: 'Tomasz Wieczorek', hairStyle: 'bald', hairColour: 'brown', skin: 0, facialHair: 'beard' },
  { name: 'Mei-Lin Zhao', hairStyle: 'fringe', hairColour: 'black', skin: 1, earrings: true },
  { name: 'Kwame Asante', hairStyle: 'bald', hairColour: 'black', skin: 5, glasses: true, facialHair: 'goatee' },
  { name: 'Elodie Garnier', hairStyle: 'long', hairColour: 'auburn', skin: 0, mole: true },
  { name: 'Mateo Quispe', hairStyle: 'short', hairColour: 'black', skin: 3 },
  { name: 'Leila Haddad', hairStyle: 'long', hairColour: 'black', skin: 2, glasses: true, earrings: true },
  { name: 'Aleksei Volkov', hairStyle: 'short', hairColour: 'blonde', skin: 0, facialHair: 'beard' },
  { name: 'Nalani Kahale', hairStyle: 'long', hairColour: 'black', skin: 3, earrings: true },
  { name: 'Yusuf Demir', hairStyle: 'short', hairColour: 'darkBrown', skin: 2, facialHair: 'beard' },
  { name: 'Siobhan Keane', hairStyle: 'curly', hairColour: 'auburn', skin: 0, glasses: true },
  { name: 'Thandiwe Mokoena', hairStyle: 'bun', hairColour: 'black', skin: 4, earrings: true },
  { name: 'Minh Anh Tran', hairStyle: 'fringe', hairColour: 'black', skin: 1, glasses: true, mole: true },
  { name: 'Hamid Rezaei', hairStyle: 'bald', hairColour: 'grey', skin: 2, glasses: true, facialHair: 'moustache' },
  { name: 'Freya Lindqvist', hairStyle: 'long', hairColour: 'blonde', skin: 0 },
];

/** The fixed invented people, in dataset order (the first `people` of them are generated). */
export const SAMPLE_PEOPLE: readonly string[] = CAST.map((entry) => entry.name);

/** Everything that makes a person recognisable. Lengths are in the 100x100 drawing space. */
export interface FaceIdentity {
  readonly name: string;
  readonly hairStyle: HairStyle;
  readonly hairColour: string;
  readonly skinTone: string;
  readonly faceHalfWidth: number;
  readonly faceHalfHeight: number;
  /** 0 = pointed chin, 1 = square jaw. */
  readonly jawSquareness: number;
  readonly chinWidth: number;
  readonly eyeSpacing: number;
  readonly eyeSize: number;
  /** Eye line height relative to the face centre (negative = higher). */
  readonly eyeLevel: number;
  readonly eyeColour: string;
  readonly browThickness: number;
  /** Degrees; positive = outer ends lower (stern look). */
  readonly browAngle: number;
  readonly browColour: string;
  readonly noseLength: number;
  readonly noseWidth: number;
  readonly mouthWidth: number;
  readonly lipFullness: number;
  readonly lipColour: string;
  /** Hairline height above the eyes. */
  readonly hairline: number;
  readonly hairVolume: number;
  readonly earSize: number;
  readonly glasses: { readonly round: boolean; readonly colour: string } | null;
  readonly facialHair: FacialHair;
  readonly earringColour: string | null;
  readonly mole: { readonly dx: number; readonly dy: number } | null;
}

/** What changes from one photo of a person to the next. */
export interface PhotoVariation {
  readonly shiftX: number;
  readonly shiftY: number;
  readonly rotation: number;
  readonly scale: number;
  /** -1..1: features slide sideways as if the head turned a little. */
  readonly yaw: number;
  readonly lightAngle: number;
  readonly lightStrength: number;
  /** Colour cast of the light (warm or cool white balance) and how strong it is. */
  readonly tint: string;
  readonly tintStrength: number;
  /** -1..1: under- or over-exposure. */
  readonly exposure: number;
  /** -0.3 (frown) .. 1 (broad smile). */
  readonly smile: number;
  readonly browRaise: number;
  readonly eyeOpenness: number;
  readonly gazeX: number;
  readonly backgroundFrom: string;
  readonly backgroundTo: string;
  readonly backgroundAngle: number;
  readonly clothing: string;
  /** Standard deviation of the pixel noise, in 0..255 units. */
  readonly noiseSigma: number;
  /** Offset added to the requested JPEG quality. */
  readonly qualityJitter: number;
}

export type Random = () => number;

const uniform = (random: Random, low: number, high: number): number => low + (high - low) * random();
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

function castEntry(name: string): CastEntry {
  const entry = CAST.find((candidate) => candidate.name === name);
  if (!entry) throw new Error(`Unknown sample person "${name}". Choose one of: ${SAMPLE_PEOPLE.join(', ')}`);
  return entry;
}

/** The stable look of a person: same name => same traits, always. */
export function faceIdentity(name: string): FaceIdentity {
  const entry = castEntry(name);
  const random = seedrandom(`sample-faces:identity:${name}`);
  const hairColour = HAIR_COLOURS[entry.hairColour];
  return {
    name,
    hairStyle: entry.hairStyle,
    hairColour,
    skinTone: SKIN_TONES[entry.skin] as string,
    faceHalfWidth: uniform(random, 17.5, 23),
    faceHalfHeight: uniform(random, 24, 29.5),
    jawSquareness: uniform(random, 0.15, 0.95),
    chinWidth: uniform(random, 0.25, 0.7),
    eyeSpacing: uniform(random, 7, 10.5),
    eyeSize: uniform(random, 3, 4.6),
    eyeLevel: uniform(random, -6, -1.5),
    // Light eyes only with the lightest skin tone, as is most common.
    eyeColour: pick(random, entry.skin === 0 ? ALL_EYE_COLOURS : DARK_EYE_COLOURS),
    browThickness: uniform(random, 0.9, 2.6),
    browAngle: uniform(random, -14, 16),
    browColour: entry.hairStyle === 'bald' ? darken(hairColour, 0.2) : darken(hairColour, 0.1),
    noseLength: uniform(random, 8, 14),
    noseWidth: uniform(random, 3, 6.5),
    mouthWidth: uniform(random, 6.5, 12),
    lipFullness: uniform(random, 0.6, 1.5),
    lipColour: pick(random, LIP_TINTS),
    hairline: uniform(random, 9, 14),
    hairVolume: uniform(random, 0.8, 1.25),
    earSize: uniform(random, 3.2, 5),
    glasses: entry.glasses ? { round: random() < 0.5, colour: pick(random, FRAME_COLOURS) } : null,
    facialHair: entry.facialHair ?? 'none',
    earringColour: entry.earrings ? pick(random, EARRING_COLOURS) : null,
    mole: entry.mole ? { dx: uniform(random, -12, 12), dy: uniform(random, 3, 12) } : null,
  };
}

const CLOTHING_COLOURS: readonly string[] = ['#2f4a6d', '#6d2f3a', '#3a5d3a', '#444444', '#c9c2b0', '#7a5a8c', '#1f6f78', '#b07030', '#e8e8e8'];

// Warm tungsten, daylight, cool shade, green-ish fluorescent: shifts skin and hair colours per photo.
const LIGHT_TINTS: readonly string[] = ['#ffb066', '#fff4e0', '#7fa8ff', '#b8ffb0'];

/** The nuisance factors of one photo: same (seed, name, index) => same variation. */
export function photoVariation(name: string, photoIndex: number, seed: number): PhotoVariation {
  const random = seedrandom(`sample-faces:photo:${seed}:${name}:${photoIndex}`);
  return {
    shiftX: uniform(random, -5, 5),
    shiftY: uniform(random, -4, 4),
    rotation: uniform(random, -9, 9),
    scale: uniform(random, 1.0, 1.18),
    yaw: uniform(random, -1, 1),
    lightAngle: uniform(random, 0, 360),
    lightStrength: uniform(random, 0.08, 0.35),
    tint: pick(random, LIGHT_TINTS),
    tintStrength: uniform(random, 0, 0.14),
    exposure: uniform(random, -1, 1),
    smile: uniform(random, -0.3, 1),
    browRaise: uniform(random, -1, 1.6),
    eyeOpenness: uniform(random, 0.55, 1.1),
    gazeX: uniform(random, -1, 1),
    backgroundFrom: randomBackgroundColour(random),
    backgroundTo: randomBackgroundColour(random),
    backgroundAngle: uniform(random, 0, 360),
    clothing: pick(random, CLOTHING_COLOURS),
    noiseSigma: uniform(random, 2, 6),
    qualityJitter: Math.round(uniform(random, -6, 6)),
  };
}

function randomBackgroundColour(random: Random): string {
  return hslToHex(uniform(random, 0, 360), uniform(random, 0.04, 0.35), uniform(random, 0.3, 0.85));
}

function hslToHex(hue: number, saturation: number, lightness: number): string {
  const chroma = (1 - Math.abs(2 * lightness - 1)) * saturation;
  const channel = (n: number): number => {
    const k = (n + hue / 30) % 12;
    return lightness - chroma * Math.max(-1, Math.min(k - 3, 9 - k, 1));
  };
  return rgbToHex([channel(0) * 255, channel(8) * 255, channel(4) * 255]);
}

function hexToRgb(hex: string): [number, number, number] {
  const value = Number.parseInt(hex.slice(1), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

function rgbToHex(rgb: readonly number[]): string {
  return `#${rgb.map((c) => Math.round(Math.max(0, Math.min(255, c))).toString(16).padStart(2, '0')).join('')}`;
}

/** Mixes a colour towards black by `amount` (0..1). */
export function darken(hex: string, amount: number): string {
  return rgbToHex(hexToRgb(hex).map((c) => c * (1 - amount)));
}

/** Mixes a colour towards white by `amount` (0..1). */
export function lighten(hex: string, amount: number): string {
  return rgbToHex(hexToRgb(hex).map((c) => c + (255 - c) * amount));
}
