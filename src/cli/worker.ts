import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';

function positiveInt(name: string) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${name} must be a positive integer, got '${v}'`);
    return n;
  };
}

/** The Redis URL with its password hidden. */
function redisLabel(url: string): string {
  return url.replace(/\/\/([^@/]*:)?[^@/]*@/, '//***@');
}

/**
 * Registers `hyperfold worker`: joins a cluster (BullMQ queue on Redis) and runs
 * fits until SIGTERM/SIGINT. First signal: running batches may finish for up to
 * --shutdown-timeout seconds, then they are handed back to the queue (with Redis
 * down: left to BullMQ's stalled-job check), exit 0. A second signal exits at once.
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
    .option(
      '--lock-duration <ms>',
      'BullMQ lock duration: a worker silent this long (killed, frozen, cut off) loses its batch',
      positiveInt('--lock-duration'),
      6_000,
    )
    .option('--stalled-interval <ms>', 'how often batches with an expired lock are put back in the queue', positiveInt('--stalled-interval'), 3_000)
    .option(
      '--shutdown-timeout <s>',
      'on SIGTERM/SIGINT, seconds running batches may finish before they are handed back',
      positiveInt('--shutdown-timeout'),
      10,
    )
    .option('--inline', "run fits in the worker's main thread instead of a thread pool (debugging)")
    .option('--verbose', 'log one line per batch')
    .action(
      async (opts: {
        redis: string;
        queue: string;
        prefix: string;
        concurrency?: number;
        modules?: string;
        cacheMb: number;
        lockDuration: number;
        stalledInterval: number;
        shutdownTimeout: number;
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
          modules: opts.modules
            ? opts.modules
                .split(',')
                .map((m) => m.trim())
                .filter(Boolean)
            : [],
          cacheBytes: opts.cacheMb * 1024 * 1024,
          lockDurationMs: opts.lockDuration,
          stalledIntervalMs: opts.stalledInterval,
          verbose: opts.verbose ?? false,
          fitExecutor: opts.inline ? 'inline' : 'pool',
        });
        let signals = 0;
        const say = (line: string): boolean => process.stderr.write(`[${worker.id}] ${line}\n`);
        const stop = (sig: NodeJS.Signals): void => {
          signals++;
          if (signals > 1) {
            say(`${sig} again: exiting now; batches still running go back to the queue when their lock expires (${opts.lockDuration} ms)`);
            process.exit(128 + (sig === 'SIGINT' ? 2 : 15));
          }
          say(`${sig}: finishing running batches (up to ${opts.shutdownTimeout} s, then they are handed back; ${sig} again exits at once)`);
          worker.shutdown(opts.shutdownTimeout * 1000).then(
            ({ outcome, batches }) => {
              if (outcome === 'finished') say('stopped: running batches finished');
              else if (outcome === 'handed back') say(`stopped: ${batches} batch(es) handed back to the queue after ${opts.shutdownTimeout} s`);
              else
                say(
                  `stopped: Redis at ${redisLabel(opts.redis)} unreachable, ${batches} batch(es) not handed back; another worker takes them once their lock expires (${opts.lockDuration} ms)`,
                );
              process.exit(0);
            },
            (err: unknown) => {
              say(`shutdown failed: ${err instanceof Error ? err.message : String(err)}`);
              process.exit(1);
            },
          );
        };
        process.on('SIGTERM', () => stop('SIGTERM'));
        process.on('SIGINT', () => stop('SIGINT'));
      },
    );
}
