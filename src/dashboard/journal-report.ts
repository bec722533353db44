/**
 * Rebuilds a dashboard state from a search journal (`hyperfold report --journal`):
 * the header gives the folds and metrics, each result line a fit (with its
 * worker, times, and — from journals written by this version — the candidate's
 * parameters and when the result landed). A complete journal yields the same
 * cvResults, ranks and best candidate as the search that wrote it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { ValidationError } from '../errors.js';
import type { Params } from '../estimators/estimator.js';
import { parseResultLine, type JournalHeader } from '../jobs/journal.js';
import type { FitResult } from '../jobs/types.js';
import { ProgressTracker } from '../search/progress.js';
import { assembleCvResults } from '../search/results.js';
import { selectBestIndex } from '../search/select-best.js';
import type { CvResults } from '../search/types.js';
import { cvResultsFiles } from './dashboard.js';
import { reportHtml } from './page/html.js';
import { SearchState } from './state.js';

/** Options of `stateFromJournal`. */
export interface JournalReportOptions {
  /** Metric that ranks candidates (default: 'score' for one metric, else the first scoring key). */
  metric?: string;
  /** Title shown on the page (default: the estimator and the journal's file name). */
  title?: string;
}

interface Line {
  result: FitResult;
  params?: Params;
  at?: number;
  /** Halving searches: the round (iteration) of the fit's candidate, its resources, the round count. */
  iter?: number;
  nResources?: number;
  nIterations?: number;
}

/** Reads `path` and rebuilds the final dashboard state of the search it records. */
export function stateFromJournal(path: string, options: JournalReportOptions = {}): SearchState {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ValidationError(
      `--journal ${path}: cannot read it (${(err as Error).message}); give the path of a journal written by 'hyperfold search --journal'`,
    );
  }
  const rows = text.split('\n');
  let header: JournalHeader;
  try {
    header = JSON.parse(rows[0] ?? '') as JournalHeader;
  } catch {
    throw new ValidationError(`--journal ${path}: its first line is not JSON; is it a hyperfold journal?`);
  }
  if (!header || header.kind !== 'hyperfold-journal') throw new ValidationError(`--journal ${path}: its first line is not a hyperfold-journal header`);
  const metrics = Object.keys(header.scoring ?? {});
  const metric = options.metric ?? (metrics.length === 1 ? metrics[0]! : (metrics[0] ?? 'score'));
  if (!metrics.includes(metric)) throw new ValidationError(`--metric ${metric}: the journal scored ${metrics.join(', ')}; name one of them`);
  const lines: Line[] = [];
  for (let i = 1; i < rows.length; i++) {
    const raw = rows[i]!.trim();
    if (raw === '') continue;
    let o: Record<string, unknown>;
    try {
      o = JSON.parse(raw) as Record<string, unknown>;
      const result = parseResultLine(o);
      lines.push({
        result,
        ...(o.params && typeof o.params === 'object' ? { params: o.params as Params } : {}),
        ...(typeof o.at === 'number' ? { at: o.at } : {}),
        ...(typeof o.iter === 'number' && typeof o.nResources === 'number' && typeof o.nIterations === 'number'
          ? { iter: o.iter, nResources: o.nResources, nIterations: o.nIterations }
          : {}),
      });
    } catch (err) {
      if (i === rows.length - 1) continue; // a last line cut short by a crash mid-write
      throw new ValidationError(`--journal ${path}, line ${i + 1}: not a valid result (${(err as Error).message})`);
    }
  }
  const nSplits = header.nSplits;
  // loops, not Math.max(...lines): a spread of 100,000s of arguments overflows the stack
  let nCandidates = header.nCandidates ?? 0;
  for (const l of lines) nCandidates = Math.max(nCandidates, l.result.candidateIndex + 1);
  // lines without a landing time (older journals) are laid end to end on their worker's lane
  const laneClock = new Map<string, number>();
  let firstAt = Infinity;
  for (const l of lines) firstAt = Math.min(firstAt, l.result.startedAt ?? (l.at ?? Infinity) - (l.result.fitTime + l.result.scoreTime) * 1000);
  const t0 = Number.isFinite(firstAt) ? firstAt : 0;
  for (const l of lines) {
    if (l.at !== undefined) continue;
    const lane = l.result.worker ?? 'inline';
    const end = (laneClock.get(lane) ?? t0) + (l.result.fitTime + l.result.scoreTime) * 1000;
    laneClock.set(lane, end);
    l.at = end;
  }
  lines.sort((a, b) => a.at! - b.at!);

  const state = new SearchState(t0);
  state.begin({ title: options.title ?? `${header.estimator} — ${basename(path)}`, metric, nSplits });
  const params: Params[] = Array.from({ length: nCandidates }, () => ({}));
  for (const l of lines) if (l.params) params[l.result.candidateIndex] = l.params;
  // halving searches: each round's candidates follow the previous round's, as they were added live
  const rounds = new Map<number, { first: number; last: number; nResources: number; nIterations: number; startMs: number }>();
  for (const l of lines) {
    if (l.iter === undefined) continue;
    const c = l.result.candidateIndex;
    const start = l.result.startedAt ?? l.at ?? t0;
    const r = rounds.get(l.iter);
    if (!r) rounds.set(l.iter, { first: c, last: c, nResources: l.nResources!, nIterations: l.nIterations!, startMs: start });
    else {
      r.first = Math.min(r.first, c);
      r.last = Math.max(r.last, c);
      r.startMs = Math.min(r.startMs, start);
    }
  }
  if (rounds.size === 0) state.addCandidates(0, params);
  else {
    let next = 0;
    for (const [iteration, r] of [...rounds].sort((a, b) => a[0] - b[0])) {
      if (r.first > next) state.addCandidates(next, params.slice(next, r.first)); // candidates of a round with no line yet
      state.startRound({ iteration, nIterations: r.nIterations, nCandidates: r.last - r.first + 1, nResources: r.nResources }, r.startMs);
      state.addCandidates(r.first, params.slice(r.first, r.last + 1));
      next = r.last + 1;
    }
    if (next < params.length) state.addCandidates(next, params.slice(next));
  }
  const tracker = new ProgressTracker(metric, NaN);
  tracker.addTotal(nCandidates * nSplits);
  const slots: FitResult[][] = Array.from({ length: nCandidates }, () => new Array<FitResult>(nSplits));
  let last = t0;
  for (const l of lines) {
    const r = l.result;
    if (slots[r.candidateIndex]![r.splitIndex] !== undefined) continue;
    slots[r.candidateIndex]![r.splitIndex] = r;
    state.addResult(r, l.at!);
    tracker.record(r, r.candidateIndex, params[r.candidateIndex]!, nSplits);
    tracker.ran();
    last = l.at!;
    state.setProgress({ ...tracker.snapshot(), elapsedMs: last - t0, etaMs: undefined }, last);
  }
  const complete = slots.every((row) => row.every((r) => r !== undefined)) && lines.length > 0;
  let cv: CvResults | undefined;
  let bestIndex: number | undefined;
  if (complete) {
    cv = assembleCvResults({ candidates: params, nSplits, metrics, returnTrainScore: header.returnTrainScore, results: slots, errorScore: NaN });
    bestIndex = selectBestIndex(true, metric, cv);
  }
  state.finish(cv, bestIndex, cv && bestIndex !== undefined ? (cv[`mean_test_${metric}`] as number[])[bestIndex] : undefined, last);
  return state;
}

/**
 * Writes the static report of the search recorded in `journal` to `out` (what
 * `hyperfold report --journal … --out …` does); returns the rebuilt state.
 */
export function writeJournalReport(journal: string, out: string, options: JournalReportOptions = {}): SearchState {
  const state = stateFromJournal(journal, options);
  const cv = state.results;
  writeFileSync(out, reportHtml({ snapshot: state.snapshot(), ...(cv ? cvResultsFiles(cv) : {}) }));
  return state;
}
