import { availableParallelism } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ResourceLimits } from 'node:worker_threads';
import { ValidationError } from '../../errors.js';
import type { DispatchOrder } from './dispatch-queue.js';
import { optionName, PRELOAD_FLAGS } from './preload-flags.js';

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
  /**
   * Node options of the threads (default: this process's own, V8 options
   * included; in the built package without the tsx loader, which a thread
   * registers itself only when it imports TypeScript `modules` — inheriting it
   * would load tsx into every thread, ~35 MB each).
   */
  execArgv?: readonly string[];
  /**
   * V8 heap limits of each thread (Node's `ResourceLimits`), merged over the
   * default `{ maxYoungGenerationSizeMb: 4 }`: fits are typed-array code that
   * makes little short-lived garbage, and V8's default young generation (up to
   * 16 MB committed per thread) only added resident memory on every thread.
   */
  resourceLimits?: ResourceLimits;
}

/** PiscinaExecutorOptions with every default filled in and module references as URL strings. */
export interface ResolvedPoolOptions {
  maxThreads: number;
  minThreads: number;
  idleTimeout: number;
  modules: string[];
  order: DispatchOrder;
  batchTargetMs: number;
  /** Undefined: the threads get this process's own options (see threadExecArgv). */
  execArgv: string[] | undefined;
  resourceLimits: ResourceLimits;
}

/** Whether this module runs from the TypeScript sources (under tsx) rather than the built package. */
const FROM_SOURCE = import.meta.url.endsWith('.ts');

/** Young-generation size of each pool thread unless `resourceLimits` says otherwise (MB). */
export const DEFAULT_YOUNG_GENERATION_MB = 4;

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

const TSX = /^tsx(\/|$)|[\\/]node_modules[\\/]tsx[\\/]/;

/**
 * Options Node refuses in a worker's `execArgv` (ERR_WORKER_INVALID_EXEC_ARGV) that users pass to `node`: V8's
 * (they are process-wide, so the threads run with them anyway; per-thread heap limits are `resourceLimits`) and
 * per-process ones. Any other option Node does not accept in NODE_OPTIONS is a V8 option too.
 */
const PROCESS_WIDE = new Set([
  '--max-old-space-size',
  '--max-semi-space-size',
  '--huge-max-old-generation-size',
  '--stack-size',
  '--stack-trace-limit',
  '--expose-gc',
  '--jitless',
  '--abort-on-uncaught-exception',
  '--disallow-code-generation-from-strings',
  '--interpreted-frames-native-stack',
  '--perf-basic-prof',
  '--perf-basic-prof-only-functions',
  '--perf-prof',
  '--perf-prof-unwinding-info',
  '--title',
  '--v8-pool-size',
  '--use-largepages',
  '--secure-heap',
  '--secure-heap-min',
  '--zero-fill-buffers',
  '--disable-proto',
  '--icu-data-dir',
  '--openssl-config',
  '--tls-cipher-list',
  '--use-openssl-ca',
  '--use-bundled-ca',
  '--force-fips',
  '--enable-fips',
  '--trace-event-categories',
  '--trace-event-file-pattern',
  '--trace-events-enabled',
]);

/**
 * The threads' Node options when the user gives none: undefined — Node hands a worker this process's own
 * options, V8's included (`node --max-old-space-size=8192 search.js` must not stop the pool: an explicit
 * execArgv carrying it makes Node refuse to start the thread) — unless the tsx loader is dropped (the built
 * package under `--import tsx`): then the rest, without the options Node refuses in a worker's execArgv.
 * From TypeScript sources the thread entry (worker.ts) itself needs the inherited tsx loader.
 */
export function threadExecArgv(execArgv: readonly string[], fromSource: boolean): string[] | undefined {
  if (fromSource) return undefined;
  const kept = withoutTsxLoader(execArgv);
  if (kept.length === execArgv.length) return undefined;
  const out: string[] = [];
  for (let i = 0; i < kept.length; i++) {
    const arg = kept[i]!;
    const name = optionName(arg).replaceAll('_', '-');
    const node = name.startsWith('--no-') ? `--${name.slice(5)}` : name;
    const allowed = process.allowedNodeEnvironmentFlags;
    if (!arg.startsWith('--') || (!PROCESS_WIDE.has(node) && (allowed.has(name) || allowed.has(node)))) {
      out.push(arg);
      continue;
    }
    // left out, with its value when given as the next entry (`--title pool`): execArgv holds only options and their values
    if (!arg.includes('=') && kept[i + 1] !== undefined && !kept[i + 1]!.startsWith('-')) i++;
  }
  return out;
}

/**
 * `execArgv` without tsx's loader flags (`--import tsx`, `--loader=tsx`, `-r tsx/cjs`, …):
 * the pool's threads register tsx themselves when they need it (see tsLoaderUrl).
 */
export function withoutTsxLoader(execArgv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const arg = execArgv[i]!;
    const eq = arg.indexOf('=');
    if (!PRELOAD_FLAGS.has(optionName(arg))) {
      out.push(arg);
      continue;
    }
    const value = eq > 0 ? arg.slice(eq + 1) : execArgv[i + 1];
    if (value !== undefined && TSX.test(value)) {
      if (eq < 0) i++;
      continue;
    }
    out.push(arg);
  }
  return out;
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
  if (o.execArgv !== undefined && !(Array.isArray(o.execArgv) && o.execArgv.every((a) => typeof a === 'string'))) {
    throw new ValidationError(`PiscinaExecutor option execArgv must be an array of strings (Node options), got ${JSON.stringify(o.execArgv)}`);
  }
  const execArgv = o.execArgv ? [...o.execArgv] : threadExecArgv(process.execArgv, FROM_SOURCE);
  const limits = o.resourceLimits ?? {};
  for (const [k, v] of Object.entries(limits)) {
    if (!['maxYoungGenerationSizeMb', 'maxOldGenerationSizeMb', 'codeRangeSizeMb', 'stackSizeMb'].includes(k)) {
      throw new ValidationError(
        `PiscinaExecutor option resourceLimits has unknown key '${k}'; use maxYoungGenerationSizeMb, maxOldGenerationSizeMb, codeRangeSizeMb or stackSizeMb`,
      );
    }
    if (v !== undefined && !(typeof v === 'number' && v > 0)) {
      throw new ValidationError(`PiscinaExecutor option resourceLimits.${k} must be a number of MB > 0, got ${JSON.stringify(v)}`);
    }
  }
  const resourceLimits: ResourceLimits = { maxYoungGenerationSizeMb: DEFAULT_YOUNG_GENERATION_MB, ...limits };
  return { maxThreads, minThreads, idleTimeout, modules: (o.modules ?? []).map(moduleSpecifier), order, batchTargetMs, execArgv, resourceLimits };
}

/**
 * The worker entry next to this module, with this module's own extension:
 * `worker.ts` when running from source under tsx (whose loader Node passes to
 * worker threads through execArgv), `worker.js` in the compiled package.
 */
export function workerEntryUrl(): URL {
  const ext = FROM_SOURCE ? '.ts' : '.js';
  return new URL(`./worker${ext}`, import.meta.url);
}

/**
 * When this module runs from TypeScript sources (under tsx), the URL of tsx's
 * ESM API, which each thread registers before importing .ts modules (Node 20
 * does not pass tsx's ESM hooks to worker threads). Undefined in the compiled
 * package, or when tsx cannot be resolved.
 */
export function tsLoaderUrl(modules: readonly string[]): string | undefined {
  const fromSource = FROM_SOURCE || modules.some((m) => /\.[cm]?ts$/.test(m));
  if (!fromSource) return undefined;
  try {
    return import.meta.resolve('tsx/esm/api');
  } catch {
    return undefined;
  }
}
