/**
 * Face verification metrics from pair distances. A pair is accepted (called "same person") when
 * its distance is strictly below the threshold, as face-api's FaceMatcher decides:
 *   FAR(t) = impostor pairs accepted / impostor pairs   (false accept rate)
 *   TAR(t) = genuine pairs accepted / genuine pairs     (true accept rate; FRR = 1 - TAR)
 * The threshold for a target FAR is chosen on impostor distances (held-out pairs, so that the
 * FAR measured on other pairs is honest); the EER is where FAR and FRR cross.
 */
import { wilsonInterval, type Rate } from './wilson.js';

/** Accepted pairs (distance < threshold) among `distances`, with the 95% Wilson interval of the rate. */
export function acceptRate(distances: ArrayLike<number>, threshold: number): Rate {
  let accepted = 0;
  for (let i = 0; i < distances.length; i++) if (distances[i]! < threshold) accepted++;
  return wilsonInterval(accepted, distances.length);
}

function sortedCopy(values: ArrayLike<number>, what: string): Float64Array {
  const sorted = Float64Array.from(values);
  if (sorted.some((v) => Number.isNaN(v))) throw new Error(`${what}: a distance is NaN.`);
  return sorted.sort();
}

export interface FarThreshold {
  /** Distances strictly below it are accepted; +Infinity when every impostor pair may be accepted. */
  readonly threshold: number;
  readonly targetFar: number;
  /** The FAR this threshold gives on the impostor pairs it was chosen on (<= targetFar). */
  readonly achievedFar: number;
  /**
   * False when there are fewer than 1/targetFar impostor pairs: no impostor may be accepted, so
   * the threshold sits at the smallest impostor distance and the FAR is only bounded, not measured.
   */
  readonly measurable: boolean;
}

/** The largest threshold whose FAR on these impostor distances does not exceed `targetFar`. */
export function thresholdAtFar(impostor: ArrayLike<number>, targetFar: number): FarThreshold {
  if (!(targetFar >= 0 && targetFar <= 1)) throw new Error(`The target false accept rate must be in [0, 1], got ${targetFar}.`);
  const sorted = sortedCopy(impostor, 'thresholdAtFar');
  if (sorted.length === 0) throw new Error('thresholdAtFar: no impostor pairs to choose a threshold on.');
  const allowed = Math.floor(targetFar * sorted.length + 1e-9);
  const threshold = allowed >= sorted.length ? Infinity : sorted[allowed]!;
  let accepted = 0;
  while (accepted < sorted.length && sorted[accepted]! < threshold) accepted++;
  return { threshold, targetFar, achievedFar: accepted / sorted.length, measurable: sorted.length * targetFar >= 1 };
}

export interface RocPoint {
  readonly threshold: number;
  readonly far: number;
  readonly tar: number;
  /** 1 - TAR, computed from the counts (no rounding from the subtraction). */
  readonly frr: number;
}

/**
 * The ROC: one point per distinct distance (accepting everything strictly below it), plus the end
 * points (nothing accepted, everything accepted); FAR and TAR never decrease along it.
 */
export function rocCurve(genuine: ArrayLike<number>, impostor: ArrayLike<number>): RocPoint[] {
  const g = sortedCopy(genuine, 'rocCurve');
  const i = sortedCopy(impostor, 'rocCurve');
  if (g.length === 0 || i.length === 0) throw new Error(`rocCurve needs genuine and impostor pairs (got ${g.length} and ${i.length}).`);
  const thresholds = [...new Set([...g, ...i])].sort((a, b) => a - b);
  const points: RocPoint[] = [];
  let ga = 0;
  let ia = 0;
  for (const t of thresholds) {
    while (ga < g.length && g[ga]! < t) ga++;
    while (ia < i.length && i[ia]! < t) ia++;
    points.push({ threshold: t, far: ia / i.length, tar: ga / g.length, frr: (g.length - ga) / g.length });
  }
  points.push({ threshold: Infinity, far: 1, tar: 1, frr: 0 });
  return points;
}

export interface EqualErrorRate {
  /** (FAR + FRR) / 2 at the threshold where they are closest. */
  readonly eer: number;
  readonly threshold: number;
  readonly far: number;
  readonly frr: number;
}

export function equalErrorRate(genuine: ArrayLike<number>, impostor: ArrayLike<number>): EqualErrorRate {
  let best: EqualErrorRate | undefined;
  for (const { threshold, far, frr } of rocCurve(genuine, impostor)) {
    if (!best || Math.abs(far - frr) < Math.abs(best.far - best.frr)) best = { eer: (far + frr) / 2, threshold, far, frr };
  }
  return best!;
}

/** Area under the ROC (trapezoids): the chance a random genuine pair is closer than a random impostor pair, ties counting half. */
export function rocArea(points: readonly RocPoint[]): number {
  let area = 0;
  let previous = { far: 0, tar: 0 };
  for (const point of points) {
    area += (point.far - previous.far) * (point.tar + previous.tar) / 2;
    previous = point;
  }
  return area;
}
