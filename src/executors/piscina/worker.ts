/**
 * The entry of every pool thread (piscina's `filename`). It loads the real
 * work (worker-core) with a dynamic import so the whole graph is ES modules
 * even when piscina `require`s this file; when the pool runs from TypeScript
 * sources under tsx on Node 20 — whose ESM hooks do not reach worker threads —
 * it first registers tsx's ESM loader in this thread (`workerData.tsLoader`).
 */
import { createRequire } from 'node:module';
import { workerData } from 'node:worker_threads';
import type { PoolReply, PoolTask, PoolWorkerData } from './messages.js';

type Core = typeof import('./worker-core.js');

/** Node options that preload code, which may register module hooks (`module.register`): those see import(), not require(). */
const PRELOADS = /^(--import|--loader|--experimental-loader|--require|-r)(=|$)/;

/**
 * worker-core loaded synchronously, where Node requires ES modules (20.19+, 22.12+): the same
 * module instances as import() gives, with no async hop per module of its ~30 (measured 16 ms
 * against 20.5 ms per thread start). Undefined where Node cannot, or where the thread preloads
 * code (its module hooks must see every import); import() then loads it.
 */
function requireCore(): Core | undefined {
  if (!(process.features as { require_module?: boolean }).require_module) return undefined;
  if (process.execArgv.some((a) => PRELOADS.test(a))) return undefined;
  try {
    return createRequire(import.meta.url)('./worker-core.js') as Core;
  } catch {
    return undefined;
  }
}

async function start(): Promise<Core> {
  const tsLoader = (workerData as PoolWorkerData | undefined)?.tsLoader;
  let core: Core | undefined;
  if (tsLoader) {
    const api = (await import(tsLoader)) as { register(): unknown };
    api.register();
  } else core = requireCore();
  core ??= (await import('./worker-core.js')) as Core;
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
