import { infrastructureFailure } from '../../jobs/failures.js';
import type { FitFailure, FitJob } from '../../jobs/types.js';

/** Infrastructure failures for the still-missing fits of a batch a worker gave up on (its last attempt failed). */
export function lostBatchFailures(json: string, batches: Map<string, string[]>, pending: Set<string>, byKey: Map<string, FitJob[]>): FitFailure[] {
  let info: { batch?: unknown; message?: unknown; attempts?: unknown; worker?: unknown };
  try {
    info = JSON.parse(json) as typeof info;
  } catch {
    return [];
  }
  const keys = typeof info.batch === 'string' ? (batches.get(info.batch) ?? []) : [];
  return keys
    .filter((k) => pending.has(k))
    .map((k) =>
      infrastructureFailure(
        byKey.get(k)![0]!,
        `batch ${String(info.batch)} failed ${String(info.attempts)} time(s) on the cluster: ${String(info.message)}`,
        typeof info.attempts === 'number' ? info.attempts : 0,
        typeof info.worker === 'string' ? info.worker : undefined,
      ),
    );
}
