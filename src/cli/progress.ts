/**
 * Search progress on stderr: a cli-progress bar when stderr is a terminal,
 * plain periodic lines otherwise (CI, logs), nothing with `--quiet`.
 */
import cliProgress from 'cli-progress';
import type { ProgressInfo } from '../search/types.js';
import { formatScore, formatSeconds } from './format.js';

/** How progress is shown. */
export type ProgressMode = 'bar' | 'lines' | 'none';

/** The mode for this process: none when quiet, a bar on a TTY, lines otherwise. */
export function progressMode(quiet: boolean, stream: NodeJS.WriteStream = process.stderr): ProgressMode {
  if (quiet) return 'none';
  return stream.isTTY ? 'bar' : 'lines';
}

function payload(p: ProgressInfo, status?: string): { failed: number; best: string; etaText: string; elapsedText: string; round: string; status: string } {
  const best = p.best?.score;
  return {
    // what holds the fits up (cluster: "waiting for workers: 0 alive"), while it lasts
    status: status !== undefined ? ` | ${status}` : '',
    // successive halving: which iteration the fits belong to
    round: p.iteration !== undefined ? ` | iteration ${p.iteration + 1}/${p.nIterations ?? '?'}` : '',
    failed: p.failed,
    best: best === undefined ? '-' : formatScore(best),
    etaText: p.etaMs === undefined || !Number.isFinite(p.etaMs) ? '?' : formatSeconds(p.etaMs / 1000),
    elapsedText: formatSeconds(p.elapsedMs / 1000),
  };
}

/** One plain progress line (with `status`, e.g. "waiting for workers: 0 alive", at its end). */
export function progressLine(label: string, p: ProgressInfo, status?: string): string {
  const q = payload(p, status);
  const pct = p.total > 0 ? Math.floor((100 * p.done) / p.total) : 100;
  return `${label}: ${p.done}/${p.total} fits (${pct}%), ${q.failed} failed, ${q.elapsedText} elapsed, ETA ${q.etaText}, best ${q.best}${q.round.replace(' |', ',')}${q.status.replace(' |', ',')}`;
}

/** The bar's layout (cli-progress tokens filled by `payload`). */
export function barFormat(label: string): string {
  return `${label} {bar} {value}/{total} fits | {failed} failed | {elapsedText} | ETA {etaText} | best {best}{round}{status}`;
}

/**
 * Where something created before the display (e.g. the cluster executor's "waiting for
 * workers" callback) sends a status for the progress line; `runSearch` connects `show`.
 */
export interface StatusRelay {
  show?(text: string | undefined): void;
}

/**
 * Shows a search's progress in the chosen mode; `update` after each result, `status` while
 * something holds the fits up, `stop` at the end.
 */
export class ProgressReporter {
  private bar: cliProgress.SingleBar | undefined;
  private lastLineAt = 0;
  private last: ProgressInfo | undefined;
  private current: string | undefined;
  /** Fits announced before the first progress report (so a status line can say 0/N). */
  private announced = 0;
  private readonly t0 = Date.now();

  constructor(
    private readonly mode: ProgressMode,
    private readonly label = 'search',
    /** Minimum time between plain lines. */
    private readonly intervalMs = Number(process.env.HYPERFOLD_PROGRESS_INTERVAL_MS ?? 5000),
    private readonly stream: NodeJS.WritableStream = process.stderr,
  ) {}

  /** Counts fits about to run (a search's 'candidates' event), for status lines before the first result. */
  announce(fits: number): void {
    this.announced += fits;
  }

  /** Records one progress report. */
  update(p: ProgressInfo): void {
    this.last = p;
    if (this.mode === 'bar') this.draw(p);
    else if (this.mode === 'lines') {
      const now = Date.now();
      const first = this.lastLineAt === 0;
      if (first || now - this.lastLineAt >= this.intervalMs || p.done === p.total) {
        this.lastLineAt = now;
        this.stream.write(progressLine(this.label, p, this.current) + '\n');
      }
    }
  }

  /**
   * Shows `text` inside the progress line (the bar, or a plain line printed now) until called
   * with `undefined`: what holds the fits up, e.g. "waiting for workers: 0 alive".
   */
  status(text: string | undefined): void {
    if (this.mode === 'none' || (text === undefined && this.current === undefined)) return;
    this.current = text;
    const p = this.now();
    if (this.mode === 'bar') this.draw(p);
    else if (text !== undefined) {
      this.lastLineAt = Date.now();
      this.stream.write(progressLine(this.label, p, text) + '\n');
    }
  }

  /** The last report with the elapsed time brought up to now (or 0 done of the announced fits). */
  private now(): ProgressInfo {
    const elapsedMs = Date.now() - this.t0;
    if (this.last) return { ...this.last, elapsedMs: Math.max(this.last.elapsedMs, elapsedMs) };
    return { done: 0, total: this.announced, failed: 0, elapsedMs };
  }

  private draw(p: ProgressInfo): void {
    if (!this.bar) {
      this.bar = new cliProgress.SingleBar(
        { format: barFormat(this.label), stream: this.stream, hideCursor: true, fps: 5 },
        cliProgress.Presets.shades_classic,
      );
      this.bar.start(p.total, p.done, payload(p, this.current));
    } else {
      this.bar.setTotal(p.total);
      this.bar.update(p.done, payload(p, this.current));
    }
  }

  /** A free-form note (e.g. "resumed 12 fits from the journal"), kept clear of the bar. */
  note(text: string): void {
    if (this.mode === 'none') return;
    if (this.bar) this.bar.stop();
    this.bar = undefined;
    this.stream.write(text + '\n');
  }

  /** Ends the display (prints the final state in line mode if it was not printed yet). */
  stop(): void {
    if (this.bar) {
      this.bar.stop();
      this.bar = undefined;
    } else if (this.mode === 'lines' && this.last && this.last.done !== this.last.total) {
      this.stream.write(progressLine(this.label, this.last, this.current) + '\n');
    }
  }
}
