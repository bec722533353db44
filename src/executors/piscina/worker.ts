/**
 * The entry of every pool thread (piscina's `filename`). It loads the real
 * work (worker-core) as ES modules — with require() where Node can (see
 * `syncRequire`), else a dynamic import; when the pool runs from TypeScript
 * sources under tsx on Node 20 — whose ESM hooks do not reach worker threads —
 * it first registers tsx's ESM loader in this thread (`workerData.tsLoader`).
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { workerData } from 'node:worker_threads';
import type { PoolReply, PoolTask, PoolWorkerData } from './messages.js';

type Core = typeof import('./worker-core.js');

const tsLoader = (workerData as PoolWorkerData | undefined)?.tsLoader;

/**
 * This thread's own modules (worker-core, the built-in estimators) load synchronously where Node
 * requires ES modules (20.19+, 22.12+): the same module instances as import() gives, with no async
 * hop per module (measured per thread start: worker-core 16 ms against 20.5 ms, DummyClassifier 2 ms
 * against 5.5 ms). Not where Node cannot, from TypeScript sources (tsx's hooks), or where the thread
 * preloads code (its module hooks must see every import).
 */
const syncRequire =
  !tsLoader && (process.features as { require_module?: boolean }).require_module && !(workerData as PoolWorkerData | undefined)?.preloadsCode
    ? createRequire(import.meta.url)
    : undefined;

/** Loads a module by URL: require() where this thread can, else (or when require fails: top-level await …) import(). */
function load(url: string): unknown {
  if (syncRequire) {
    try {
      return syncRequire(fileURLToPath(url));
    } catch {
      // a module with top-level await (ERR_REQUIRE_ASYNC_MODULE), or an error import() reports the same way
    }
  }
  return import(url);
}

async function start(): Promise<Core> {
  if (tsLoader) {
    const api = (await import(tsLoader)) as { register(): unknown };
    api.register();
  }
  const core = (await load(new URL('./worker-core.js', import.meta.url).href)) as Core;
  core.useModuleLoader(load);
  await core.loadModules();
  await core.preload();
  return core;
}

const core = start();
core.catch(() => undefined);

/** piscina's task handler: waits for the thread's set-up once, then runs the task. */
export default async function handle(task: PoolTask): Promise<PoolReply> {
  return (await core).handleTask(task);
}
