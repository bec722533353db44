import type { EventEmitter } from 'node:events';
import { ExecutorError } from '../../errors.js';

/** Redis stayed unreachable longer than the bound (`redisTimeoutMs`): the run stops instead of hanging. */
export class RedisUnreachableError extends ExecutorError {
  constructor(
    message: string,
    /** The URL (password hidden). */
    readonly url: string,
  ) {
    super(message);
  }
}

/** Options of a ConnectionWatch. */
export interface ConnectionWatchOptions {
  /** The URL shown in every line (password hidden). */
  label: string;
  /** Who speaks, the start of every line: 'cluster:' (the coordinator) or '[host:pid]' (a worker). */
  role: string;
  /** Milliseconds Redis may stay unreachable before `guard` rejects; Infinity: wait forever (workers). */
  boundMs: number;
  /** Where the one line per state change goes. */
  log(line: string): void;
}

const CONNECTION_ERROR =
  /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EPIPE|ENOTFOUND|EAI_AGAIN|Connection is closed|Stream isn't writeable|connect ETIMEDOUT|LOADING|Socket closed unexpectedly/i;

/** True for an error that only says the connection to Redis is (temporarily) gone. */
export function isConnectionError(err: unknown): boolean {
  return err instanceof Error && (CONNECTION_ERROR.test(err.message) || CONNECTION_ERROR.test(String((err as { code?: unknown }).code ?? '')));
}

/**
 * Follows one Redis connection (ioredis events) and turns its state changes
 * into one line each — "lost Redis at <url> (<why>)", "Redis at <url> is back
 * after 5.1 s" — instead of the raw error objects ioredis and BullMQ emit on
 * every reconnect attempt. `guard` bounds every awaited command by the outage
 * bound and by an AbortSignal, so a dead Redis never makes a run hang or
 * Ctrl-C wait. Hand-written: ioredis reports every failed attempt, not state
 * changes, and has no bound on how long commands wait in its offline queue
 * (`maxRetriesPerRequest: null`, which BullMQ requires).
 */
export class ConnectionWatch {
  private downSince: number | undefined;
  private lastError: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private failure: RedisUnreachableError | undefined;
  /**
   * The pending `guard` calls' rejecters, told when Redis is gone for good. One entry per call,
   * removed when it settles: racing every call against one long-lived pending promise would
   * keep every value ever guarded alive (each race leaves a reaction on it holding its result).
   */
  private readonly onFail = new Set<(err: RedisUnreachableError) => void>();
  private readonly onUp = new Set<() => void>();
  /** Messages of non-connection errors already logged since the last reconnect (one line each). */
  private readonly seen = new Set<string>();
  private closed = false;
  /** Times the connection came back. */
  reconnects = 0;

  constructor(private readonly opts: ConnectionWatchOptions) {
    this.arm();
  }

  /** Clears a past "Redis is gone for good" (after a reconnect, the next outage is judged on its own). */
  private arm(): void {
    this.failure = undefined;
  }

  /** Follows `client`'s connection state (its 'close' / 'ready' events); its errors are recorded, never printed raw. */
  watch(client: EventEmitter): this {
    client.on('error', (err: unknown) => this.record(err));
    client.on('close', () => this.down());
    client.on('end', () => this.down());
    client.on('ready', () => this.up());
    return this;
  }

  /**
   * Listens to the 'error' events of BullMQ objects: connection errors are covered by the state
   * lines, `expected` ones dropped, others logged once per kind between reconnects.
   */
  quiet(emitter: EventEmitter, expected: (message: string) => boolean = () => false): this {
    emitter.on('error', (err: unknown) => {
      if (isConnectionError(err)) return this.record(err);
      // after a restart or flush BullMQ reports each lost job ("Missing key for job …"): one line per kind
      const msg = (err instanceof Error ? err.message : String(err)).split('\n')[0]!;
      if (expected(msg)) return;
      const kind = msg.replace(/\bjob \S+/g, 'job …');
      if (this.closed || this.seen.has(kind) || this.downSince !== undefined) return;
      this.seen.add(kind);
      this.opts.log(`${this.opts.role} Redis error at ${this.opts.label}: ${kind}`);
    });
    return this;
  }

  /** True while the watched connection is up. */
  get isUp(): boolean {
    return this.downSince === undefined;
  }

  /** Milliseconds since the connection dropped (0 while up). */
  get downMs(): number {
    return this.downSince === undefined ? 0 : Date.now() - this.downSince;
  }

  /** Calls `fn` each time the connection comes back (e.g. to check whether Redis lost our state). */
  onReconnect(fn: () => void): () => void {
    this.onUp.add(fn);
    return () => this.onUp.delete(fn);
  }

  /**
   * `p`, unless Redis stays unreachable longer than the bound (rejects with a
   * RedisUnreachableError), the command gets no answer within the bound (a
   * silently dead link), or `signal` aborts (rejects with its reason).
   */
  async guard<T>(p: Promise<T>, signal?: AbortSignal): Promise<T> {
    if (this.failure) throw this.failure;
    if (signal?.aborted) throw abortReason(signal);
    let onFail: ((err: RedisUnreachableError) => void) | undefined;
    const racers: Promise<T>[] = [p, new Promise<never>((_, reject) => this.onFail.add((onFail = reject)))];
    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    if (Number.isFinite(this.opts.boundMs)) {
      racers.push(
        new Promise<never>((_, reject) => {
          const why = (): string => (this.downSince !== undefined ? this.unreachable() : `gave no answer within ${seconds(this.opts.boundMs)}`);
          timer = setTimeout(() => reject(this.fail(why())), this.opts.boundMs);
        }),
      );
    }
    if (signal) {
      racers.push(
        new Promise<never>((_, reject) => {
          onAbort = () => reject(abortReason(signal));
          signal.addEventListener('abort', onAbort, { once: true });
        }),
      );
    }
    p.catch(() => {}); // a command rejected after the race was decided is not an unhandled rejection
    try {
      return await Promise.race(racers);
    } finally {
      this.onFail.delete(onFail!);
      clearTimeout(timer);
      if (onAbort) signal!.removeEventListener('abort', onAbort);
    }
  }

  /** Resolves true if `p` settles within `ms` (for best-effort clean-up that must not hold up an exit). */
  static async within(p: Promise<unknown>, ms: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    p.catch(() => {});
    try {
      return await Promise.race([
        p.then(
          () => true,
          () => true,
        ),
        new Promise<boolean>((r) => (timer = setTimeout(() => r(false), ms))),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Stops the outage timer (the run is over). */
  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.onUp.clear();
  }

  private record(err: unknown): void {
    const e = err as { message?: unknown; code?: unknown };
    this.lastError = typeof e?.message === 'string' && e.message ? e.message.split('\n')[0] : String(e?.code ?? err);
  }

  private down(): void {
    if (this.downSince !== undefined || this.closed) return;
    this.downSince = Date.now();
    const bound = Number.isFinite(this.opts.boundMs) ? `retrying for up to ${seconds(this.opts.boundMs)}` : 'retrying until it answers';
    this.opts.log(`${this.opts.role} lost Redis at ${this.opts.label}${this.lastError ? ` (${this.lastError})` : ''}; ${bound}`);
    if (Number.isFinite(this.opts.boundMs)) {
      this.timer = setTimeout(() => this.fail(this.unreachable()), this.opts.boundMs);
      this.timer.unref();
    }
  }

  private up(): void {
    if (this.downSince === undefined) return;
    const ms = Date.now() - this.downSince;
    this.downSince = undefined;
    this.lastError = undefined;
    clearTimeout(this.timer);
    if (this.failure) this.arm();
    this.reconnects++;
    this.seen.clear();
    if (this.closed) return;
    this.opts.log(`${this.opts.role} Redis at ${this.opts.label} is back after ${seconds(ms)}`);
    for (const fn of this.onUp) fn();
  }

  private unreachable(): string {
    return `unreachable for ${seconds(Math.max(this.downMs, this.opts.boundMs))}${this.lastError ? ` (${this.lastError})` : ''}`;
  }

  private fail(why: string): RedisUnreachableError {
    this.failure ??= new RedisUnreachableError(`Redis at ${this.opts.label} ${why}`, this.opts.label);
    for (const reject of this.onFail) reject(this.failure);
    return this.failure;
  }
}

function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1).replace(/\.0$/, '')} s` : `${Math.round(ms / 1000)} s`;
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('aborted', 'AbortError');
}
