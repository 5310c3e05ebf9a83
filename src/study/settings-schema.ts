/**
 * Settings described once, as data: each has its flag and help (the CLI makes its options from
 * them), its default, how a flag's text becomes a value, and one check that refuses a bad value
 * with a message naming the setting and what to give instead. The CLI applies the check to each
 * flag as it is parsed; the library applies the same check to each value it is given.
 */
import { parseEpsilon, tidyEpsilonList, type EpsilonInput } from '../attacks/epsilon.js';
import { ConfigError } from './errors.js';

export interface Setting<T> {
  /** The flag as commander spells it: `--limit <n>`, `--no-png`. Absent: a library-only setting. */
  readonly flag?: string;
  readonly help: string;
  /** The default, in the library and on the command line. */
  readonly defaultValue?: T;
  /** How --help describes a default decided at run time (or a default shown differently). */
  readonly defaultHelp?: string;
  readonly choices?: readonly string[];
  /** A repeatable flag: each use adds one value to a list. */
  readonly repeatable?: boolean;
  /** A flag's text as a value (default: the text itself). */
  fromText?(text: string): T;
  /** Throws a one-line error that names the setting (`name`: its flag or its key) and the fix. */
  check?(value: T, name: string): void;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a schema mixes settings of every type
export type Schema = Record<string, Setting<any>>;

/** The flag's name without its value placeholder: `--limit <n>` -> `--limit`. */
export function flagName(setting: Setting<unknown>): string | undefined {
  return setting.flag?.split(' ')[0];
}

/** Checks every value given to the library (undefined means "use the default"). */
export function checkSettings(schema: Schema, config: Record<string, unknown>): void {
  for (const [key, setting] of Object.entries(schema)) {
    const value = config[key];
    if (value !== undefined) setting.check?.(value, key);
  }
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** A number from a flag's text; text that is no number stays text, so that the check names what was typed. */
function numberFromText(text: string): number {
  return NUMBER.test(text.trim()) ? Number(text.trim()) : (text as unknown as number);
}

/** A value as a message quotes it: numbers as they are, anything else as JSON. */
function shown(value: unknown): string {
  return typeof value === 'number' ? String(value) : JSON.stringify(value);
}

/** ` (why)` after the rule a value broke, when the setting says why. */
function because(why: string | undefined): string {
  return why === undefined ? '' : ` (${why})`;
}

/** A whole number >= min, from a flag (`12`) or a value; `why` explains the minimum in the message. */
export function wholeNumberSetting(options: { flag?: string; help: string; min: number; why?: string; defaultValue?: number; defaultHelp?: string }): Setting<number> {
  return {
    ...options,
    fromText: numberFromText,
    check(value, name) {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < options.min) {
        throw new ConfigError(`${name} must be a whole number >= ${options.min}${because(options.why)}, got ${shown(value)}.`);
      }
    },
  };
}

/** A finite number > 0 (`1e-3`, `0.5`); `why` says what the number means in the message. */
export function positiveNumberSetting(options: { flag?: string; help: string; why?: string; defaultValue?: number; defaultHelp?: string }): Setting<number> {
  return {
    ...options,
    fromText: numberFromText,
    check(value, name) {
      if (typeof value !== 'number' || !Number.isFinite(value) || !(value > 0)) {
        throw new ConfigError(`${name} must be a number > 0${because(options.why)}, got ${shown(value)}.`);
      }
    },
  };
}

/** A finite number >= 0 (`0`, `0.1`): a weight that may be switched off. */
export function nonNegativeNumberSetting(options: { flag?: string; help: string; why?: string; defaultValue?: number; defaultHelp?: string }): Setting<number> {
  return {
    ...options,
    fromText: numberFromText,
    check(value, name) {
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
        throw new ConfigError(`${name} must be a number >= 0${because(options.why)}, got ${shown(value)}.`);
      }
    },
  };
}

/** A number strictly between 0 and 1 (`0.1`): a part of something that leaves some of it. */
export function fractionSetting(options: { flag?: string; help: string; defaultValue?: number; defaultHelp?: string }): Setting<number> {
  return {
    ...options,
    fromText: numberFromText,
    check(value, name) {
      if (typeof value !== 'number' || !(value > 0 && value < 1)) {
        throw new ConfigError(`${name} must be a number between 0 and 1 (exclusive), e.g. 0.1, got ${shown(value)}.`);
      }
    },
  };
}

/** One of a few words. */
export function choiceSetting<T extends string>(options: { flag: string; help: string; choices: readonly T[]; defaultValue?: T; defaultHelp?: string }): Setting<T> {
  return {
    ...options,
    check(value, name) {
      if (!options.choices.includes(value)) throw new ConfigError(`${name} must be one of ${options.choices.join(', ')}, got ${JSON.stringify(value)}.`);
    },
  };
}

/**
 * A comma-separated list of words from `choices` (`fgsm,pgd`); with `noneWord`, that word alone
 * is the empty list (`--regions none`), else the list needs at least one word.
 */
export function choiceListSetting<T extends string>(options: { flag: string; help: string; what: string; choices: readonly T[]; defaultValue: readonly T[]; noneWord?: string }): Setting<readonly T[]> {
  const { what, choices, noneWord } = options;
  return {
    flag: options.flag,
    help: options.help,
    defaultValue: options.defaultValue,
    defaultHelp: options.defaultValue.length ? options.defaultValue.join(',') : noneWord,
    fromText: (text) => (noneWord !== undefined && text.trim().toLowerCase() === noneWord ? [] : (text.split(',').map((item) => item.trim()) as T[])),
    check(value, name) {
      if (!Array.isArray(value) || (value.length === 0 && noneWord === undefined)) throw new ConfigError(`${name} must list at least one ${what} from ${choices.join(', ')}.`);
      for (const item of value) {
        if (!(choices as readonly string[]).includes(item)) throw new ConfigError(`${name}: unknown ${what} ${JSON.stringify(item)}; choose from ${choices.join(', ')}${noneWord === undefined ? '' : `, or ${noneWord}`}.`);
      }
    },
  };
}

/** Free text (a path, a name): only its type is checked. */
export function textSetting(options: { flag?: string; help: string; defaultValue?: string; defaultHelp?: string; repeatable?: boolean }): Setting<string> {
  return {
    ...options,
    check(value, name) {
      if (typeof value !== 'string' || value.trim() === '') throw new ConfigError(`${name} must be a non-empty text, got ${JSON.stringify(value)}.`);
    },
  };
}

/**
 * A `--no-x` switch (`--no-png`): on unless switched off, or, with `defaultHelp`, a default the
 * run decides (the flag then only switches it off).
 */
export function switchSetting(options: { flag: string; help: string; defaultHelp?: string }): Setting<boolean> {
  return {
    ...options,
    ...(options.defaultHelp === undefined ? { defaultValue: true } : {}),
    check(value, name) {
      if (typeof value !== 'boolean') throw new ConfigError(`${name} must be true or false, got ${JSON.stringify(value)}.`);
    },
  };
}

/** A list of epsilons (`0,0.01,8/255`) by the one epsilon rule (src/attacks/epsilon.ts), kept as typed. */
export function epsilonListSetting(options: { flag: string; help: string; defaultValue?: readonly EpsilonInput[]; defaultHelp?: string }): Setting<readonly EpsilonInput[]> {
  return {
    ...options,
    defaultHelp: options.defaultHelp ?? options.defaultValue?.join(','),
    fromText: (text) => text.split(',').map((item) => item.trim()),
    check: (value) => void tidyEpsilonList(value),
  };
}

/** One L-inf size by the same rule (`1/255`), kept as typed; `positive` refuses 0. */
export function epsilonSetting(options: { flag: string; help: string; defaultHelp: string; positive: boolean }): Setting<EpsilonInput> {
  return {
    ...options,
    check(value, name) {
      if (parseEpsilon(value, name) === 0 && options.positive) throw new ConfigError(`${name} must be > 0 (or leave it out: ${options.defaultHelp}).`);
    },
  };
}
