/**
 * The attacks a study can run, by name (the CLI's `--attacks`, the library's `attacks`): dodging
 * with FGSM, BIM and PGD, the random-noise baseline, and impersonation (targeted FGSM and PGD
 * toward one person). Names become Attack objects here, once; a library user may also pass Attack
 * objects of their own.
 */
import { bimAttack, pgdAttack } from '../attacks/pgd.js';
import { fgsmAttack } from '../attacks/fgsm-attack.js';
import { randomSignNoise } from '../attacks/noise.js';
import type { Attack } from '../attacks/types.js';
import { ConfigError } from './errors.js';

/** `impersonate` = targeted FGSM and targeted PGD toward the target. */
export const ATTACK_NAMES = ['fgsm', 'bim', 'pgd', 'noise', 'impersonate'] as const;
export type AttackName = (typeof ATTACK_NAMES)[number];
/** The original notebook's study. */
export const ORIGINAL_ATTACKS: readonly AttackName[] = ['fgsm'];
/** `robustness`: every dodging attack and the baseline (+ impersonate with a target). */
export const ROBUSTNESS_ATTACKS: readonly AttackName[] = ['fgsm', 'bim', 'pgd', 'noise'];

/** A library user's own Attack object in an attack list (names come from the CLI). */
export function isAttack(item: unknown): item is Attack {
  return typeof item === 'object' && item !== null && typeof (item as Attack).run === 'function' && typeof (item as Attack).name === 'string';
}

/**
 * An attack list of names and Attack objects, in the order given: names known (any case; a name
 * given twice runs once), objects real attacks, no two attacks of one name.
 */
export function parseAttackList(items: readonly unknown[]): (AttackName | Attack)[] {
  const list: (AttackName | Attack)[] = [];
  const taken = new Set<string>();
  for (const item of items) {
    if (typeof item === 'string') {
      const name = item.trim().toLowerCase();
      if (name === '' || taken.has(name)) continue;
      if (!(ATTACK_NAMES as readonly string[]).includes(name)) throw new ConfigError(`unknown attack "${name}": choose from ${ATTACK_NAMES.join(', ')} (comma-separated).`);
      taken.add(name);
      list.push(name as AttackName);
    } else if (isAttack(item)) {
      if (taken.has(item.name)) throw new ConfigError(`two attacks are named "${item.name}": give each its own name (e.g. pgdAttack({ steps: 10, name: 'pgd-10' })).`);
      taken.add(item.name);
      list.push(item);
    } else {
      throw new ConfigError(`attacks must be names (${ATTACK_NAMES.join(', ')}) or Attack objects (fgsmAttack(), pgdAttack({ steps: 10 }), ...), got ${JSON.stringify(item)}.`);
    }
  }
  if (list.length === 0) throw new ConfigError(`the attack list is empty: give some of ${ATTACK_NAMES.join(', ')}.`);
  return list;
}

/** A list of attack names (the CLI's --attacks). */
export function parseAttackNames(names: readonly string[]): AttackName[] {
  return parseAttackList(names) as AttackName[];
}

/** The class index of a target: a whole number in range, or a person's name (case-insensitive). */
export function resolveTarget(target: string, classNames: readonly string[], numClasses: number): number {
  if (/^\d+$/.test(target)) {
    const index = Number(target);
    if (index >= numClasses) throw new ConfigError(`--target ${target} is not a class of this ${numClasses}-class model: give 0..${numClasses - 1} or a name (${classNames.join(', ')}).`);
    return index;
  }
  const wanted = target.toLowerCase();
  const index = classNames.findIndex((n) => n.toLowerCase() === wanted);
  if (index < 0) throw new ConfigError(`unknown target person "${target}": choose one of ${classNames.map((n) => `"${n}"`).join(', ')} (or a class index 0..${numClasses - 1}).`);
  return index;
}

export interface AttackListOptions {
  readonly steps: number;
  readonly stepSize?: number;
  readonly restarts: number;
}

/** The attacks to run, named for tables; `impersonate` becomes targeted FGSM and PGD toward `target`; Attack objects run as given. */
export function buildAttacks(list: readonly (AttackName | Attack)[], options: AttackListOptions, target: number | undefined): Attack[] {
  const iterative = { steps: options.steps, ...(options.stepSize !== undefined ? { stepSize: options.stepSize } : {}) };
  return list.flatMap((name): Attack[] => {
    if (isAttack(name)) return [name];
    switch (name) {
      case 'fgsm':
        return [fgsmAttack({ name: 'fgsm' })];
      case 'bim':
        return [bimAttack({ ...iterative, name: 'bim' })];
      case 'pgd':
        return [pgdAttack({ ...iterative, restarts: options.restarts, name: 'pgd' })];
      case 'noise':
        return [randomSignNoise({ name: 'noise' })];
      case 'impersonate':
        return [fgsmAttack({ target, name: 'fgsm-impersonate' }), pgdAttack({ ...iterative, restarts: options.restarts, target, name: 'pgd-impersonate' })];
    }
  });
}
