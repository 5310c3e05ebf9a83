/**
 * FGSM behind the Attack interface, untargeted or targeted:
 *   untargeted: x_adv = clamp(x + eps * sign(d CE(x, y) / dx), 0, 1)       (ascend the true-class loss)
 *   targeted:   x_adv = clamp(x - eps * sign(d CE(x, t) / dx), 0, 1)       (DESCEND the target-class loss)
 * Both reuse fgsmStep; the clean gradient comes from the batch's shared cache when there is one.
 * With norm 'l2' it is FGM (Miyato et al.): x + eps * g / ||g||_2 per image, clamped.
 */
import type { Classifier, ImageBatch } from '../engines/types.js';
import { gradientsFor } from './clean-gradients.js';
import { parseEpsilon } from './epsilon.js';
import { fgsmStep } from './fgsm.js';
import { l2Step, parseL2Budget } from './l2.js';
import { checkLabelSource, checkTargetChoice, referenceLabels, resolveTargets } from './labels.js';
import type { Attack, AttackContext, AttackResult, BaseAttackOptions, TargetChoice } from './types.js';

export interface FgsmOptions extends BaseAttackOptions {
  /** Set for a targeted attack. */
  readonly target?: TargetChoice;
}

export const DEFAULT_EPSILON = '8/255';
/** About two grey levels spread over a 150 px RGB face. */
export const DEFAULT_L2_EPSILON = 2;

export function fgsmAttack(options: FgsmOptions = {}): Attack<FgsmOptions> {
  const norm = options.norm ?? 'linf';
  const epsilon = norm === 'l2' ? parseL2Budget(options.epsilon ?? DEFAULT_L2_EPSILON) : parseEpsilon(options.epsilon ?? DEFAULT_EPSILON);
  const labelSource = options.labels ?? 'true';
  checkLabelSource(labelSource);
  checkTargetChoice(options.target);
  const targeted = options.target !== undefined;
  return {
    name: options.name ?? `${norm === 'l2' ? 'fgm-l2' : 'fgsm'}${targeted ? '-targeted' : ''}`,
    kind: 'fgsm',
    targeted,
    epsilon,
    options,
    with: (overrides) => fgsmAttack({ ...options, ...overrides }),
    async run(model: Classifier, images: ImageBatch, labels: Int32Array, context: AttackContext = {}): Promise<AttackResult> {
      const reference = await referenceLabels(model, images, labels, labelSource, context);
      const targets = targeted ? resolveTargets(options.target!, reference, model.spec.numClasses, context) : undefined;
      const { gradient } = await gradientsFor(model, images, context.gradients).get(targets ?? reference);
      // Descending a loss = ascending its negation: fgsmStep on -gradient gives x - eps * sign(g).
      const direction = targeted ? gradient.map((g) => -g) : gradient;
      const pixels = norm === 'l2' ? l2Step(images.pixels, direction, epsilon, images.pixels, epsilon, images.height * images.width * 3) : fgsmStep(images.pixels, direction, epsilon);
      return { adversarial: { ...images, pixels }, labelSource, referenceLabels: reference, targets };
    },
  };
}
