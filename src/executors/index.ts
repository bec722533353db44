export * from './executor.js';
export * from './inline.js';
export * from './default.js';
