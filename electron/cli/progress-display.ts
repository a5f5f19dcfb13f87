/**
 * Progress of long work (pack, verify, import) on the terminal: one stderr line rewritten in place
 * with bytes done/total, percent, rate, ETA and the current file. Drawn only when stderr is a
 * terminal — in pipes and logs it stays silent, so captured output holds results only.
 */
import type { EngineProgress } from '../../shared/progress';
import { formatBytes, formatDuration, formatRate, percent } from '../../shared/units';
import type { CliIo } from './output';

/** At most this many redraws a second. */
const MIN_INTERVAL_MS = 100;
/** Rate is measured over this much recent history, so it follows changes in speed. */
const WINDOW_MS = 5000;

export interface ProgressDisplayOptions {
  /** Clock in milliseconds (tests pass a fake one). Default `Date.now`. */
  now?: () => number;
  /** Draw even when stderr is not a terminal (tests). Default: only on a terminal. */
  force?: boolean;
}

/**
 * Renders EngineProgress reports. Pass `display.update` as an engine's `onProgress`; call
 * `display.finish()` once the work ends (success or failure) to clear the line.
 */
export class ProgressDisplay {
  private readonly enabled: boolean;
  private readonly now: () => number;
  private samples: { t: number; bytes: number }[] = [];
  private lastDraw = -Infinity;
  private drawn = false;

  constructor(private readonly io: CliIo, options: ProgressDisplayOptions = {}) {
    this.enabled = options.force ?? io.isTTY.stderr;
    this.now = options.now ?? Date.now;
  }

  /** Records a report and redraws if the last redraw was at least 100 ms ago. Cheap otherwise. */
  readonly update = (p: EngineProgress): void => {
    if (!this.enabled) return;
    const t = this.now();
    this.record(t, p.bytesDone);
    if (t - this.lastDraw < MIN_INTERVAL_MS) return;
    this.lastDraw = t;
    this.io.stderr(`\r${this.render(p)}\x1b[K`);
    this.drawn = true;
  };

  /** Clears the progress line so the next output starts on a clean line. */
  finish(): void {
    if (this.drawn) this.io.stderr('\r\x1b[K');
    this.drawn = false;
  }

  /** Bytes per second over the sliding window (0 until two samples exist). */
  rate(): number {
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    if (!first || !last || last.t <= first.t) return 0;
    return Math.max(0, (last.bytes - first.bytes) / ((last.t - first.t) / 1000));
  }

  /** The line that would be drawn for `p` now, truncated to the terminal width. */
  render(p: EngineProgress): string {
    const rate = this.rate();
    const eta = rate > 0 && p.bytesTotal >= p.bytesDone ? (p.bytesTotal - p.bytesDone) / rate : null;
    const parts = [
      p.phase,
      `${formatBytes(p.bytesDone)} / ${formatBytes(p.bytesTotal)}`,
      `${percent(p.bytesDone, p.bytesTotal)}%`,
      formatRate(rate),
      `ETA ${formatDuration(eta)}`,
    ];
    const head = parts.join('  ');
    const width = Math.max(20, this.io.columns - 1);
    if (!p.currentFile) return truncateEnd(head, width);
    const room = width - head.length - 2;
    return room >= 8 ? `${head}  ${truncateStart(p.currentFile, room)}` : truncateEnd(head, width);
  }

  private record(t: number, bytes: number): void {
    const last = this.samples[this.samples.length - 1];
    // A new phase may restart its byte count: start the window over rather than report a negative rate.
    if (last && bytes < last.bytes) this.samples = [];
    this.samples.push({ t, bytes });
    while (this.samples.length > 2 && t - this.samples[0]!.t > WINDOW_MS) this.samples.shift();
  }
}

/** Keeps the end of a path, where the file name is: "…/deep/dir/file.bin". */
function truncateStart(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `…${chars.slice(chars.length - max + 1).join('')}`;
}

function truncateEnd(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
