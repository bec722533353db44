/** scikit-learn's FitFailedWarning: one warning per search (or crossValidate) naming what failed. */
import type { Params } from '../estimators/estimator.js';
import type { FitFailure } from '../jobs/types.js';

/**
 * The warning text: the count, then one line per candidate and error — its splits in order, so
 * the text is the same whichever executor ran the fits and in whatever order they finished
 * (scikit-learn groups identical errors the same way). At most `maxLines` lines, then a count.
 */
export function fitFailedMessage(
  failures: readonly FitFailure[],
  total: number,
  errorScore: number | 'raise',
  candidates: readonly Params[],
  maxLines = 5,
): string {
  const groups = new Map<string, { candidate: number; splits: number[]; error: string }>();
  const sorted = [...failures].sort((a, b) => a.candidateIndex - b.candidateIndex || a.splitIndex - b.splitIndex);
  for (const f of sorted) {
    const error = `${f.errorClass}: ${f.message}`;
    const key = `${f.candidateIndex}\u0000${error}`;
    const g = groups.get(key);
    if (g) g.splits.push(f.splitIndex);
    else groups.set(key, { candidate: f.candidateIndex, splits: [f.splitIndex], error });
  }
  const lines = [...groups.values()].map((g) => {
    const params = candidates[g.candidate];
    const splits = g.splits.length === 1 ? `split ${g.splits[0]}` : `splits ${g.splits.join(', ')}`;
    return `  candidate ${g.candidate}${params ? ` (${JSON.stringify(params)})` : ''} ${splits}: ${g.error}`;
  });
  const more = lines.length > maxLines ? `\n  … and ${lines.length - maxLines} more (see search.failures)` : '';
  return `${failures.length} of ${total} fits failed and scored errorScore (${String(errorScore)}):\n${lines.slice(0, maxLines).join('\n')}${more}`;
}

/** Emits the FitFailedWarning through process.emitWarning (shown on stderr once; listen with process.on('warning')). */
export function emitFitFailedWarning(failures: readonly FitFailure[], total: number, errorScore: number | 'raise', candidates: readonly Params[]): void {
  if (failures.length === 0) return;
  process.emitWarning(fitFailedMessage(failures, total, errorScore, candidates), 'FitFailedWarning');
}
