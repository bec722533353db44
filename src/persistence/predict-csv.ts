/**
 * Predicting a CSV file with a loaded model, streaming: gunzip and csv-parse as streams, rows
 * gathered into fixed-size Float64Array blocks and predicted block by block, output written
 * with backpressure. Used by `hyperfold predict`; usable on any Writable.
 */
import { createReadStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { parse } from 'csv-parse';
import type { Matrix } from '../data/matrix.js';
import { ValidationError } from '../errors.js';
import { ModelFileError, type LoadedModel } from './model-file.js';

/** Options of `predictCsv`. */
export interface PredictCsvOptions {
  /** One probability column per class (headed by the class labels) instead of labels. */
  proba?: boolean;
  /** Rows per predicted block (default 4096). */
  batch?: number;
  /** Receives notes such as the columns the model does not use. */
  onNote?(text: string): void;
}

/** A CSV field, quoted when it holds a comma, quote or line break (RFC 4180). */
function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Waits for 'drain' when a write filled the stream's buffer (backpressure). */
async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(text))
    await new Promise<void>((res, rej) => {
      const onErr = (e: Error): void => rej(e);
      out.once('error', onErr);
      out.once('drain', () => {
        out.off('error', onErr);
        res();
      });
    });
}

/** Formats one block of predictions (labels, or one probability column per class). */
function formatBlock(model: LoadedModel, X: Matrix, proba: boolean): string {
  const lines: string[] = [];
  if (proba) {
    const P = model.predictProba(X);
    for (let i = 0; i < P.rows; i++) {
      const row: string[] = [];
      for (let j = 0; j < P.cols; j++) row.push(String(P.data[i * P.cols + j]!));
      lines.push(row.join(','));
    }
  } else {
    const y = model.predictLabels(X);
    for (let i = 0; i < y.length; i++) lines.push(csvField(String(y[i]!)));
  }
  return lines.join('\n') + '\n';
}

/**
 * Streams the CSV `source` (plain or .gz, header row) through the model into `out`, in blocks
 * of `batch` rows, and resolves to the number of rows predicted: features by column name
 * (a missing one is a ModelFileError naming it, unused ones are reported through `onNote`),
 * one output row per input row under a header (the target name, or the class labels with
 * `proba`), numbers in shortest round-trip form. The file is read once and never held whole.
 * Cells are parsed as loadCsv does: an empty or non-numeric cell is a ValidationError naming
 * file, line and column (never coerced).
 */
export async function predictCsv(model: LoadedModel, source: string, out: Writable, options: PredictCsvOptions = {}): Promise<number> {
  const o = { proba: options.proba === true, batch: options.batch ?? 4096 };
  const note = options.onNote ?? ((): void => {});
  if (!Number.isInteger(o.batch) || o.batch < 1) throw new ValidationError(`predictCsv: batch must be a positive integer, got ${o.batch}`);
  const input = createReadStream(source);
  const text = source.endsWith('.gz') ? input.pipe(createGunzip()) : input;
  const parser = text.pipe(parse({ relax_column_count: false, skip_empty_lines: true, info: true }));
  const nf = model.info.features.length;
  const block = new Float64Array(o.batch * nf);
  let indices: number[] | undefined;
  let header: string[] = [];
  let filled = 0;
  let total = 0;
  let head: string | undefined; // written with the first block, so a predict error comes before any output
  const flush = async (): Promise<void> => {
    if (filled === 0) return;
    let lines: string;
    try {
      lines = formatBlock(model, { data: block.subarray(0, filled * nf), rows: filled, cols: nf }, o.proba === true);
    } catch (err) {
      if (err instanceof ValidationError) throw new ValidationError(`${model.file}: ${err.message}`, { cause: err });
      throw err;
    }
    await write(out, head === undefined ? lines : head + lines);
    head = undefined;
    total += filled;
    filled = 0;
  };
  try {
    for await (const rec of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const cells = rec.record;
      if (!indices) {
        header = cells.map((c) => c.trim());
        const cols = model.columnsFor(header, source);
        indices = cols.indices;
        if (cols.unused.length > 0) {
          const shown = cols.unused.slice(0, 8).join(', ') + (cols.unused.length > 8 ? `, … (${cols.unused.length - 8} more)` : '');
          note(`note: ignoring ${cols.unused.length} column${cols.unused.length > 1 ? 's' : ''} the model does not use: ${shown}`);
        }
        if (o.proba) model.assertProba();
        head = (o.proba ? (model.info.classes ?? []).map((c) => csvField(String(c))).join(',') : csvField(model.info.target)) + '\n';
        continue;
      }
      const base = filled * nf;
      for (let j = 0; j < nf; j++) {
        const cell = cells[indices[j]!];
        const s = cell === undefined ? '' : cell.trim();
        const v = s === '' ? NaN : Number(s);
        if (!Number.isFinite(v)) {
          throw new ValidationError(
            `${source}, line ${rec.info.lines}, column '${header[indices[j]!]}': ${s === '' ? 'an empty cell' : `'${cell}'`} is not a number; fix or remove that row (hyperfold never coerces missing or non-numeric values)`,
          );
        }
        block[base + j] = v;
      }
      filled++;
      if (filled === o.batch) await flush();
    }
    await flush();
    if (head !== undefined) await write(out, head); // a header-only file: header-only output
  } catch (err) {
    if (err instanceof ValidationError || err instanceof ModelFileError) throw err;
    const e = err as Error & { lines?: number; code?: string };
    if (typeof e.code === 'string' && e.code.startsWith('CSV_'))
      throw new ValidationError(`${source}${e.lines ? `, line ${e.lines}` : ''}: cannot parse CSV (${e.message})`);
    throw err;
  } finally {
    input.destroy();
  }
  if (!indices)
    throw new ValidationError(`${source}: the file is empty; it needs a header row naming the columns (${model.info.features.slice(0, 3).join(', ')}, …)`);
  return total;
}
