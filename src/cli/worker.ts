import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';

function positiveInt(name: string) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${name} must be a positive integer, got '${v}'`);
    return n;
  };
}

/**
 * Registers `hyperfold worker`: joins a cluster (BullMQ queue on Redis) and runs
 * fits until SIGTERM/SIGINT (first signal: finish running batches and exit;
 * second: hand them back to the queue at once).
 */
export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description('run fits for ClusterExecutor searches: take batches from a BullMQ queue on Redis, run them on a thread pool')
    .requiredOption('--redis <url>', 'Redis URL, e.g. redis://scheduler-host:6379 (rediss://user:password@host:6380 for TLS)')
    .option('--queue <name>', 'queue name (same as the ClusterExecutor queueName)', 'hyperfold')
    .option('--prefix <prefix>', 'Redis key prefix (same as the ClusterExecutor prefix)', 'hyperfold')
    .option('--concurrency <n>', 'fits run at once (threads); default: the number of cores', positiveInt('--concurrency'))
    .option('--modules <files>', 'comma-separated modules to import first (they register custom estimators / scorers)')
    .option('--cache-mb <n>', 'memory for downloaded data sets (LRU)', positiveInt('--cache-mb'), 1024)
    .option('--lock-duration <ms>', 'BullMQ lock duration: a worker silent this long loses its batch', positiveInt('--lock-duration'), 30_000)
    .option('--stalled-interval <ms>', 'how often lost batches are put back in the queue', positiveInt('--stalled-interval'), 30_000)
    .option('--inline', 'run fits in the worker\'s main thread instead of a thread pool (debugging)')
    .option('--verbose', 'log one line per batch')
    .action(async (opts: {
      redis: string;
      queue: string;
      prefix: string;
      concurrency?: number;
      modules?: string;
      cacheMb: number;
      lockDuration: number;
      stalledInterval: number;
      verbose?: boolean;
      inline?: boolean;
    }) => {
      await import('../index.js'); // registers the bundled estimators and scorers
      const { startWorker } = await import('../executors/cluster/index.js');
      const worker = await startWorker({
        connection: opts.redis,
        queueName: opts.queue,
        prefix: opts.prefix,
        concurrency: opts.concurrency,
        modules: opts.modules ? opts.modules.split(',').map((m) => m.trim()).filter(Boolean) : [],
        cacheBytes: opts.cacheMb * 1024 * 1024,
        lockDurationMs: opts.lockDuration,
        stalledIntervalMs: opts.stalledInterval,
        verbose: opts.verbose ?? false,
        fitExecutor: opts.inline ? 'inline' : 'pool',
      });
      let signals = 0;
      const stop = (sig: string): void => {
        signals++;
        const force = signals > 1;
        process.stderr.write(`[${worker.id}] ${sig}: ${force ? 'handing running batches back to the queue' : 'finishing running batches (again to hand them back)'}\n`);
        worker.close(force).then(
          () => process.exit(0),
          (err: unknown) => {
            process.stderr.write(`[${worker.id}] shutdown failed: ${err instanceof Error ? err.message : String(err)}\n`);
            process.exit(1);
          },
        );
      };
      process.on('SIGTERM', () => stop('SIGTERM'));
      process.on('SIGINT', () => stop('SIGINT'));
    });
}
