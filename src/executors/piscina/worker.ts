/**
 * The entry of every pool thread (piscina's `filename`). It loads the real
 * work (worker-core) with a dynamic import so the whole graph is ES modules
 * even when piscina `require`s this file; when the pool runs from TypeScript
 * sources under tsx on Node 20 — whose ESM hooks do not reach worker threads —
 * it first registers tsx's ESM loader in this thread (`workerData.tsLoader`).
 */
import { workerData } from 'node:worker_threads';
import type { PoolReply, PoolTask, PoolWorkerData } from './messages.js';

type Core = typeof import('./worker-core.js');

async function start(): Promise<Core> {
  const tsLoader = (workerData as PoolWorkerData | undefined)?.tsLoader;
  if (tsLoader) {
    const api = (await import(tsLoader)) as { register(): unknown };
    api.register();
  }
  const core = (await import('./worker-core.js')) as Core;
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
