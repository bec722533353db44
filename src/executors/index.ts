export * from './executor.js';
export * from './inline.js';
export * from './default.js';
export * from './cluster/index.js';
export * from './piscina/index.js';
