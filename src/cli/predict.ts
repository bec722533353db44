/**
 * `hyperfold predict --model best.json --data new.csv [--out predictions.csv] [--proba]`:
 * predicts with a model file written by `search --save-model`. Features are taken by column
 * name (any order; extra columns ignored with a note), one output row per input row, numbers
 * in their shortest round-trip form. The CSV is streamed (csv-parse) and predicted in blocks
 * of rows, so a large file is read once and never held whole in memory.
 */
import { createReadStream, createWriteStream, existsSync, renameSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createGunzip } from 'node:zlib';
import type { Writable } from 'node:stream';
import type { Command } from 'commander';
import { parse } from 'csv-parse';
import '../index.js'; // registers every built-in estimator and scorer
import type { Matrix } from '../data/matrix.js';
import { ValidationError } from '../errors.js';
import { loadModel, ModelFileError, type LoadedModel } from '../persistence/model-file.js';
import { action, UsageError } from './errors.js';
import { intArg, listArg } from './parse-args.js';

/** Parsed options of `hyperfold predict`. */
export interface PredictCommandOptions {
  model: string;
  data: string;
  out?: string;
  proba?: boolean;
  modules?: string[];
  batch: number;
  quiet?: boolean;
}

const EXAMPLE = `
Examples:
  $ hyperfold search --data flights.csv --target delayed --estimator RandomForestClassifier \\
      --grid '{"maxDepth": [4, 8]}' --save-model best.json
  $ hyperfold predict --model best.json --data new-flights.csv --out predictions.csv
  $ hyperfold predict --model best.json --data new-flights.csv.gz --proba > probabilities.csv`;

/** A CSV field, quoted when it holds a comma, quote or line break (RFC 4180). */
function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Waits for 'drain' when a write filled the stream's buffer (backpressure). */
async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await new Promise<void>((res, rej) => {
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
    const y = model.predict(X);
    for (let i = 0; i < y.length; i++) lines.push(String(y[i]!));
  }
  return lines.join('\n') + '\n';
}

/**
 * Streams `source` through the model into `out`; returns the number of rows predicted.
 * Cells are parsed as loadCsv does: an empty or non-numeric cell is an error naming its
 * line and column (never coerced).
 */
async function streamPredictions(model: LoadedModel, source: string, out: Writable, o: PredictCommandOptions, note: (s: string) => void): Promise<number> {
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
      if (err instanceof ValidationError) throw new UsageError(`${model.file}: ${err.message}`);
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
          throw new UsageError(`${source}, line ${rec.info.lines}, column '${header[indices[j]!]}': ${s === '' ? 'an empty cell' : `'${cell}'`} is not a number; fix or remove that row (hyperfold never coerces missing or non-numeric values)`);
        }
        block[base + j] = v;
      }
      filled++;
      if (filled === o.batch) await flush();
    }
    await flush();
    if (head !== undefined) await write(out, head); // a header-only file: header-only output
  } catch (err) {
    if (err instanceof UsageError || err instanceof ModelFileError) throw err;
    const e = err as Error & { lines?: number; code?: string };
    if (typeof e.code === 'string' && e.code.startsWith('CSV_')) throw new UsageError(`${source}${e.lines ? `, line ${e.lines}` : ''}: cannot parse CSV (${e.message})`);
    throw err;
  } finally {
    input.destroy();
  }
  if (!indices) throw new UsageError(`${source}: the file is empty; it needs a header row naming the columns (${model.info.features.slice(0, 3).join(', ')}, …)`);
  return total;
}

async function runPredict(o: PredictCommandOptions): Promise<void> {
  if (!existsSync(o.data)) throw new UsageError(`--data ${o.data}: no such file; pass a .csv or .csv.gz file with a header row`);
  for (const m of o.modules ?? []) await import(pathToFileURL(resolve(m)).href);
  const model = loadModel(o.model);
  const note = (s: string): void => {
    if (!o.quiet) process.stderr.write(`hyperfold predict: ${s}\n`);
  };
  if (!o.out) {
    await streamPredictions(model, o.data, process.stdout, o, note);
    return;
  }
  const tmp = `${o.out}.${process.pid}.tmp`;
  const out = createWriteStream(tmp);
  const opened = new Promise<void>((res, rej) => {
    out.once('open', () => res());
    out.once('error', rej);
  });
  try {
    await opened.catch((err: NodeJS.ErrnoException) => {
      throw new UsageError(`--out ${o.out}: cannot write (${err.code ?? err.message}); check that the folder exists and is writable`);
    });
    const n = await streamPredictions(model, o.data, out, o, note);
    await new Promise<void>((res, rej) => out.end((err?: Error | null) => (err ? rej(err) : res())));
    renameSync(tmp, o.out); // whole file or none
    note(`wrote ${n} ${o.proba ? 'rows of class probabilities' : 'predictions'} to ${o.out}`);
  } catch (err) {
    out.destroy();
    rmSync(tmp, { force: true });
    throw err;
  }
}

/** Registers `hyperfold predict`. */
export function registerPredictCommand(program: Command): void {
  program
    .command('predict')
    .description('predict with a model file written by `search --save-model` (features matched by column name)')
    .requiredOption('--model <file>', 'model file written by hyperfold search --save-model')
    .requiredOption('--data <file>', 'a .csv or .csv.gz file with a header row holding the model\'s feature columns')
    .option('--out <file>', 'write the predictions to this CSV file (default: stdout)')
    .option('--proba', 'one probability column per class, headed by the class labels, instead of labels')
    .option('--modules <files>', 'comma-separated modules to import first (they register custom estimators)', listArg)
    .option('--batch <rows>', 'rows predicted per block while streaming', intArg(1), 4096)
    .option('-q, --quiet', 'no notes on stderr')
    .addHelpText('after', EXAMPLE)
    .action(action('predict', async (opts: PredictCommandOptions) => {
      try {
        await runPredict(opts);
      } catch (err) {
        // a bad model file or input columns are usage errors (exit 2), printed as one line
        if (err instanceof ModelFileError) throw new UsageError(err.message);
        throw err;
      }
    }));
}
