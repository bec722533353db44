export { PiscinaExecutor } from './executor.js';
export type { PiscinaExecutorOptions } from './options.js';
export type { DispatchOrder } from './dispatch-queue.js';
export type { RunStats } from './run-session.js';
export { jobMessageBytes } from './wire.js';
export { FoldTable } from './shared-data.js';
