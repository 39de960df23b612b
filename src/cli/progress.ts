import { readFileSync } from 'node:fs';

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

/** Bytes this process has read so far (Linux /proc/self/io `rchar`: every thread, every file); null elsewhere. */
export function processBytesRead(): number | null {
  try {
    const m = /^rchar:\s*(\d+)/m.exec(readFileSync('/proc/self/io', 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

const MB = 1024 * 1024;

/**
 * Progress of one large file on stderr: "big.csv · 312 MB of 1.2 GB (26 %) · ~2,100,000 rows ·
 * 95 MB/s". Readers report nothing while they stream (and one large file may be folded on
 * several threads), so the bytes come from what the process has read; rows are estimated from
 * the first rows' length, and marked ~ (text files only). Drawn only on a terminal, from the
 * second second on, at most four times a second, and erased before results are printed.
 */
export class FileProgress {
  private timer: NodeJS.Timeout | null = null;
  private drawn = false;
  private readonly started: number;
  private readonly baseBytes: number;

  constructor(
    private readonly name: string,
    private readonly sizeBytes: number,
    private readonly bytesPerRow: number | null,
    private readonly write: (text: string) => void,
    private readonly bytesRead: () => number | null = processBytesRead,
    private readonly now: () => number = Date.now,
  ) {
    this.started = now();
    this.baseBytes = bytesRead() ?? 0;
  }

  start(delayMs = 1000, everyMs = 250): void {
    if (this.bytesRead() === null) return;
    const first = setTimeout(() => {
      this.draw();
      this.timer = setInterval(() => this.draw(), everyMs);
      this.timer.unref();
    }, delayMs);
    first.unref();
    this.timer = first;
  }

  /** The progress text at this moment. */
  line(): string {
    const read = Math.min(Math.max((this.bytesRead() ?? 0) - this.baseBytes, 0), this.sizeBytes);
    const seconds = Math.max((this.now() - this.started) / 1000, 1e-3);
    const size = (b: number): string => (b >= 1024 * MB ? `${(b / 1024 / MB).toFixed(2)} GB` : `${(b / MB).toFixed(1)} MB`);
    const percent = this.sizeBytes > 0 ? ` (${Math.floor((read / this.sizeBytes) * 100)} %)` : '';
    const rows = this.bytesPerRow !== null && this.bytesPerRow > 0 ? ` · ~${Math.round(read / this.bytesPerRow).toLocaleString('en-US')} rows` : '';
    return `cyclekit: ${this.name} · ${size(read)} of ${size(this.sizeBytes)}${percent}${rows} · ${(read / MB / seconds).toFixed(1)} MB/s`;
  }

  private draw(): void {
    this.write(`\r\x1b[K${this.line()}`);
    this.drawn = true;
  }

  finish(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      clearInterval(this.timer);
    }
    this.timer = null;
    if (this.drawn) this.write('\r\x1b[K');
    this.drawn = false;
  }
}

/** Mean bytes per line of a text file's first 64 KiB (null for binary content): for the ~rows estimate. */
export function sampleBytesPerRow(head: Uint8Array): number | null {
  let lines = 0;
  let control = 0;
  for (const b of head) {
    if (b === 10) lines++;
    else if (b < 9) control++;
  }
  return lines >= 10 && control === 0 ? head.length / lines : null;
}
