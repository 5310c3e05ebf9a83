/**
 * `study` (the default command) and its alias `robustness`: the same command and settings, the
 * alias with every dodging attack and the random-noise baseline by default (= `study --attacks
 * fgsm,bim,pgd,noise`). A progress bar, then a summary.
 */
import type { Command } from 'commander';
import { ROBUSTNESS_SETTINGS, STUDY_SETTINGS } from '../study/study-settings.js';
import { attackCommand } from './attack-command.js';
import { studySummary } from './study-summary.js';

const load = async () => (await import('../study/study.js')).runStudy;

export function studyCommand(): Command {
  return attackCommand({
    name: 'study',
    description:
      'Attack each model at every epsilon and write its results (JSON, CSV, figures). The default command. FGSM alone (the default) is the original study; --attacks fgsm,bim,pgd,noise (or the robustness alias) the robustness study.',
    examples: ['npm start -- --model resnet18 --epsilons 0,2/255,8/255', 'npm run fgsm -- --model resnet18 --weights path/to/resnet18.pth --input-size 224 --split all'],
    settings: STUDY_SETTINGS,
    load,
    summary: studySummary,
  });
}

export function robustnessCommand(): Command {
  return attackCommand({
    name: 'robustness',
    description:
      'study --attacks fgsm,bim,pgd,noise: dodging (untargeted FGSM, BIM, PGD: escape your own identity), impersonation with --target (targeted FGSM and PGD: be recognised as the target) and a random-noise baseline, over an epsilon sweep; writes robustness_<model>.json/.csv and figures.',
    examples: ['npm run robustness -- --model resnet18', 'npm run robustness -- --model resnet18 --target "Lucia Ferran"'],
    settings: ROBUSTNESS_SETTINGS,
    load,
    summary: studySummary,
  });
}
