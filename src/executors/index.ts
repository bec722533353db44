/** The executors that run in this process (the cluster executor is `./cluster/index.js`, the `hyperfold/cluster` entry). */
export * from './executor.js';
export * from './inline.js';
export * from './default.js';
export * from './piscina/index.js';
