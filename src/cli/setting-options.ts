/**
 * Commander options made from the settings schema (src/study/settings-schema.ts), so every flag's
 * help, default and check come from the one description the library checks values with; and the
 * parsed flags turned back into the library's config.
 */
import { InvalidArgumentError, Option } from 'commander';
import { flagName, type Schema, type Setting } from '../study/settings-schema.js';
import { ConfigError } from '../study/errors.js';
import type { ModelRequest } from '../study/model-choice.js';
import { withDefault } from './parse.js';

/** Runs a setting's parse and check on a flag's text; errors become commander's usage errors. */
function flagParser<T>(setting: Setting<T>): (text: string) => T {
  const name = flagName(setting)!;
  return (text) => {
    try {
      const value = setting.fromText ? setting.fromText(text) : (text as T);
      setting.check?.(value, name);
      return value;
    } catch (error) {
      throw new InvalidArgumentError((error as Error).message);
    }
  };
}

export function optionFor<T>(setting: Setting<T>): Option {
  const shownDefault = setting.defaultValue === undefined && setting.defaultHelp !== undefined;
  const option = new Option(setting.flag!, shownDefault ? withDefault(setting.help, setting.defaultHelp!) : setting.help);
  if (setting.flag!.startsWith('--no-')) return option; // commander's own boolean, true unless given
  if (setting.choices) option.choices(setting.choices);
  else if (setting.repeatable) {
    const parse = flagParser(setting);
    option.argParser((text: string, previous: T[] | undefined) => [...(previous ?? []), parse(text)]);
  } else option.argParser(flagParser(setting));
  if (setting.defaultValue !== undefined) option.default(setting.defaultValue, setting.defaultHelp);
  return option;
}

/** The options of every setting that has a flag, in the schema's order. */
export function optionsFor(schema: Schema): Option[] {
  return Object.values(schema)
    .filter((setting) => setting.flag !== undefined)
    .map((setting) => optionFor(setting));
}

/**
 * Where commander puts a flag's value: its attribute name, made from the long flag (`--lr-decay`
 * -> `lrDecay`, `--no-png` -> `png`). A schema key may differ from it (`learningRate` is `--lr`).
 */
export function flagAttribute(setting: Setting<unknown>): string {
  return new Option(setting.flag!).attributeName();
}

/**
 * The library config from parsed flags: each flag's value under its setting's key, and
 * `--backend auto` left to FGSM_BACKEND or the automatic choice.
 */
export function configFromFlags(schema: Schema, flags: Record<string, unknown>): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  for (const [key, setting] of Object.entries(schema)) {
    if (setting.flag === undefined) continue;
    const value = flags[flagAttribute(setting)];
    // commander sets a `--no-x` switch to true when it is not given: leave it to the library's default.
    if (setting.flag.startsWith('--no-') && value === true) continue;
    if (value !== undefined) config[key] = value;
  }
  if (config.backend === 'auto') delete config.backend;
  return config;
}

/** A run's config from parsed flags: configFromFlags with the repeated --model/--weights paired into `models`. */
export function runConfigFromFlags(schema: Schema, flags: Record<string, unknown>): Record<string, unknown> & { models?: ModelRequest[] } {
  const { model, weights, ...config } = configFromFlags(schema, flags);
  return { ...config, models: pairModelFlags(model as string[] | undefined, weights as string[] | undefined) };
}

/** --model/--weights given in pairs, in order; either alone is fine too. */
export function pairModelFlags(models: readonly string[] = [], weights: readonly string[] = []): ModelRequest[] | undefined {
  if (weights.length === 0) return models.length ? models.map((model) => ({ model })) : undefined;
  if (models.length === 0) return weights.map((w) => ({ weights: w }));
  if (models.length !== weights.length) {
    throw new ConfigError(`got ${models.length} --model and ${weights.length} --weights: give one --model per --weights, in the same order (or no --model: the architecture is then read from the weights).`);
  }
  return weights.map((w, i) => ({ model: models[i], weights: w }));
}
