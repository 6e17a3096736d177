// A progress line on stderr while a large input is read: "reading FILE [####----] 45%  300,000
// rows  62.1 MB/s". Drawn only when the CLI enabled it (stderr is a terminal and no --quiet), and
// only once reading has taken more than a second, so small files and pipes never see it.

/** The part of a terminal stream progress needs. */
export interface ProgressStream {
  write(text: string): unknown;
  columns?: number;
}

export interface ProgressOptions {
  /** Nothing is drawn before reading has taken this long (default: 1000 ms). */
  afterMs?: number;
  /** Redraw at most this often (default: 200 ms). */
  everyMs?: number;
  now?: () => number;
}

const BAR_WIDTH = 20;
const CLEAR_LINE = '\r\x1b[K';

function megabytes(bytes: number): string {
  return (bytes / 1_000_000).toFixed(1);
}

/** One file being read: counts bytes, redraws now and then. */
export class FileProgress {
  private bytes = 0;
  private lastDraw = -Infinity;
  private drawn = false;
  private readonly started: number;

  constructor(
    private readonly stream: ProgressStream,
    private readonly label: string,
    private readonly totalBytes: number | null,
    private readonly rows: () => number,
    private readonly options: Required<ProgressOptions>,
  ) {
    this.started = options.now();
  }

  addBytes(count: number): void {
    this.bytes += count;
    const now = this.options.now();
    const elapsed = now - this.started;
    if (elapsed < this.options.afterMs || now - this.lastDraw < this.options.everyMs) return;
    this.lastDraw = now;
    this.drawn = true;
    this.stream.write(`${CLEAR_LINE}${this.line(elapsed)}`);
  }

  /** Clears the line, so that what follows on stderr starts clean. */
  done(): void {
    if (this.drawn) this.stream.write(CLEAR_LINE);
    this.drawn = false;
  }

  private line(elapsedMs: number): string {
    const rate = `${megabytes(this.bytes / (Math.max(elapsedMs, 1) / 1000))} MB/s`;
    const rows = `${this.rows().toLocaleString('en-US')} rows`;
    let bar = '';
    if (this.totalBytes) {
      const share = Math.min(1, this.bytes / this.totalBytes);
      const filled = Math.round(share * BAR_WIDTH);
      bar = ` [${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${Math.floor(share * 100)}%`;
    }
    const text = `planmetrics: reading ${this.label}${bar}  ${rows}  ${megabytes(this.bytes)} MB  ${rate}`;
    const width = this.stream.columns;
    return width && text.length >= width ? text.slice(0, width - 1) : text;
  }
}

/** Off unless the CLI turns it on; the reader asks it for a FileProgress per file. */
export class ReadProgress {
  private stream: ProgressStream | null = null;
  private options: Required<ProgressOptions> = { afterMs: 1000, everyMs: 200, now: () => performance.now() };

  enable(stream: ProgressStream, options: ProgressOptions = {}): void {
    this.stream = stream;
    this.options = { ...this.options, ...options };
  }

  disable(): void {
    this.stream = null;
  }

  /** A counter for one file, or null when progress is off (then reading pays nothing for it). */
  start(label: string, totalBytes: number | null, rows: () => number): FileProgress | null {
    if (!this.stream) return null;
    return new FileProgress(this.stream, label, totalBytes, rows, this.options);
  }
}

/** The one instance the CLI enables and the submission reader reports to. */
export const readProgress = new ReadProgress();
