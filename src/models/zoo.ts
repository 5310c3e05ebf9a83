/** The model zoo: architectures by name, as the notebook's model cell and the CLI name them. */
import type { ArchitectureName, ModelSpec } from './graph.js';
import { customResNet, resnet101, resnet18, type ModelOptions } from './resnet.js';

const BUILDERS: Record<ArchitectureName, (options: ModelOptions) => ModelSpec> = {
  resnet18,
  resnet101,
  custom_resnet: customResNet,
};

/** Other spellings users will type; `resnet` is what the original notebook called its custom model. */
const ALIASES: Record<string, ArchitectureName> = {
  resnet: 'custom_resnet',
  customresnet: 'custom_resnet',
  'custom-resnet': 'custom_resnet',
};

export const ARCHITECTURES = Object.keys(BUILDERS) as ArchitectureName[];

export function resolveArchitecture(name: string): ArchitectureName {
  const key = name.trim().toLowerCase();
  if (key in BUILDERS) return key as ArchitectureName;
  const alias = ALIASES[key];
  if (alias) return alias;
  throw new Error(`Unknown model "${name}". Choose one of: ${ARCHITECTURES.join(', ')} (alias "resnet" = custom_resnet).`);
}

export function buildModelSpec(name: string, options: ModelOptions): ModelSpec {
  return BUILDERS[resolveArchitecture(name)](options);
}
