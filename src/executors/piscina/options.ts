import { availableParallelism } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ValidationError } from '../../errors.js';
import type { DispatchOrder } from './dispatch-queue.js';

/** Options of `new PiscinaExecutor(...)`. */
export interface PiscinaExecutorOptions {
  /** Most threads (default: `os.availableParallelism()`). */
  maxThreads?: number;
  /** Threads kept alive while idle (default: 0 — threads start on demand). */
  minThreads?: number;
  /** Milliseconds an idle thread above `minThreads` lives (default: 1000). */
  idleTimeout?: number;
  /**
   * Modules every thread imports before its first job, so the estimators and
   * scorers they register resolve by name: URLs (`new URL('./my.js', import.meta.url)`),
   * `file:` URL strings, absolute or relative (to the working directory) paths, or package names.
   */
  modules?: readonly (URL | string)[];
  /** 'costliest-first' (default) or 'as-given' (the search's order). */
  order?: DispatchOrder;
  /** Small jobs are grouped into batches of about this many milliseconds of work (default: 20). */
  batchTargetMs?: number;
}

/** PiscinaExecutorOptions with every default filled in and module references as URL strings. */
export interface ResolvedPoolOptions {
  maxThreads: number;
  minThreads: number;
  idleTimeout: number;
  modules: string[];
  order: DispatchOrder;
  batchTargetMs: number;
}

/** Turns a module reference into what `import()` accepts in a thread. */
export function moduleSpecifier(m: URL | string): string {
  if (m instanceof URL) return m.href;
  if (/^[a-z][a-z0-9+.-]*:/i.test(m) && !/^[a-z]:[\\/]/i.test(m)) return m;
  if (isAbsolute(m) || m.startsWith('.')) return pathToFileURL(resolve(m)).href;
  return m;
}

function positiveInt(name: string, v: number | undefined, fallback: number, min: number): number {
  if (v === undefined) return fallback;
  if (!Number.isInteger(v) || v < min) {
    throw new ValidationError(`PiscinaExecutor option ${name} must be an integer ≥ ${min}, got ${String(v)}`);
  }
  return v;
}

/** Validates options and fills in defaults (one place for every default). */
export function resolvePoolOptions(o: PiscinaExecutorOptions = {}): ResolvedPoolOptions {
  const maxThreads = positiveInt('maxThreads', o.maxThreads, availableParallelism(), 1);
  const minThreads = positiveInt('minThreads', o.minThreads, 0, 0);
  if (minThreads > maxThreads) {
    throw new ValidationError(`PiscinaExecutor option minThreads (${minThreads}) exceeds maxThreads (${maxThreads})`);
  }
  const idleTimeout = positiveInt('idleTimeout', o.idleTimeout, 1000, 0);
  const order = o.order ?? 'costliest-first';
  if (order !== 'costliest-first' && order !== 'as-given') {
    throw new ValidationError(`PiscinaExecutor option order must be 'costliest-first' or 'as-given', got '${String(order)}'`);
  }
  const batchTargetMs = o.batchTargetMs ?? 20;
  if (!(batchTargetMs >= 0)) throw new ValidationError(`PiscinaExecutor option batchTargetMs must be ≥ 0, got ${String(batchTargetMs)}`);
  return { maxThreads, minThreads, idleTimeout, modules: (o.modules ?? []).map(moduleSpecifier), order, batchTargetMs };
}

/**
 * The worker entry next to this module, with this module's own extension:
 * `worker.ts` when running from source under tsx (whose loader Node passes to
 * worker threads through execArgv), `worker.js` in the compiled package.
 */
export function workerEntryUrl(): URL {
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  return new URL(`./worker${ext}`, import.meta.url);
}

/**
 * When this module runs from TypeScript sources (under tsx), the URL of tsx's
 * ESM API, which each thread registers before importing .ts modules (Node 20
 * does not pass tsx's ESM hooks to worker threads). Undefined in the compiled
 * package, or when tsx cannot be resolved.
 */
export function tsLoaderUrl(modules: readonly string[]): string | undefined {
  const fromSource = import.meta.url.endsWith('.ts') || modules.some((m) => /\.[cm]?ts$/.test(m));
  if (!fromSource) return undefined;
  try {
    return import.meta.resolve('tsx/esm/api');
  } catch {
    return undefined;
  }
}
