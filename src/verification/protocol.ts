/**
 * The verification protocol: each person's photos (in file-name order, numbers compared as numbers)
 * split into gallery (enrolled: the person's template is the mean of their embeddings),
 * calibration probes (held out to choose the threshold, so that the FAR measured on test pairs is
 * honest) and test probes (measured and attacked). Every probe is compared with every template:
 * its own (a genuine pair) and each other person's (impostor pairs).
 */
import type { FaceChip } from '../data/face-chips.js';

export type ProbeRole = 'gallery' | 'calibration' | 'test';

export interface ProtocolOptions {
  /** Photos per person enrolled in the gallery. Default 3. */
  readonly galleryPhotos?: number;
  /** Photos per person held out to choose the threshold. Default 2. */
  readonly calibrationPhotos?: number;
}

export interface PlannedChip {
  readonly chip: FaceChip;
  /** Index into `identities`. */
  readonly identity: number;
  readonly role: ProbeRole;
}

export interface VerificationPlan {
  /** People with enough usable photos, sorted. */
  readonly identities: readonly string[];
  readonly chips: readonly PlannedChip[];
  /** People left out, with why (too few usable photos). */
  readonly leftOut: readonly { readonly name: string; readonly usable: number; readonly needed: number }[];
}

const byFileName = new Intl.Collator('en', { numeric: true }).compare;

function count(value: number | undefined, fallback: number, what: string, minimum: number): number {
  const n = value ?? fallback;
  if (!Number.isInteger(n) || n < minimum) throw new Error(`${what} must be an integer >= ${minimum}, got ${value}.`);
  return n;
}

export function planVerification(chips: readonly FaceChip[], options: ProtocolOptions = {}): VerificationPlan {
  const galleryPhotos = count(options.galleryPhotos, 3, 'galleryPhotos', 1);
  const calibrationPhotos = count(options.calibrationPhotos, 2, 'calibrationPhotos', 1);
  const needed = galleryPhotos + calibrationPhotos + 1;
  const byPerson = new Map<string, FaceChip[]>();
  for (const chip of chips) byPerson.set(chip.entry.name, [...(byPerson.get(chip.entry.name) ?? []), chip]);
  const names = [...byPerson.keys()].sort(byFileName);
  const identities = names.filter((name) => byPerson.get(name)!.length >= needed);
  const leftOut = names.filter((name) => byPerson.get(name)!.length < needed).map((name) => ({ name, usable: byPerson.get(name)!.length, needed }));
  if (identities.length < 2) {
    throw new Error(`Face verification needs at least 2 people with ${needed} usable photos each (${galleryPhotos} gallery + ${calibrationPhotos} calibration + 1 test); ${identities.length} have them. Add photos, or lower galleryPhotos/calibrationPhotos.`);
  }
  const planned: PlannedChip[] = [];
  identities.forEach((name, identity) => {
    const photos = [...byPerson.get(name)!].sort((a, b) => byFileName(a.entry.file, b.entry.file));
    photos.forEach((chip, k) => planned.push({ chip, identity, role: k < galleryPhotos ? 'gallery' : k < galleryPhotos + calibrationPhotos ? 'calibration' : 'test' }));
  });
  return { identities, chips: planned, leftOut };
}

/** Per person, the mean of their gallery embeddings: [identities, size]. `embeddings` follow `plan.chips`. */
export function galleryTemplates(plan: VerificationPlan, embeddings: Float32Array, size: number): Float32Array {
  const templates = new Float64Array(plan.identities.length * size);
  const enrolled = new Int32Array(plan.identities.length);
  plan.chips.forEach((c, n) => {
    if (c.role !== 'gallery') return;
    enrolled[c.identity]!++;
    for (let i = 0; i < size; i++) templates[c.identity * size + i]! += embeddings[n * size + i]!;
  });
  return Float32Array.from(templates, (v, i) => v / enrolled[Math.floor(i / size)]!);
}

/** Euclidean distance of row `a` of `x` to row `b` of `y` (rows of `size`). */
export function rowDistance(x: Float32Array, a: number, y: Float32Array, b: number, size: number): number {
  let sum = 0;
  for (let i = 0; i < size; i++) sum += (x[a * size + i]! - y[b * size + i]!) ** 2;
  return Math.sqrt(sum);
}

export interface ProbeDistances {
  /** Distance of each probe to its own template. */
  readonly genuine: Float64Array;
  /** Distance of each probe to every other person's template (probes x (people - 1)). */
  readonly impostor: Float64Array;
}

/** The distances of the probes with `role` (embeddings follow `plan.chips`) to the templates. */
export function probeDistances(plan: VerificationPlan, embeddings: Float32Array, templates: Float32Array, size: number, role: ProbeRole): ProbeDistances {
  const genuine: number[] = [];
  const impostor: number[] = [];
  plan.chips.forEach((c, n) => {
    if (c.role !== role) return;
    for (let k = 0; k < plan.identities.length; k++) (k === c.identity ? genuine : impostor).push(rowDistance(embeddings, n, templates, k, size));
  });
  return { genuine: Float64Array.from(genuine), impostor: Float64Array.from(impostor) };
}
