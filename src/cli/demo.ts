/**
 * `hyperfold demo`: the README's first command. A RandomizedSearchCV over an
 * RBF SVC on the bundled digits, on the default executor, with a progress bar
 * and the five best candidates.
 */
import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import '../index.js'; // registers every built-in estimator and scorer
import { loadDigits } from '../data/bundled.js';
import { createEstimator } from '../estimators/registry.js';
import type { Estimator } from '../estimators/estimator.js';
import { parseSpace } from '../params/index.js';
import { RandomizedSearchCV } from '../search/index.js';
import { addDashboardOptions, startCliDashboard, type DashboardCliOptions } from './dashboard.js';
import { action } from './errors.js';
import { intArg } from './parse-args.js';
import { progressMode } from './progress.js';
import { runSearch } from './run-search.js';
import { formatSummary, jsonSummary } from './summary.js';

/** The demo's search space: C and gamma log-uniform around libsvm's sweet spot for digits. */
export const DEMO_SPACE = {
  C: { loguniform: [0.1, 1000] },
  gamma: { loguniform: [1e-4, 1e-2] },
} as const;

/** Parsed options of `hyperfold demo`. */
interface DemoOptions extends DashboardCliOptions {
  nIter: number;
  seed: number;
  json?: boolean;
  quiet?: boolean;
}

async function runDemo(o: DemoOptions): Promise<void> {
  const digits = await loadDigits();
  const svc = createEstimator('SVC', { kernel: 'rbf' }) as Estimator;
  const search = new RandomizedSearchCV(svc, parseSpace(DEMO_SPACE, { forGrid: false }), {
    nIter: o.nIter,
    cv: 3,
    scoring: 'accuracy',
    randomState: o.seed,
  });
  if (!o.json && !o.quiet) {
    process.stderr.write(
      `RandomizedSearchCV(SVC(kernel='rbf'), C ~ loguniform(0.1, 1000), gamma ~ loguniform(1e-4, 1e-2), nIter=${o.nIter}, cv=3) on digits\n`,
    );
  }
  const dashboard = await startCliDashboard(search, o);
  const outcome = await runSearch(search, { X: digits.X, y: digits.y, progress: progressMode(o.quiet ?? false), label: 'demo' });
  const summary = {
    outcome,
    metric: 'score',
    scoringLabel: 'accuracy',
    bestParams: search.bestParams,
    bestScore: search.bestScore,
    bestIndex: search.bestIndex,
    refitTime: search.refitTime,
    top: 5,
    context: {
      estimator: "SVC(kernel='rbf')",
      data: `digits (${digits.X.rows} rows × ${digits.X.cols} features, 10 classes)`,
      cv: '3-fold StratifiedKFold',
      executor: `default (thread pool, ${availableParallelism()} threads)`,
    },
  };
  process.stdout.write(o.json ? JSON.stringify(jsonSummary(summary), null, 2) + '\n' : formatSummary(summary));
  await dashboard?.finish();
}

/** Registers `hyperfold demo`. */
export function registerDemoCommand(program: Command): void {
  const cmd = program
    .command('demo')
    .description('RandomizedSearchCV over an RBF SVC on the bundled digits: progress, top-5 table, best params and score')
    .option('--n-iter <n>', 'candidates sampled', intArg(1), 20)
    .option('--seed <n>', 'random seed', intArg(0), 0)
    .option('--json', 'print a machine-readable JSON summary on stdout instead of the table')
    .option('-q, --quiet', 'no progress output')
    .addHelpText(
      'after',
      `\nExample:\n  $ npx hyperfold demo\n  $ npx hyperfold demo --n-iter 40 --seed 1 --json\n  $ npx hyperfold demo --dashboard 8787 --report demo.html`,
    );
  addDashboardOptions(cmd).action(action('demo', (opts: DemoOptions) => runDemo(opts)));
}
