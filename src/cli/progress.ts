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

function payload(p: ProgressInfo): { failed: number; best: string; etaText: string; elapsedText: string; round: string } {
  const best = p.best?.score;
  return {
    // successive halving: which iteration the fits belong to
    round: p.iteration !== undefined ? ` | iteration ${p.iteration + 1}/${p.nIterations ?? '?'}` : '',
    failed: p.failed,
    best: best === undefined ? '-' : formatScore(best),
    etaText: p.etaMs === undefined || !Number.isFinite(p.etaMs) ? '?' : formatSeconds(p.etaMs / 1000),
    elapsedText: formatSeconds(p.elapsedMs / 1000),
  };
}

/** One plain progress line. */
export function progressLine(label: string, p: ProgressInfo): string {
  const q = payload(p);
  const pct = p.total > 0 ? Math.floor((100 * p.done) / p.total) : 100;
  return `${label}: ${p.done}/${p.total} fits (${pct}%), ${q.failed} failed, ${q.elapsedText} elapsed, ETA ${q.etaText}, best ${q.best}${q.round.replace(' |', ',')}`;
}

/** Shows a search's progress in the chosen mode; `update` after each result, `stop` at the end. */
export class ProgressReporter {
  private bar: cliProgress.SingleBar | undefined;
  private lastLineAt = 0;
  private last: ProgressInfo | undefined;

  constructor(
    private readonly mode: ProgressMode,
    private readonly label = 'search',
    /** Minimum time between plain lines. */
    private readonly intervalMs = Number(process.env.HYPERFOLD_PROGRESS_INTERVAL_MS ?? 5000),
  ) {}

  /** Records one progress report. */
  update(p: ProgressInfo): void {
    this.last = p;
    if (this.mode === 'bar') {
      if (!this.bar) {
        this.bar = new cliProgress.SingleBar(
          {
            format: `${this.label} {bar} {value}/{total} fits | {failed} failed | {elapsedText} | ETA {etaText} | best {best}{round}`,
            stream: process.stderr,
            hideCursor: true,
            fps: 5,
          },
          cliProgress.Presets.shades_classic,
        );
        this.bar.start(p.total, p.done, payload(p));
      } else {
        this.bar.setTotal(p.total);
        this.bar.update(p.done, payload(p));
      }
    } else if (this.mode === 'lines') {
      const now = Date.now();
      const first = this.lastLineAt === 0;
      if (first || now - this.lastLineAt >= this.intervalMs || p.done === p.total) {
        this.lastLineAt = now;
        process.stderr.write(progressLine(this.label, p) + '\n');
      }
    }
  }

  /** A free-form note (e.g. "resumed 12 fits from the journal"), kept clear of the bar. */
  note(text: string): void {
    if (this.mode === 'none') return;
    if (this.bar) this.bar.stop();
    this.bar = undefined;
    process.stderr.write(text + '\n');
  }

  /** Ends the display (prints the final state in line mode if it was not printed yet). */
  stop(): void {
    if (this.bar) {
      this.bar.stop();
      this.bar = undefined;
    } else if (this.mode === 'lines' && this.last && this.last.done !== this.last.total) {
      process.stderr.write(progressLine(this.label, this.last) + '\n');
    }
  }
}
