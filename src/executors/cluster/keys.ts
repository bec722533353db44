/**
 * Redis key names of the cluster executor, in one place. Everything lives under
 * `<prefix>:hf:` (BullMQ's own keys are `<prefix>:<queue>:…`).
 */
export class ClusterKeys {
  constructor(
    readonly prefix: string,
    readonly queue: string,
  ) {}

  /** The binary data set, content-addressed by its fingerprint (TTL'd). */
  data(dataId: string): string {
    return `${this.prefix}:hf:data:${dataId}`;
  }

  /** One fold's indices, content-addressed by their hash (TTL'd). */
  fold(foldId: string): string {
    return `${this.prefix}:hf:fold:${foldId}`;
  }

  /** Hash: job key → FitResult JSON, written once per key (HSETNX). */
  results(searchId: string): string {
    return `${this.prefix}:hf:search:${searchId}:results`;
  }

  /** Stream of results in the order they landed (what the coordinator follows). */
  events(searchId: string): string {
    return `${this.prefix}:hf:search:${searchId}:events`;
  }

  /** 'running' or 'cancelled'; absent once the search completed. Results are only written while 'running'. */
  state(searchId: string): string {
    return `${this.prefix}:hf:search:${searchId}:state`;
  }

  /** Pub/sub channel announcing state changes (cancel / resume) to workers. */
  control(): string {
    return `${this.prefix}:hf:control`;
  }

  /** Sorted set: worker id → last heartbeat (ms), per queue. */
  workers(): string {
    return `${this.prefix}:hf:workers:${this.queue}`;
  }

  /** Hash: worker id → JSON {concurrency, estimators, host, pid}. */
  workerInfo(): string {
    return `${this.prefix}:hf:workerinfo:${this.queue}`;
  }

  /** Hash: estimator name → mean seconds per fit (fit + score), measured by workers; sizes batches. */
  fitStats(): string {
    return `${this.prefix}:hf:fitstats`;
  }

  /** Every key belonging to one search (removed on completion). */
  searchKeys(searchId: string): string[] {
    return [this.results(searchId), this.events(searchId), this.state(searchId)];
  }
}
