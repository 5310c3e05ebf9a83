/** Per-sample cross-entropy from logits, as PyTorch's F.cross_entropy for one row (log-sum-exp). */
export function crossEntropyAt(logits: Float32Array, row: number, numClasses: number, label: number): number {
  const base = row * numClasses;
  let max = -Infinity;
  for (let j = 0; j < numClasses; j++) max = Math.max(max, logits[base + j]!);
  let sum = 0;
  for (let j = 0; j < numClasses; j++) sum += Math.exp(logits[base + j]! - max);
  return max + Math.log(sum) - logits[base + label]!;
}
