/**
 * Runs a search for the CLI: progress display, counting fits run and resumed,
 * Ctrl-C → abort through the search's AbortSignal (the journal is kept) and
 * the exact command to resume.
 */
import { basename, relative } from 'node:path';
import type { Labels, Matrix } from '../data/matrix.js';
import type { BaseSearchCV } from '../search/base-search.js';
import type { ProgressInfo, ResumedInfo } from '../search/types.js';
import { ExecutorError, SearchAbortedError } from '../errors.js';
import { EXIT, ReportedError } from './errors.js';
import { shellQuote } from './format.js';
import { ProgressReporter, type ProgressMode, type StatusRelay } from './progress.js';
import type { CvResultsTable } from './results-export.js';

/** The searches the CLI drives (GridSearchCV, RandomizedSearchCV: EventEmitters). */
export type CliSearch = BaseSearchCV;

/** What the CLI learnt from running a search. */
export interface SearchOutcome {
  cvResults: CvResultsTable;
  fitsRun: number;
  fitsResumed: number;
  failedFits: number;
  wallSeconds: number;
}

/** Options of `runSearch`. */
export interface RunSearchOptions {
  X: Matrix;
  y: Labels | string[];
  groups?: ArrayLike<number>;
  journal?: string;
  progress: ProgressMode;
  label: string;
  /** Printed (unless quiet) before the search starts, e.g. where the fits will run. */
  startNote?: string;
  /** Where finished fits survive besides the journal (the executor's `keptResults`), for the messages after a stop. */
  keptResults?: () => string | undefined;
  /** Statuses for the progress line from outside the search (cluster: "waiting for workers: 0 alive"). */
  status?: StatusRelay;
}

/** How this process was invoked, for the resume hint: 'npx hyperfold', 'hyperfold' or 'node dist/cli/main.js'. */
export function invocation(argv: readonly string[] = process.argv): string {
  const script = argv[1] ?? 'hyperfold';
  if (basename(script) === 'hyperfold') return script.includes('node_modules') ? 'npx hyperfold' : 'hyperfold';
  const rel = relative(process.cwd(), script);
  return `node ${shellQuote(rel && !rel.startsWith('..') ? rel : script)}`;
}

/** The command line that resumes this run (same arguments: the journal makes it skip finished fits). */
export function resumeCommand(argv: readonly string[] = process.argv): string {
  return [invocation(argv), ...argv.slice(2).map(shellQuote)].join(' ');
}

/**
 * Fits `search` with progress and Ctrl-C handling. On Ctrl-C the search is
 * aborted, a line says how many fits finished and how to resume, and the
 * SearchAbortedError is rethrown (exit code 130). A second Ctrl-C exits at once.
 */
export async function runSearch(search: CliSearch, opts: RunSearchOptions): Promise<SearchOutcome> {
  const reporter = new ProgressReporter(opts.progress, opts.label);
  let fitsRun = 0;
  let failedFits = 0;
  let fitsResumed = 0;
  search.on('progress', (p: ProgressInfo) => reporter.update(p));
  // fits about to run (an internal event the dashboard reads too): a status line before the first result says 0/N
  (search as unknown as NodeJS.EventEmitter).on('candidates', (e: { candidates: readonly unknown[]; nSplits: number }) =>
    reporter.announce(e.candidates.length * e.nSplits),
  );
  if (opts.status) opts.status.show = (text) => reporter.status(text);
  search.on('result', (r: { ok?: boolean }) => {
    fitsRun++;
    if (r && r.ok === false) failedFits++;
  });
  search.on('resumed', (x: ResumedInfo) => {
    fitsResumed += x.count;
    const from = x.from !== undefined ? `kept ${x.from}` : `from the journal ${opts.journal ?? ''}`.trimEnd();
    reporter.note(`${opts.label}: resumed ${x.count} finished fits ${from}`);
  });

  if (opts.startNote) reporter.note(`${opts.label}: ${opts.startNote}`);
  const controller = new AbortController();
  let interrupts = 0;
  const onSigint = (): void => {
    interrupts++;
    if (interrupts > 1) process.exit(EXIT.interrupted);
    reporter.note(`${opts.label}: interrupted, stopping… (Ctrl-C again to quit at once)`);
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  const t0 = performance.now();
  try {
    await search.fit(opts.X, opts.y, {
      ...(opts.groups ? { groups: opts.groups } : {}),
      ...(opts.journal ? { journal: opts.journal } : {}),
      signal: controller.signal,
    });
  } catch (err) {
    reporter.stop();
    if (controller.signal.aborted || err instanceof SearchAbortedError) {
      const done = err instanceof SearchAbortedError ? `${err.finished} of ${err.total} fits finished` : `${fitsRun + fitsResumed} fits finished`;
      const kept = opts.keptResults?.();
      const hint = opts.journal
        ? `${done}, kept in the journal ${opts.journal}. Resume with:\n  ${resumeCommand()}`
        : kept
          ? `${done}, kept ${kept}; re-run the same command within that time to reuse them:\n  ${resumeCommand()}`
          : `${done}; no --journal was given, so they were not kept. Add --journal <file.jsonl> to make a search resumable.`;
      process.stderr.write(`${opts.label}: interrupted: ${hint}\n`);
      throw new ReportedError(EXIT.interrupted, `interrupted: ${done}`);
    }
    if (err instanceof ExecutorError) {
      // the machinery failed (e.g. Redis gone): say what was kept and how to go on, on the same line
      const n = fitsRun + fitsResumed;
      const kept = opts.keptResults?.();
      const what = opts.journal
        ? `${n} fits in the journal ${opts.journal}; re-run to resume: ${resumeCommand()}`
        : kept
          ? `${n} fits finished, kept ${kept} if it comes back; re-run the same command to reuse them (add --journal <file.jsonl> for a durable record)`
          : `${n} fits finished and not kept; add --journal <file.jsonl> to make a search resumable`;
      throw new ExecutorError(`${err.message}; ${what}`, { cause: err });
    }
    throw err;
  } finally {
    process.off('SIGINT', onSigint);
    if (opts.status) opts.status.show = undefined;
  }
  reporter.stop();
  return {
    cvResults: search.cvResults ?? {},
    fitsRun,
    fitsResumed,
    failedFits,
    wallSeconds: (performance.now() - t0) / 1000,
  };
}
