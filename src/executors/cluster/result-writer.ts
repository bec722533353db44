import type { Redis } from 'ioredis';
import type { FitResult } from '../../jobs/types.js';
import type { ClusterKeys } from './keys.js';
import { WRITE_RESULTS_LUA } from './protocol.js';

/**
 * Writes a worker's results to the search's results hash + event stream,
 * coalescing: while one write is in flight the next results queue up and go in
 * the following call (one round trip per burst, not per fit).
 */
export class ResultWriter {
  private pending: FitResult[] = [];
  private inFlight: Promise<void> | undefined;
  private failure: unknown;
  /** True once Redis answered that the search is no longer running (cancelled or finished). */
  stopped = false;
  written = 0;

  constructor(
    private readonly redis: Redis,
    private readonly keys: ClusterKeys,
    private readonly searchId: string,
    private readonly ttlSeconds: number,
    private readonly onStopped: () => void,
  ) {}

  /** Queues a result; a write starts at once unless one is in flight. */
  add(r: FitResult): void {
    this.pending.push(r);
    if (!this.inFlight) this.inFlight = this.drain();
  }

  /** Waits until every queued result is written; rethrows a Redis error. */
  async flush(): Promise<void> {
    while (this.inFlight) await this.inFlight;
    if (this.failure) throw this.failure;
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending.length > 0 && !this.failure) {
        // at most 1000 results per call (Lua's unpack limit is a few thousand values)
        const batch = this.pending.splice(0, 1000);
        const args: string[] = [String(this.ttlSeconds)];
        for (const r of batch) args.push(r.key, JSON.stringify(r));
        const keys = this.keys;
        const n = (await this.redis.eval(
          WRITE_RESULTS_LUA,
          3,
          keys.results(this.searchId),
          keys.events(this.searchId),
          keys.state(this.searchId),
          ...args,
        )) as number;
        if (n < 0) {
          this.stopped = true;
          this.pending = [];
          this.onStopped();
        } else {
          this.written += n;
        }
      }
    } catch (err) {
      this.failure = err;
    } finally {
      this.inFlight = undefined;
    }
  }
}
