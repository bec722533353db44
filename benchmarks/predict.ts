/**
 * `hyperfold predict`'s streaming (predictCsv: csv-parse stream, blocks of rows) against the
 * obvious alternative, loading the whole CSV with loadCsv and predicting it at once, on the
 * bundled airline file (563k rows, gzipped): peak RSS and wall time, each variant in its own
 * process, same model, same output (checked by hash).
 *
 *   node --import tsx benchmarks/predict.ts
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { loadAirline, datasetPath } from '../src/data/bundled.js';
import { loadCsv } from '../src/data/csv.js';
import { RandomForestClassifier } from '../src/estimators/forest/index.js';
import { InlineExecutor } from '../src/executors/inline.js';
import { loadModel, saveModel } from '../src/persistence/model-file.js';
import { predictCsv } from '../src/persistence/predict-csv.js';
import { GridSearchCV } from '../src/search/grid-search.js';
import { peakRssMb } from './lib/rss.js';
import { machineLoad, mb, printTable, ratio, secs } from './lib/table.js';
import { reportVariant, runVariant } from './lib/variant.js';

interface Outcome {
  seconds: number;
  peakRss: number;
  /** Peak RSS once the model is loaded, before reading the CSV: the floor both variants share. */
  modelRss: number;
  rows: number;
  outputHash: string;
}

/** A Writable that hashes what it is given (the output is compared, not stored). */
function hashingSink(): { sink: Writable; digest(): string } {
  const h = createHash('sha256');
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      h.update(chunk);
      done();
    },
  });
  return { sink, digest: () => h.digest('hex') };
}

async function variant(kind: string, modelFile: string): Promise<Outcome> {
  const model = loadModel(modelFile);
  const modelRss = peakRssMb();
  const file = datasetPath('airline-563k.csv.gz');
  const { sink, digest } = hashingSink();
  const t0 = performance.now();
  let rows: number;
  if (kind === 'stream') {
    rows = await predictCsv(model, file, sink);
  } else {
    // the whole file in memory, then one predict call; same output format as predictCsv
    const d = await loadCsv(file, { features: model.info.features });
    const y = model.predict(d.X);
    rows = y.length;
    const text = `${model.info.target}\n${Array.from(y, String).join('\n')}\n`;
    await new Promise<void>((res, rej) => sink.end(text, (err?: Error | null) => (err ? rej(err) : res())));
  }
  return { seconds: (performance.now() - t0) / 1000, peakRss: peakRssMb(), modelRss, rows, outputHash: digest() };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'hyperfold-bench-predict-'));
  try {
    const { X, y, featureNames } = await loadAirline({ rows: 5000, target: 'delayed' });
    const search = new GridSearchCV(
      new RandomForestClassifier(),
      { nEstimators: [20], maxDepth: [8] },
      { cv: 3, randomState: 0, executor: new InlineExecutor() },
    );
    await search.fit(X, y);
    const modelFile = join(dir, 'airline-forest.json');
    saveModel(search, modelFile, { featureNames, target: 'delayed' });
    const stream = await runVariant<Outcome>(new URL(import.meta.url), ['--variant', 'stream', modelFile]);
    const whole = await runVariant<Outcome>(new URL(import.meta.url), ['--variant', 'load-whole', modelFile]);
    printTable(`airline (${stream.rows} rows, .csv.gz): predict with a 20-tree forest — predictCsv streaming vs loadCsv + predict`, [
      { name: 'peak RSS (streaming ÷ whole file)', hyperfold: mb(stream.peakRss), baseline: mb(whole.peakRss), ratio: ratio(stream.peakRss, whole.peakRss) },
      {
        name: 'peak RSS above the loaded model (streaming ÷ whole file)',
        hyperfold: mb(stream.peakRss - stream.modelRss),
        baseline: mb(whole.peakRss - whole.modelRss),
        ratio: ratio(stream.peakRss - stream.modelRss, whole.peakRss - whole.modelRss),
      },
      {
        name: 'wall time (streaming ÷ whole file)',
        hyperfold: secs(stream.seconds),
        baseline: secs(whole.seconds),
        ratio: ratio(stream.seconds, whole.seconds),
      },
      {
        name: 'rows per second',
        hyperfold: (stream.rows / stream.seconds).toFixed(0),
        baseline: (whole.rows / whole.seconds).toFixed(0),
        ratio: ratio(whole.seconds, stream.seconds),
      },
      {
        name: 'output (sha256)',
        hyperfold: stream.outputHash.slice(0, 12),
        baseline: whole.outputHash.slice(0, 12),
        ratio: stream.outputHash === whole.outputHash ? 'same' : 'DIFFERENT',
      },
    ]);
    console.log(machineLoad());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const v = process.argv.indexOf('--variant');
if (v >= 0) reportVariant(await variant(process.argv[v + 1]!, process.argv[v + 2]!));
else await main();
