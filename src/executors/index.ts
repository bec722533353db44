export * from './executor.js';
export * from './inline.js';
