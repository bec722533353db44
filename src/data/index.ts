export * from './matrix.js';
export * from './dataset.js';
export * from './csv.js';
export * from './bundled.js';
