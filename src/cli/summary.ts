/**
 * What a finished search prints: the top-k candidates as a table (rank,
 * mean ± std, params, mean fit time), the best params and score, the refit
 * time and the wall time — or the same as one JSON object for `--json`.
 */
import { formatMeanStd, formatParams, formatScore, formatSeconds, formatTable } from './format.js';
import { candidateCount, type CvResultsTable } from './results-export.js';
import type { SearchOutcome } from './run-search.js';

/** Everything the summary needs besides cvResults. */
export interface SummaryInput {
  outcome: SearchOutcome;
  /** cvResults metric suffix: 'score' for one metric, else the refit metric's name. */
  metric: string;
  /** Scoring shown to the user, e.g. 'accuracy'. */
  scoringLabel: string;
  bestParams?: unknown;
  bestScore?: number;
  bestIndex?: number;
  refitTime?: number;
  top: number;
  /** Free-form context lines ("data: digits, 1797 rows × 64 features"). */
  context: Record<string, string | number>;
}

function numberColumn(cv: CvResultsTable, key: string): ArrayLike<number> | undefined {
  const col = cv[key];
  return col ? (col as ArrayLike<number>) : undefined;
}

/** Candidate indices sorted by rank (ties by index), at most `k`. */
export function topCandidates(cv: CvResultsTable, metric: string, k: number): number[] {
  const rank = numberColumn(cv, `rank_test_${metric}`);
  const n = candidateCount(cv);
  const idx = Array.from({ length: n }, (_, i) => i);
  if (rank) idx.sort((a, b) => Number(rank[a]) - Number(rank[b]) || a - b);
  return idx.slice(0, Math.max(0, k));
}

/** The top-k table as text. */
export function topTable(cv: CvResultsTable, metric: string, k: number): string {
  const rank = numberColumn(cv, `rank_test_${metric}`);
  const mean = numberColumn(cv, `mean_test_${metric}`);
  const std = numberColumn(cv, `std_test_${metric}`);
  const fit = numberColumn(cv, 'mean_fit_time');
  const params = cv.params as ArrayLike<Record<string, unknown>> | undefined;
  const rows = topCandidates(cv, metric, k).map((i) => [
    rank ? String(rank[i]) : '',
    mean && std ? formatMeanStd(Number(mean[i]), Number(std[i])) : '',
    params ? formatParams(params[i] ?? {}) : '',
    fit ? formatSeconds(Number(fit[i])) : '',
  ]);
  return formatTable(
    [
      { header: 'rank', align: 'right' },
      { header: `mean ± std ${metric === 'score' ? 'test score' : metric}` },
      { header: 'params' },
      { header: 'mean fit time', align: 'right' },
    ],
    rows,
  );
}

/** The human-readable summary printed on stdout. */
export function formatSummary(s: SummaryInput): string {
  const cv = s.outcome.cvResults;
  const n = candidateCount(cv);
  const lines: string[] = [];
  for (const [k, v] of Object.entries(s.context)) lines.push(`${k}: ${v}`);
  lines.push('', `Top ${Math.min(s.top, n)} of ${n} candidates by mean test ${s.scoringLabel}:`, topTable(cv, s.metric, s.top), '');
  if (s.bestParams !== undefined) lines.push(`Best params: ${formatParams(s.bestParams as Record<string, unknown>)}`);
  if (s.bestScore !== undefined) lines.push(`Best score:  ${formatScore(s.bestScore)} (mean test ${s.scoringLabel})`);
  if (s.refitTime !== undefined) lines.push(`Refit time:  ${formatSeconds(s.refitTime)}`);
  const o = s.outcome;
  const fits = `${o.fitsRun} fits run` + (o.fitsResumed ? `, ${o.fitsResumed} resumed` : '') + (o.failedFits ? `, ${o.failedFits} failed` : '');
  lines.push(`Wall time:   ${formatSeconds(o.wallSeconds)} (${fits})`);
  return lines.join('\n') + '\n';
}

/** The `--json` summary: one object with the best candidate, counts and timings. */
export function jsonSummary(s: SummaryInput): Record<string, unknown> {
  const cv = s.outcome.cvResults;
  const mean = numberColumn(cv, `mean_test_${s.metric}`);
  const std = numberColumn(cv, `std_test_${s.metric}`);
  const params = cv.params as ArrayLike<unknown> | undefined;
  const top = topCandidates(cv, s.metric, s.top).map((i) => ({
    index: i,
    rank: Number(numberColumn(cv, `rank_test_${s.metric}`)?.[i]),
    meanTestScore: mean ? nullIfNaN(Number(mean[i])) : null,
    stdTestScore: std ? nullIfNaN(Number(std[i])) : null,
    params: params?.[i],
    meanFitTime: Number(numberColumn(cv, 'mean_fit_time')?.[i]),
  }));
  return {
    ...s.context,
    scoring: s.scoringLabel,
    nCandidates: candidateCount(cv),
    bestIndex: s.bestIndex ?? null,
    bestParams: s.bestParams ?? null,
    bestScore: s.bestScore === undefined ? null : nullIfNaN(s.bestScore),
    refitTime: s.refitTime ?? null,
    wallTime: s.outcome.wallSeconds,
    fitsRun: s.outcome.fitsRun,
    fitsResumed: s.outcome.fitsResumed,
    failedFits: s.outcome.failedFits,
    top,
  };
}

function nullIfNaN(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}
