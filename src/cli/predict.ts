/**
 * `hyperfold predict --model best.json --data new.csv [--out predictions.csv] [--proba]`:
 * predicts with a model file written by `search --save-model`, streaming the CSV through
 * `predictCsv` (features by column name, one output row per input row) to stdout or to a
 * file written whole or not at all.
 */
import { createWriteStream, existsSync, renameSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Command } from 'commander';
import '../index.js'; // registers every built-in estimator and scorer
import { loadModel, ModelFileError } from '../persistence/model-file.js';
import { predictCsv } from '../persistence/predict-csv.js';
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

async function runPredict(o: PredictCommandOptions): Promise<void> {
  if (!existsSync(o.data)) throw new UsageError(`--data ${o.data}: no such file; pass a .csv or .csv.gz file with a header row`);
  for (const m of o.modules ?? []) await import(pathToFileURL(resolve(m)).href);
  const model = loadModel(o.model);
  const note = (s: string): void => {
    if (!o.quiet) process.stderr.write(`hyperfold predict: ${s}\n`);
  };
  if (!o.out) {
    // `hyperfold predict … | head`: a closed pipe ends the command quietly, as other Unix filters do
    process.stdout.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(0);
    });
    await predictCsv(model, o.data, process.stdout, { proba: o.proba === true, batch: o.batch, onNote: note });
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
    const n = await predictCsv(model, o.data, out, { proba: o.proba === true, batch: o.batch, onNote: note });
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
    .requiredOption('--data <file>', "a .csv or .csv.gz file with a header row holding the model's feature columns")
    .option('--out <file>', 'write the predictions to this CSV file (default: stdout)')
    .option('--proba', 'one probability column per class, headed by the class labels, instead of labels')
    .option('--modules <files>', 'comma-separated modules to import first (they register custom estimators)', listArg)
    .option('--batch <rows>', 'rows predicted per block while streaming', intArg(1), 4096)
    .option('-q, --quiet', 'no notes on stderr')
    .addHelpText('after', EXAMPLE)
    .action(
      action('predict', async (opts: PredictCommandOptions) => {
        try {
          await runPredict(opts);
        } catch (err) {
          // a bad model file or input columns are usage errors (exit 2), printed as one line
          if (err instanceof ModelFileError) throw new UsageError(err.message);
          throw err;
        }
      }),
    );
}
