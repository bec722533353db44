/**
 * `hyperfold search`: a GridSearchCV or RandomizedSearchCV over any registered
 * estimator on bundled data or a CSV, with progress, resume, and exports.
 */
import { Command, Option } from 'commander';
import '../index.js'; // registers every built-in estimator and scorer
import { createEstimator, describeEstimator } from '../estimators/registry.js';
import type { Estimator, Params } from '../estimators/estimator.js';
import { parseSpace } from '../params/index.js';
import { GridSearchCV, RandomizedSearchCV, type SearchOptions } from '../search/index.js';
import { cvFromOptions, CV_KINDS, type CvKind } from './cv-option.js';
import { addDashboardOptions, startCliDashboard, type DashboardCliOptions } from './dashboard.js';
import { loadDataOption } from './data-source.js';
import { ExecutorError } from '../errors.js';
import { action, UsageError } from './errors.js';
import { estimatorListJson, formatEstimatorList } from './estimators-list.js';
import { executorFromOptions, EXECUTOR_KINDS, type ExecutorKind } from './executor-option.js';
import { readJsonOption } from './json-input.js';
import { intArg, listArg, secondsArg } from './parse-args.js';
import { progressMode, type StatusRelay } from './progress.js';
import { outFormat, writeCvResults } from './results-export.js';
import { runSearch, type CliSearch } from './run-search.js';
import { formatSummary, jsonSummary } from './summary.js';
import { checkSaveModelPath, saveSearchModel, verboseLevel } from './model-options.js';
import { buildHalvingSearch, checkHalvingFlags, factorArg, intOrWordArg, type HalvingCliOptions } from './halving-option.js';

/** Parsed options of `hyperfold search`. */
export interface SearchCommandOptions extends DashboardCliOptions, HalvingCliOptions {
  data: string;
  target?: string;
  features?: string[];
  groups?: string;
  rows?: number;
  estimator?: string;
  params?: string;
  grid?: string;
  space?: string;
  nIter: number;
  cv: number;
  cvKind?: CvKind;
  scoring?: string[];
  refit?: string;
  seed: number;
  executor?: ExecutorKind;
  threads?: number;
  redis?: string;
  queue?: string;
  prefix?: string;
  redisTimeout?: number;
  coordinatorGrace?: number;
  journal?: string;
  fitTimeout?: number;
  out?: string;
  top: number;
  json?: boolean;
  quiet?: boolean;
  listEstimators?: boolean;
  saveModel?: string;
  verbose?: number;
  v: number;
}

const EXAMPLE = `
Examples:
  $ hyperfold search --data digits --estimator SVC \\
      --space '{"C": {"loguniform": [0.1, 1000]}, "gamma": {"loguniform": [1e-4, 1e-2]}}' \\
      --n-iter 20 --cv 3 --seed 0 --out results.csv
  $ hyperfold search --data flights.csv.gz --target delayed --estimator RandomForestClassifier \\
      --grid '{"nEstimators": [10, 50], "maxDepth": [4, 8]}' --scoring accuracy,f1_macro --refit f1_macro
  $ hyperfold search --list-estimators`;

function estimatorParams(o: SearchCommandOptions): Params {
  if (o.params === undefined) return {};
  const p = readJsonOption(o.params, '--params');
  if (!p || typeof p !== 'object' || Array.isArray(p))
    throw new UsageError(`--params: expected a JSON object of fixed estimator parameters, e.g. '{"kernel": "rbf"}'`);
  return p as Params;
}

function buildSearch(o: SearchCommandOptions, estimator: Estimator, extra: SearchOptions): CliSearch {
  if ((o.grid === undefined) === (o.space === undefined)) {
    throw new UsageError(`give exactly one of --grid <json|file> (every combination) or --space <json|file> (sampled --n-iter times)`);
  }
  if (o.halving) return buildHalvingSearch(o, estimator, extra);
  if (o.grid !== undefined) {
    const grid = parseSpace(readJsonOption(o.grid, '--grid'), { forGrid: true });
    return new GridSearchCV(estimator, grid, extra);
  }
  const space = parseSpace(readJsonOption(o.space!, '--space'), { forGrid: false });
  return new RandomizedSearchCV(estimator, space, { ...extra, nIter: o.nIter });
}

async function runSearchCommand(o: SearchCommandOptions, cmd: Command): Promise<void> {
  if (o.listEstimators) {
    process.stdout.write(o.json ? JSON.stringify(estimatorListJson(), null, 2) + '\n' : formatEstimatorList());
    return;
  }
  if (!o.estimator) throw new UsageError(`--estimator <name> is required; run 'hyperfold search --list-estimators' to see them`);
  describeEstimator(o.estimator); // unknown name → error listing the registered ones, before loading data
  const estimator = createEstimator(o.estimator, estimatorParams(o));
  if (estimator.kind === 'transformer')
    throw new UsageError(`--estimator ${o.estimator} is a transformer; search over a classifier, a regressor or a Pipeline`);
  const scoring = o.scoring ?? [estimator.kind === 'regressor' ? 'r2' : 'accuracy'];
  if (scoring.length > 1 && o.refit !== undefined && !scoring.includes(o.refit)) {
    throw new UsageError(`--refit ${o.refit} is not one of --scoring ${scoring.join(',')}; pick one of them`);
  }
  const refitMetric = scoring.length > 1 ? (o.refit ?? scoring[0]!) : scoring[0]!;
  checkHalvingFlags(o, cmd);
  if (!o.halving && o.grid !== undefined && cmd.getOptionValueSource('nIter') === 'cli')
    throw new UsageError(`--n-iter applies to --space only; a --grid runs every combination`);

  if (o.out !== undefined) outFormat(o.out);
  if (o.saveModel !== undefined) checkSaveModelPath(o.saveModel, estimator.kind);
  const verbose = verboseLevel(o.verbose, o.v);
  const data = await loadDataOption({ data: o.data, target: o.target, features: o.features, groups: o.groups, rows: o.rows });
  const { cv, label: cvLabel } = cvFromOptions(o.cv, o.cvKind, data.groups !== undefined);
  const progress = progressMode((o.quiet ?? false) || verbose > 0); // verbose lines replace the progress display
  // the cluster's "waiting for workers: 0 alive" goes inside the progress line (as its own line when there is none)
  const status: StatusRelay = {};
  const { executor, label: executorLabel } = await executorFromOptions({
    executor: o.executor,
    threads: o.threads,
    redis: o.redis,
    queue: o.queue,
    prefix: o.prefix,
    redisTimeout: o.redisTimeout,
    coordinatorGrace: o.coordinatorGrace,
    ...(progress !== 'none' ? { onWaiting: (w) => status.show?.(w ? `waiting for workers: ${w.alive} alive (queue '${w.queueName}')` : undefined) } : {}),
  });
  try {
    const search = buildSearch(o, estimator as Estimator, {
      cv,
      scoring: (scoring.length > 1 ? scoring : scoring[0]) as SearchOptions['scoring'], // names checked at run time
      refit: scoring.length > 1 ? refitMetric : true,
      randomState: o.seed,
      ...(o.fitTimeout !== undefined ? { fitTimeout: o.fitTimeout } : {}),
      ...(executor ? { executor } : {}),
      ...(verbose > 0 ? { verbose } : {}),
    });
    const dashboard = await startCliDashboard(search, o);
    const outcome = await runSearch(search, {
      X: data.X,
      y: data.y,
      groups: data.groups,
      journal: o.journal,
      progress,
      status,
      label: 'search',
      keptResults: () => executor?.keptResults?.(),
      // only the cluster can sit silent (no worker running yet): say where the fits wait
      ...(o.executor === 'cluster' || o.redis
        ? {
            startNote: `fits run on ${executorLabel}; they wait in the queue until a worker takes them (start one with: npx hyperfold worker --redis <url>${o.queue ? ` --queue ${o.queue}` : ''}${o.prefix ? ` --prefix ${o.prefix}` : ''})`,
          }
        : {}),
    });
    if (o.out) writeCvResults(o.out, outcome.cvResults);
    const lost = search.failures.filter((f) => f.cause === 'infrastructure');
    if (lost.length > 0) {
      // a score missing because the machinery lost the fit must never turn into a silent "best"
      const cands = [...new Set(lost.map((f) => f.candidateIndex))].sort((a, b) => a - b);
      const f = lost[0]!;
      throw new ExecutorError(
        `${lost.length} fit(s) of candidate(s) ${cands.join(', ')} have no score because the ${executorLabel} lost them ` +
          `(first: candidate ${f.candidateIndex} split ${f.splitIndex}: ${f.message}); no best candidate is reported. ` +
          (o.journal
            ? `Re-run the same command to run only them: the journal keeps the others.`
            : `Re-run with --journal <file.jsonl> so a re-run repeats only them.`),
      );
    }
    if (o.saveModel !== undefined) saveSearchModel(search, o.saveModel, data, o.quiet ?? false);
    const summary = {
      outcome,
      metric: scoring.length > 1 ? refitMetric : 'score',
      scoringLabel: refitMetric,
      bestParams: search.bestParams,
      bestScore: search.bestScore,
      bestIndex: search.bestIndex,
      refitTime: search.refitTime,
      top: o.top,
      context: {
        estimator: o.estimator,
        data: `${data.name} (${data.X.rows} rows × ${data.X.cols} features, target ${data.targetName})`,
        cv: cvLabel,
        executor: executorLabel,
        ...(o.out ? { out: o.out } : {}),
      },
    };
    process.stdout.write(o.json ? JSON.stringify(jsonSummary(summary), null, 2) + '\n' : formatSummary(summary));
    await executor?.close();
    await dashboard?.finish();
  } finally {
    await executor?.close();
  }
}

/** Registers `hyperfold search`. */
export function registerSearchCommand(program: Command): void {
  const cmd = program
    .command('search')
    .description('run a grid or randomized hyperparameter search with cross-validation and print the best candidates')
    .option('--data <name|file>', "'digits', 'airline' or a .csv / .csv.gz file with a header row", 'digits')
    .option('--target <column>', 'target column (default: the last column; airline: delayed or delay_min)')
    .option('--features <columns>', 'comma-separated feature columns (default: all but target and groups)', listArg)
    .option('--groups <column>', 'column of group ids for GroupKFold (not used as a feature)')
    .option('--rows <n>', 'read only the first n data rows', intArg(1))
    .option('--estimator <name>', 'registered estimator name (see --list-estimators)')
    .option('--params <json|file>', 'fixed estimator parameters, e.g. \'{"kernel": "rbf"}\'')
    .option('--grid <json|file>', 'parameter grid: name → list of values (GridSearchCV)')
    .option('--space <json|file>', 'parameter space: lists or distributions like {"loguniform": [1e-6, 1e6]} (RandomizedSearchCV)')
    .option('--n-iter <n>', 'candidates sampled from --space', intArg(1), 10)
    .option('--halving', 'successive halving: HalvingGridSearchCV with --grid, HalvingRandomSearchCV with --space')
    .option('--factor <x>', '--halving: keep 1/x of the candidates per iteration, x times the resources (default 3)', factorArg)
    .option('--resource <name>', "--halving: 'nSamples' (default) or an integer parameter of the estimator, e.g. nEstimators")
    .option('--min-resources <n>', "--halving: 'exhaust' (grid default), 'smallest' (space default) or an integer", intOrWordArg('exhaust', 'smallest'))
    .option('--max-resources <n>', "--halving: 'auto' (default: the rows; --resource nSamples only) or an integer", intOrWordArg('auto'))
    .option('--aggressive-elimination', '--halving: repeat the first budget until few enough candidates remain')
    .option('--n-candidates <n>', "--halving --space: candidates of the first iteration, 'exhaust' (default) or an integer", intOrWordArg('exhaust'))
    .option('--cv <k>', 'number of folds', intArg(2), 5)
    .addOption(new Option('--cv-kind <kind>', 'splitter (default: stratified for classifiers, kfold for regressors)').choices([...CV_KINDS]))
    .option('--scoring <names>', 'comma-separated scoring strings (default: accuracy, or r2 for regressors)', listArg)
    .option('--refit <metric>', 'metric that picks the best candidate with several --scoring (default: the first)')
    .option('--seed <n>', 'random seed (candidates, shuffles, estimator seeds); fixed so a --journal re-run resumes', intArg(0), 0)
    .addOption(new Option('--executor <kind>', 'where fits run: local thread pool, a BullMQ cluster, or inline in this thread').choices([...EXECUTOR_KINDS]))
    .option('--threads <n>', 'threads of the local pool (default: all cores)', intArg(1))
    .option('--redis <url>', 'Redis URL for --executor cluster (default: $REDIS_URL or redis://127.0.0.1:6379)')
    .option('--queue <name>', "cluster queue name, as the workers' --queue (default: hyperfold)")
    .option('--prefix <prefix>', "cluster Redis key prefix, as the workers' --prefix (default: hyperfold)")
    .option('--redis-timeout <s>', 'cluster: seconds Redis may stay unreachable before the search stops (default 60)', intArg(1))
    .option('--coordinator-grace <s>', 'cluster: seconds workers keep taking fits after this process stops heartbeating (default 600)', intArg(1))
    .option('--journal <file>', 'append each finished fit to this JSONL file; re-run the same command to resume')
    .option('--fit-timeout <seconds>', 'stop a fit running longer and record it as a FitTimeoutError failure (cluster workers inherit it)', secondsArg)
    .option('--out <file>', 'write the whole cvResults to a .csv or .json file')
    .option('--top <k>', 'candidates shown in the table', intArg(1), 5)
    .option('--json', 'print a machine-readable JSON summary on stdout instead of the table')
    .option('-q, --quiet', 'no progress output')
    .option('--save-model <file>', 'save the refitted best estimator with its metadata as a JSON model file (for hyperfold predict)')
    .option('--verbose <level>', "scikit-learn's verbose levels on stderr: 1 the plan, 2 a line per fit, 3 its split and scores", intArg(0))
    .option('-v', 'one more verbose level per -v (-vvv is --verbose 3)', (_: unknown, n: number) => n + 1, 0)
    .option('--list-estimators', 'list the registered estimators with their parameters and defaults, then exit')
    .addHelpText('after', EXAMPLE);
  addDashboardOptions(cmd).action(action('search', (opts: SearchCommandOptions, cmd: Command) => runSearchCommand(opts, cmd)));
}
