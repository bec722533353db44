export * from './types.js';
export * from './fit-and-score.js';
export * from './job-key.js';
export * from './journal.js';
export * from './failures.js';
export * from './fit-timeout.js';
