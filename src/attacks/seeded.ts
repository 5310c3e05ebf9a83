/** Seeded random streams, one per (seed, purpose, global sample index): batching-independent. */
import seedrandom from 'seedrandom';

export function sampleStream(seed: number | string, purpose: string, sampleIndex: number): () => number {
  return seedrandom(`${String(seed)}|${purpose}|${sampleIndex}`);
}
