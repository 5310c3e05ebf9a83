/**
 * One progress bar on stderr (cli-progress) that log lines can interrupt: the bar is cleared, the
 * line printed, and the bar comes back on the next update. When stderr is not a terminal there is
 * no bar at all (logs stay clean), only the log lines.
 */
import cliProgress from 'cli-progress';

export class ProgressLine {
  private bar: cliProgress.SingleBar | undefined;
  private readonly enabled: boolean;

  constructor(
    private readonly format: string,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {
    this.enabled = Boolean(stream.isTTY);
  }

  update(value: number, total: number, payload: Record<string, unknown> = {}): void {
    if (!this.enabled) return;
    if (!this.bar) {
      this.bar = new cliProgress.SingleBar(
        { format: this.format, stream: this.stream, clearOnComplete: true, hideCursor: true, etaBuffer: 30, barsize: 24 },
        cliProgress.Presets.shades_classic,
      );
      this.bar.start(total, value, payload);
      return;
    }
    this.bar.setTotal(total);
    this.bar.update(value, payload);
  }

  /** Clears the bar (it returns on the next update). */
  stop(): void {
    this.bar?.stop();
    this.bar = undefined;
  }

  log(line: string): void {
    this.stop();
    this.stream.write(`${line}\n`);
  }
}
