/**
 * Resolves `--data digits|airline|<file.csv[.gz]>` with `--target`,
 * `--features`, `--groups` and `--rows` into X, y and groups.
 */
import { existsSync } from 'node:fs';
import { loadAirline, loadDigits, type BundledData } from '../data/bundled.js';
import { loadCsv } from '../data/csv.js';
import { column, type Labels, type Matrix } from '../data/matrix.js';
import { UsageError } from './errors.js';

/** What `--data` and friends select. */
export interface DataOptions {
  data: string;
  target?: string;
  features?: string[];
  groups?: string;
  rows?: number;
}

/** Loaded data for a search, with names for messages and the summary. */
export interface LoadedData {
  name: string;
  X: Matrix;
  y: Labels | string[];
  featureNames: string[];
  targetName: string;
  groups?: Float64Array;
}

function columnIndex(name: string, names: readonly string[], where: string, what: string): number {
  const i = names.indexOf(name);
  if (i < 0) throw new UsageError(`${where}: ${what} column '${name}' not found; columns are: ${names.join(', ')}`);
  return i;
}

/** Keeps only the named columns of a bundled data set (in the given order). */
function selectColumns(X: Matrix, names: readonly string[], keep: readonly string[], where: string): { X: Matrix; names: string[] } {
  const idx = keep.map((k) => columnIndex(k, names, where, 'feature'));
  const data = new Float64Array(X.rows * idx.length);
  for (let r = 0; r < X.rows; r++) for (let j = 0; j < idx.length; j++) data[r * idx.length + j] = X.data[r * X.cols + idx[j]!]!;
  return { X: { data, rows: X.rows, cols: idx.length }, names: [...keep] };
}

async function loadBundled(opts: DataOptions): Promise<LoadedData> {
  const where = `--data ${opts.data}`;
  let d: BundledData;
  if (opts.data === 'digits') {
    if (opts.target !== undefined && opts.target !== 'digit') {
      throw new UsageError(`${where}: the digits target is fixed (the digit, 0–9); drop --target ${opts.target}`);
    }
    d = await loadDigits();
    if (opts.rows !== undefined)
      d = { ...d, X: { data: d.X.data.slice(0, opts.rows * d.X.cols), rows: Math.min(opts.rows, d.X.rows), cols: d.X.cols }, y: d.y.slice(0, opts.rows) };
  } else {
    const target = opts.target ?? 'delayed';
    if (target !== 'delayed' && target !== 'delay_min') {
      throw new UsageError(`${where}: target column '${target}' not found; the airline targets are: delayed, delay_min`);
    }
    d = await loadAirline({ rows: opts.rows, target });
  }
  const targetName = opts.data === 'digits' ? 'digit' : (opts.target ?? 'delayed');
  const groups = opts.groups === undefined ? undefined : column(d.X, columnIndex(opts.groups, d.featureNames, where, 'groups'));
  const sel = opts.features ? selectColumns(d.X, d.featureNames, opts.features, where) : { X: d.X, names: d.featureNames };
  return { name: opts.data, X: sel.X, y: d.y, featureNames: sel.names, targetName, ...(groups ? { groups } : {}) };
}

/** Loads the data named by `--data`. Missing files and columns are usage errors naming what exists. */
export async function loadDataOption(opts: DataOptions): Promise<LoadedData> {
  if (opts.rows !== undefined && (!Number.isInteger(opts.rows) || opts.rows < 1)) {
    throw new UsageError(`--rows ${opts.rows}: must be a positive integer`);
  }
  if (opts.data === 'digits' || opts.data === 'airline') return loadBundled(opts);
  if (!existsSync(opts.data)) {
    throw new UsageError(`--data ${opts.data}: no such file; pass 'digits', 'airline' or the path of a .csv / .csv.gz file`);
  }
  const d = await loadCsv(opts.data, { target: opts.target, features: opts.features, groups: opts.groups, rows: opts.rows });
  return { name: opts.data, X: d.X, y: d.y, featureNames: d.featureNames, targetName: d.targetName, ...(d.groups ? { groups: d.groups } : {}) };
}
