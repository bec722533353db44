import { createReadStream, existsSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { parse } from 'csv-parse';
import { ValidationError } from '../errors.js';
import type { Labels, Matrix } from './matrix.js';

/** Options of `loadCsv`. */
export interface LoadCsvOptions {
  /** Target column: a header name, or a 0-based index when there is no header. Default: the last column. */
  target?: string | number;
  /** Feature columns (names or 0-based indices). Default: every column but the target (and `groups`). */
  features?: Array<string | number>;
  /** Whether the first line is a header. Default true. */
  header?: boolean;
  /** Read at most this many data rows. */
  rows?: number;
  /** A column returned separately as `groups` (for GroupKFold), not as a feature. */
  groups?: string | number;
}

/** A loaded table: features, target, and the names of what was chosen. */
export interface CsvData {
  X: Matrix;
  /** The target: numbers, or the cells as text when the first row's target is not a number (class names). */
  y: Labels | string[];
  featureNames: string[];
  targetName: string;
  groups?: Float64Array;
}

/**
 * Append-only Float64 storage in fixed-size chunks: rows are appended without
 * one JS object per row, and growing never copies (peak = data + one final copy).
 */
class FloatBuilder {
  private static readonly CHUNK = 1 << 16;
  private chunks: Float64Array[] = [];
  private current = new Float64Array(FloatBuilder.CHUNK);
  private used = 0;
  length = 0;
  push(v: number): void {
    if (this.used === FloatBuilder.CHUNK) {
      this.chunks.push(this.current);
      this.current = new Float64Array(FloatBuilder.CHUNK);
      this.used = 0;
    }
    this.current[this.used++] = v;
    this.length++;
  }
  /** The values, in a SharedArrayBuffer: the thread pool then shares them with its threads without a copy. */
  finish(): Float64Array {
    const out = new Float64Array(new SharedArrayBuffer(this.length * 8));
    let off = 0;
    for (const c of this.chunks) {
      out.set(c, off);
      off += c.length;
    }
    out.set(this.current.subarray(0, this.used), off);
    this.chunks = [];
    return out;
  }
}

function resolveColumn(spec: string | number, names: string[], file: string, what: string): number {
  if (typeof spec === 'number' || /^\d+$/.test(String(spec))) {
    const i = Number(spec);
    if (i < 0 || i >= names.length) {
      throw new ValidationError(`${file}: ${what} column index ${i} is out of range; the file has ${names.length} columns (0–${names.length - 1})`);
    }
    return i;
  }
  const i = names.indexOf(spec);
  if (i < 0) throw new ValidationError(`${file}: ${what} column '${spec}' not found; columns are: ${names.join(', ')}`);
  return i;
}

function parseCell(cell: string | undefined, file: string, line: number, column: string): number {
  const s = cell === undefined ? '' : cell.trim();
  // Number('') is 0 and Number(' 1 ') is 1: reject empty cells explicitly, never coerce silently.
  const v = s === '' ? NaN : Number(s);
  if (!Number.isFinite(v)) {
    const shown = cell === undefined || s === '' ? 'an empty cell' : `'${cell}'`;
    throw new ValidationError(
      `${file}, line ${line}, column '${column}': ${shown} is not a number; fix or remove that row (hyperfold never coerces missing or non-numeric values)`,
    );
  }
  return v;
}

/**
 * Loads a CSV (plain or .gz) of numeric features into a Matrix and a target — numbers, or class
 * labels as text when the first row's target cell is not a number — streaming
 * (gunzip + csv-parse) so large files do not build one object per row.
 * A missing or non-numeric cell is a ValidationError naming file, line and column.
 */
export async function loadCsv(path: string, options: LoadCsvOptions = {}): Promise<CsvData> {
  if (!existsSync(path)) throw new ValidationError(`CSV file not found: ${path}`);
  const header = options.header ?? true;
  const limit = options.rows ?? Infinity;
  const input = createReadStream(path);
  const source = path.endsWith('.gz') ? input.pipe(createGunzip()) : input;
  const parser = source.pipe(parse({ relax_column_count: false, skip_empty_lines: true, trim: false, info: true }));

  let names: string[] | undefined;
  let featureIdx: number[] = [];
  let targetIdx = -1;
  let groupsIdx = -1;
  const xb = new FloatBuilder();
  const yb = new FloatBuilder();
  const gb = new FloatBuilder();
  /** The target cells as text, when the first row's target is not a number (class labels such as 'spam'). */
  let text: string[] | undefined;
  let n = 0;

  const setup = (cols: string[]): void => {
    const seen = new Map<string, number>();
    cols.forEach((c, i) => {
      const first = seen.get(c);
      if (first !== undefined) {
        throw new ValidationError(`${path}: the header names column '${c}' twice (columns ${first} and ${i}); rename one so every column has its own name`);
      }
      seen.set(c, i);
    });
    names = cols;
    targetIdx = options.target === undefined ? cols.length - 1 : resolveColumn(options.target, cols, path, 'target');
    groupsIdx = options.groups === undefined ? -1 : resolveColumn(options.groups, cols, path, 'groups');
    featureIdx = options.features
      ? options.features.map((f) => resolveColumn(f, cols, path, 'feature'))
      : cols.map((_, i) => i).filter((i) => i !== targetIdx && i !== groupsIdx);
    if (featureIdx.includes(targetIdx)) {
      throw new ValidationError(`${path}: the target column '${cols[targetIdx]}' is also listed as a feature; remove it from features`);
    }
    if (featureIdx.length === 0) throw new ValidationError(`${path}: no feature columns left; the file needs at least two columns`);
  };

  try {
    for await (const rec of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const cells = rec.record;
      const line = rec.info.lines;
      if (!names) {
        if (header) {
          setup(cells.map((c) => c.trim()));
          continue;
        }
        setup(cells.map((_, i) => String(i)));
      }
      if (n >= limit) break;
      const cols = names!;
      for (const j of featureIdx) xb.push(parseCell(cells[j], path, line, cols[j]!));
      const t = cells[targetIdx]?.trim() ?? '';
      if (n === 0 && t !== '' && !Number.isFinite(Number(t))) text = [];
      if (text) {
        if (t === '') throw new ValidationError(`${path}, line ${line}, column '${cols[targetIdx]}': an empty target cell; fix or remove that row`);
        text.push(t);
      } else yb.push(parseCell(cells[targetIdx], path, line, cols[targetIdx]!));
      if (groupsIdx >= 0) gb.push(parseCell(cells[groupsIdx], path, line, cols[groupsIdx]!));
      n++;
    }
  } catch (err) {
    if (err instanceof ValidationError) throw err;
    const e = err as Error & { lines?: number; code?: string };
    throw new ValidationError(`${path}${e.lines ? `, line ${e.lines}` : ''}: cannot parse CSV (${e.message})`);
  } finally {
    input.destroy();
  }
  if (!names) throw new ValidationError(`${path}: the file is empty`);
  if (n === 0) throw new ValidationError(`${path}: no data rows after the header`);
  const cols = names;
  return {
    X: { data: xb.finish(), rows: n, cols: featureIdx.length },
    y: text ?? yb.finish(),
    featureNames: featureIdx.map((j) => cols[j]!),
    targetName: cols[targetIdx]!,
    ...(groupsIdx >= 0 ? { groups: gb.finish() } : {}),
  };
}
