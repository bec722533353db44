/**
 * Writes a search's whole `cvResults` as CSV (one row per candidate, one column
 * per key, scikit-learn's key order) or JSON (the object itself).
 */
import { writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import { UsageError } from './errors.js';

/** cvResults as the CLI sees it: column name → one value per candidate. */
export type CvResultsTable = Readonly<Record<string, ArrayLike<unknown>>>;

/** Number of candidates (rows) in a cvResults table. */
export function candidateCount(cv: CvResultsTable): number {
  const first = Object.values(cv)[0];
  return first ? first.length : 0;
}

function csvCell(v: unknown): string {
  let s: string;
  if (v === undefined || v === null) s = '';
  else if (typeof v === 'number') s = Number.isNaN(v) ? 'NaN' : String(v);
  else if (typeof v === 'string') s = v;
  else if (typeof v === 'boolean') s = String(v);
  else s = JSON.stringify(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** cvResults as CSV text (RFC 4180 quoting; `params` and non-scalar values as JSON; masked params empty). */
export function cvResultsToCsv(cv: CvResultsTable): string {
  const keys = Object.keys(cv);
  const n = candidateCount(cv);
  const lines = [keys.map(csvCell).join(',')];
  for (let i = 0; i < n; i++) lines.push(keys.map((k) => csvCell(cv[k]![i])).join(','));
  return lines.join('\n') + '\n';
}

/** cvResults as a JSON-ready object: typed arrays become arrays; NaN, ±Infinity and masked values become null. */
export function cvResultsToJsonValue(cv: CvResultsTable): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const [k, col] of Object.entries(cv)) {
    out[k] = Array.from(col, (v) => (v === undefined || (typeof v === 'number' && !Number.isFinite(v)) ? null : v));
  }
  return out;
}

/** The export format of `--out` from its extension; anything but .csv / .json is a usage error (checked before the search runs). */
export function outFormat(path: string): 'csv' | 'json' {
  const ext = extname(path).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.json') return 'json';
  throw new UsageError(`--out ${path}: unknown format '${ext || '(no extension)'}'; use a file ending in .csv or .json`);
}

/** Writes cvResults to `path` as CSV or JSON, by its extension. */
export function writeCvResults(path: string, cv: CvResultsTable): void {
  if (outFormat(path) === 'csv') writeFileSync(path, cvResultsToCsv(cv));
  else writeFileSync(path, JSON.stringify(cvResultsToJsonValue(cv), null, 2) + '\n');
}
