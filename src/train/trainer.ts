/**
 * Trains or fine-tunes a zoo model on tfjs: Adam with a per-epoch learning-rate decay (the
 * original: lr 1e-3, x0.5 per epoch), BatchNorm in training mode with PyTorch's running-statistics
 * update, seeded shuffling and augmentation, and the best checkpoint chosen by VALIDATION accuracy
 * (the test split is never looked at). Stopping early (an AbortSignal, e.g. Ctrl-C) keeps the best
 * checkpoint written so far.
 */
import * as tf from '@tensorflow/tfjs-core';
import seedrandom from 'seedrandom';
import { batchFromSet, type ImageSet } from '../data/image-set.js';
import { batchTensor, forwardLogits, toHostParams, toTfjsParams, type TfjsParams } from '../engines/tfjs/model.js';
import { crossEntropySum } from '../engines/tfjs/ops.js';
import { argmaxRow } from '../eval/metrics.js';
import type { ModelSpec } from '../models/graph.js';
import type { ParamsMap } from '../tensor.js';
import { augmentImage } from './augment.js';

export interface TrainOptions {
  readonly spec: ModelSpec;
  /** Starting weights, PyTorch layout (initParams for training from scratch, or loaded weights). */
  readonly initialParams: ParamsMap;
  readonly train: ImageSet;
  readonly validation: ImageSet;
  readonly epochs: number;
  readonly batchSize?: number;
  readonly learningRate?: number;
  /** Multiplies the learning rate after every epoch. */
  readonly lrDecay?: number;
  /** BatchNorm running-statistics momentum (PyTorch's default 0.1). */
  readonly bnMomentum?: number;
  /** Random flips and shifts of up to this many pixels; 0 = none. */
  readonly augmentShift?: number;
  readonly seed?: number;
  /** Called with the new best params after an epoch that improved validation accuracy. */
  readonly onBest?: (best: BestCheckpoint, params: ParamsMap) => Promise<void>;
  readonly onBatch?: (progress: BatchProgress) => void;
  readonly onEpoch?: (epoch: EpochRecord) => void;
  readonly signal?: AbortSignal;
}

export interface BatchProgress {
  readonly epoch: number;
  readonly epochs: number;
  readonly batch: number;
  readonly batches: number;
  readonly loss: number;
  readonly accuracy: number;
}

export interface EpochRecord {
  readonly epoch: number;
  readonly learningRate: number;
  readonly trainLoss: number;
  readonly trainAccuracy: number;
  readonly valLoss: number;
  readonly valAccuracy: number;
  readonly seconds: number;
}

export interface BestCheckpoint {
  readonly epoch: number;
  readonly valAccuracy: number;
}

export interface TrainResult {
  readonly history: EpochRecord[];
  readonly best?: BestCheckpoint;
  /** The best params (by validation accuracy); undefined when no epoch finished. */
  readonly bestParams?: ParamsMap;
  readonly interrupted: boolean;
}

function isRunningStatistic(name: string): boolean {
  return name.endsWith('.running_mean') || name.endsWith('.running_var');
}

// tfjs variable names must be unique per process.
let variableSerial = 0;

/** Moves trainable params into tf.Variables; running statistics stay plain tensors. */
function toTrainable(params: TfjsParams): { variables: tf.Variable[] } {
  const variables: tf.Variable[] = [];
  for (const [name, t] of params) {
    if (isRunningStatistic(name)) continue;
    const v = tf.variable(t, true, `fgsm/${name}/${variableSerial++}`);
    t.dispose();
    params.set(name, v);
    variables.push(v);
  }
  return { variables };
}

function shuffled(count: number, random: () => number): number[] {
  const order = Array.from({ length: count }, (_, i) => i);
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

function countCorrect(logits: Float32Array, labels: Int32Array, numClasses: number): number {
  let correct = 0;
  for (let i = 0; i < labels.length; i++) if (argmaxRow(logits, i, numClasses) === labels[i]) correct++;
  return correct;
}

/** Validation loss and accuracy in eval mode (running statistics), batched. */
export async function evaluateSet(spec: ModelSpec, params: TfjsParams, set: ImageSet, batchSize: number): Promise<{ loss: number; accuracy: number }> {
  let lossSum = 0;
  let correct = 0;
  for (let start = 0; start < set.count; start += batchSize) {
    const indices = Array.from({ length: Math.min(batchSize, set.count - start) }, (_, i) => start + i);
    const { batch, labels } = batchFromSet(set, indices);
    const [logits, loss] = tf.tidy(() => {
      const out = forwardLogits(spec, params, batchTensor(batch));
      return [out, crossEntropySum(out, tf.tensor1d(labels, 'int32'))] as const;
    });
    correct += countCorrect((await logits.data()) as Float32Array, labels, spec.numClasses);
    lossSum += (await loss.data())[0]!;
    tf.dispose([logits, loss]);
  }
  return { loss: set.count ? lossSum / set.count : Number.NaN, accuracy: set.count ? correct / set.count : Number.NaN };
}

export async function trainClassifier(options: TrainOptions): Promise<TrainResult> {
  const { spec, train, validation } = options;
  const batchSize = options.batchSize ?? 32;
  const momentum = options.bnMomentum ?? 0.1;
  let learningRate = options.learningRate ?? 1e-3;
  const lrDecay = options.lrDecay ?? 0.5;
  if (!Number.isInteger(options.epochs) || options.epochs < 1) throw new Error(`epochs must be an integer >= 1, got ${options.epochs}`);
  if (!(learningRate > 0)) throw new Error(`learning rate must be > 0, got ${learningRate}`);
  if (train.count < 2) throw new Error(`Training needs at least 2 images, got ${train.count}.`);
  if (validation.count < 1) throw new Error('Training needs a validation set of at least 1 image (a seeded part of the training split).');
  if (train.size !== spec.inputSize || validation.size !== spec.inputSize) {
    throw new Error(`Images are ${train.size} px but the model is built for ${spec.inputSize} px.`);
  }
  const random = seedrandom(`fgsm-faces:train:${options.seed ?? 0}`);
  const params = toTfjsParams(spec, options.initialParams);
  const { variables } = toTrainable(params);
  // PyTorch's Adam: betas (0.9, 0.999), eps 1e-8.
  const optimizer = tf.train.adam(learningRate, 0.9, 0.999, 1e-8);
  const history: EpochRecord[] = [];
  let best: BestCheckpoint | undefined;
  let bestParams: ParamsMap | undefined;
  let interrupted = false;

  try {
    for (let epoch = 1; epoch <= options.epochs && !interrupted; epoch++) {
      const started = performance.now();
      const order = shuffled(train.count, random);
      // A last batch of 1 would make BatchNorm's batch variance meaningless: fold it into the previous one.
      const batches: number[][] = [];
      for (let s = 0; s < order.length; s += batchSize) batches.push(order.slice(s, s + batchSize));
      if (batches.length > 1 && batches.at(-1)!.length === 1) batches[batches.length - 2]!.push(...batches.pop()!);
      let lossSum = 0;
      let correct = 0;
      let seen = 0;
      for (let b = 0; b < batches.length; b++) {
        // tfjs reads on wasm/cpu finish without giving the event loop a turn: without this, a
        // Ctrl-C handler (which aborts the signal) would never run during training.
        await new Promise((resolve) => setImmediate(resolve));
        if (options.signal?.aborted) {
          interrupted = true;
          break;
        }
        const shift = options.augmentShift ?? 0;
        const { batch, labels } = batchFromSet(train, batches[b]!, shift > 0 ? (px, offset, size) => augmentImage(px, offset, size, random, { maxShift: shift }) : undefined);
        const updates = new Map<string, tf.Tensor>();
        const logitsHolder: { logits?: tf.Tensor } = {};
        const cost = optimizer.minimize(
          () => {
            const x = batchTensor(batch);
            const out = forwardLogits(spec, params, x, {
              training: true,
              onBatchStatistics: (name, mean, unbiasedVariance) => {
                // running = (1 - m) * running + m * batch statistic, as torch.nn.BatchNorm2d.
                const blend = (key: string, stat: tf.Tensor) => updates.set(key, tf.keep(tf.add(tf.mul(params.get(key)!, 1 - momentum), tf.mul(stat, momentum))));
                blend(`${name}.running_mean`, mean);
                blend(`${name}.running_var`, unbiasedVariance);
              },
            });
            logitsHolder.logits = tf.keep(tf.clone(out));
            return tf.div(crossEntropySum(out, tf.tensor1d(labels, 'int32')), labels.length) as tf.Scalar;
          },
          true,
          variables,
        );
        for (const [key, value] of updates) {
          params.get(key)!.dispose();
          params.set(key, value);
        }
        const loss = (await cost!.data())[0]!;
        const logits = (await logitsHolder.logits!.data()) as Float32Array;
        tf.dispose([cost!, logitsHolder.logits!]);
        if (!Number.isFinite(loss)) throw new Error(`Training diverged at epoch ${epoch}, batch ${b + 1} (loss ${loss}): lower the learning rate.`);
        lossSum += loss * labels.length;
        correct += countCorrect(logits, labels, spec.numClasses);
        seen += labels.length;
        options.onBatch?.({ epoch, epochs: options.epochs, batch: b + 1, batches: batches.length, loss: lossSum / seen, accuracy: correct / seen });
      }
      if (interrupted) break;
      const val = await evaluateSet(spec, params, validation, batchSize);
      const record: EpochRecord = {
        epoch,
        learningRate,
        trainLoss: lossSum / seen,
        trainAccuracy: correct / seen,
        valLoss: val.loss,
        valAccuracy: val.accuracy,
        seconds: (performance.now() - started) / 1000,
      };
      history.push(record);
      options.onEpoch?.(record);
      if (!best || val.accuracy > best.valAccuracy) {
        best = { epoch, valAccuracy: val.accuracy };
        bestParams = await toHostParams(params);
        await options.onBest?.(best, bestParams);
      }
      learningRate *= lrDecay;
      // tfjs's Adam keeps its learning rate in a plain field; changing it keeps the moment estimates, as a PyTorch LR scheduler does.
      (optimizer as unknown as { learningRate: number }).learningRate = learningRate;
    }
  } finally {
    optimizer.dispose();
    for (const t of params.values()) t.dispose();
  }
  return { history, best, bestParams, interrupted };
}
