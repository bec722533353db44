/**
 * Progress of a benchmark on stderr while it runs (its table stays on stdout): which
 * variant runs and how far its search is, every few seconds. `hyperfold bench` forwards
 * these lines and adds a heartbeat when a script is silent.
 */
import type { EventEmitter } from 'node:events';

/** What a search's 'progress' event carries (the fields printed here). */
interface Progress {
  done: number;
  total: number;
  elapsedMs: number;
  etaMs?: number;
}

/** The variant this process runs (`--variant a b c` → 'a b c'), or '' in the parent process. */
export function variantLabel(argv: readonly string[] = process.argv): string {
  const i = argv.indexOf('--variant');
  if (i < 0) return '';
  return argv
    .slice(i + 1)
    .filter((a, k, all) => !a.startsWith('--') && !(k > 0 && all[k - 1]!.startsWith('--')))
    .join(' ');
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/**
 * Prints `label: done/total fits (p%), elapsed, ETA` on stderr for `search` (a GridSearchCV,
 * RandomizedSearchCV, … of src/ or dist/): the first fit, then at most every
 * HYPERFOLD_PROGRESS_INTERVAL_MS (default 5 s), and the last one.
 */
export function watchSearch<S extends EventEmitter>(search: S, label = variantLabel() || 'search'): S {
  const interval = Number(process.env.HYPERFOLD_PROGRESS_INTERVAL_MS ?? 5000);
  let last = 0;
  search.on('progress', (p: Progress) => {
    const now = Date.now();
    if (last !== 0 && now - last < interval && p.done !== p.total) return;
    last = now;
    const pct = p.total > 0 ? Math.floor((100 * p.done) / p.total) : 100;
    const eta = p.etaMs === undefined || p.done === p.total ? '' : `, ETA ${seconds(p.etaMs)}`;
    process.stderr.write(`  ${label}: ${p.done}/${p.total} fits (${pct}%), ${seconds(p.elapsedMs)}${eta}\n`);
  });
  return search;
}
