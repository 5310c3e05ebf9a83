/**
 * Per-identity results as plain data: accuracy per true class with Wilson intervals, and the
 * confusion matrix (rows = true class, columns = predicted class), e.g. after an attack.
 */
import { wilsonInterval, type Rate } from './wilson.js';

export interface ClassAccuracy {
  readonly label: number;
  /** Correct / samples of this class (RobustBench style after an attack: every sample attacked). */
  readonly accuracy: Rate;
}

export interface PerClassResults {
  readonly classes: ClassAccuracy[];
  /** confusion[trueClass][predictedClass] = sample count. */
  readonly confusion: number[][];
}

export class PerClassCounter {
  private readonly confusion: number[][];

  constructor(readonly numClasses: number) {
    this.confusion = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  }

  add(trueLabel: number, predicted: number): void {
    const row = this.confusion[trueLabel];
    if (!row || predicted < 0 || predicted >= this.numClasses) throw new Error(`PerClassCounter: class ${trueLabel} -> ${predicted} outside 0..${this.numClasses - 1}.`);
    row[predicted]!++;
  }

  results(): PerClassResults {
    return {
      classes: this.confusion.map((row, label) => ({ label, accuracy: wilsonInterval(row[label]!, row.reduce((a, b) => a + b, 0)) })),
      confusion: this.confusion.map((row) => row.slice()),
    };
  }
}
