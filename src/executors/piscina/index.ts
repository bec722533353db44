export { PiscinaExecutor } from './executor.js';
export type { PiscinaExecutorOptions } from './options.js';
export type { DispatchOrder } from './dispatch-queue.js';
export type { RunStats } from './run-session.js';
export { jobMessageBytes } from './message-size.js';
export { FoldTable } from './fold-table.js';
