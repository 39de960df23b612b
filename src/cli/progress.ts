/**
 * Batch progress on stderr: "files 12/50 · 48,200 rows/s". Drawn in place with a carriage
 * return, only when stderr is a terminal and --quiet is off, so logs and pipes never see it;
 * redrawn at most every 100 ms and erased when the batch ends, before results are printed.
 */
export class Progress {
  private done = 0;
  private rows = 0;
  private readonly started = Date.now();
  private lastDraw = 0;
  private drawn = false;

  constructor(
    private readonly total: number,
    private readonly enabled: boolean,
    private readonly write: (text: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  fileDone(rows: number): void {
    this.done++;
    this.rows += rows;
    if (!this.enabled || this.total < 2) return;
    const t = this.now();
    if (this.done < this.total && t - this.lastDraw < 100) return;
    this.lastDraw = t;
    this.write(`\r\x1b[K${this.line(t)}`);
    this.drawn = true;
  }

  /** The text of the progress line at time `t` (ms). */
  line(t: number = this.now()): string {
    const seconds = Math.max((t - this.started) / 1000, 1e-3);
    const rate = Math.round(this.rows / seconds);
    return `cyclekit: files ${this.done}/${this.total} · ${rate.toLocaleString('en-US')} rows/s`;
  }

  finish(): void {
    if (this.drawn) this.write('\r\x1b[K');
    this.drawn = false;
  }
}
