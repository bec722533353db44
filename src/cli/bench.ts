/**
 * `hyperfold bench <name>`: runs `benchmarks/<name>.ts` from the package root
 * with `node --import tsx` (tsx is a dev dependency: a clone with
 * `npm install` has it), passing any further arguments through.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { action, ReportedError, UsageError } from './errors.js';
import { formatSeconds } from './format.js';

/** The benchmarks `hyperfold bench` knows, with what each measures. */
export const BENCHMARKS: Record<string, string> = {
  digits: 'random-forest grid and SVC randomized search on digits, inline vs thread pool',
  airline: 'random-forest grid on the 563k-row airline data (--rows n for a subset), inline vs thread pool',
  dispatch: '10,000 no-op jobs: thread pool vs inline, jobs per second',
  cluster: 'BullMQ cluster vs thread pool: no-op throughput, digits SVC search, bytes through Redis (needs Redis)',
  forest: 'our RandomForestClassifier vs scikit-learn figures measured on this machine kind',
  predict: 'hyperfold predict streaming the 563k-row airline CSV vs loading it whole: peak RSS, time, same output',
};

/** The package root (the folder holding package.json), from src/cli or dist/cli. */
export function packageRoot(): string {
  return fileURLToPath(new URL('../../', import.meta.url));
}

function tsxAvailable(root: string): boolean {
  try {
    createRequire(join(root, 'package.json')).resolve('tsx');
    return true;
  } catch {
    return false;
  }
}

async function runBench(name: string, args: string[]): Promise<void> {
  if (!(name in BENCHMARKS)) {
    throw new UsageError(`unknown benchmark '${name}'; choose one of: ${Object.keys(BENCHMARKS).join(', ')}`);
  }
  const root = packageRoot();
  const script = join(root, 'benchmarks', `${name}.ts`);
  if (!existsSync(script))
    throw new UsageError(
      `benchmark script benchmarks/${name}.ts is missing from ${root}; benchmarks ship with a clone of the repository, not with the npm package`,
    );
  if (!tsxAvailable(root)) {
    throw new UsageError(
      `the benchmarks run TypeScript through tsx, a dev dependency that is not installed in ${root}; run 'npm install' there (without --omit=dev) and try again`,
    );
  }
  // the table comes on stdout as today; stderr (the scripts' progress) passes through here,
  // so a script silent for a while gets a heartbeat saying it is still running
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: root, stdio: ['inherit', 'inherit', 'pipe'] });
  const t0 = performance.now();
  let lastOutput = t0;
  const elapsed = (): string => formatSeconds((performance.now() - t0) / 1000);
  child.stderr!.on('data', (chunk: Buffer) => {
    lastOutput = performance.now();
    process.stderr.write(chunk);
  });
  process.stderr.write(`bench ${name}: running benchmarks/${name}.ts${args.length ? ` ${args.join(' ')}` : ''} (progress on stderr, the table on stdout)\n`);
  const heartbeatMs = Number(process.env.HYPERFOLD_BENCH_HEARTBEAT_MS ?? 30_000);
  const heartbeat = setInterval(
    () => {
      if (performance.now() - lastOutput >= heartbeatMs) {
        lastOutput = performance.now();
        process.stderr.write(`bench ${name}: still running, ${elapsed()} elapsed\n`);
      }
    },
    Math.min(heartbeatMs, 5000),
  );
  heartbeat.unref();
  const ignore = (): void => {}; // Ctrl-C reaches the child (same process group); wait for it to finish
  process.on('SIGINT', ignore);
  try {
    const code = await new Promise<number>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (c, signal) => resolve(c ?? (signal ? 128 + 2 : 1)));
    });
    clearInterval(heartbeat);
    if (code === 0) process.stderr.write(`bench ${name}: finished in ${elapsed()}\n`);
    if (code !== 0) {
      process.stderr.write(`hyperfold bench: benchmarks/${name}.ts exited with code ${code}\n`);
      throw new ReportedError(code);
    }
  } finally {
    clearInterval(heartbeat);
    process.off('SIGINT', ignore);
  }
}

/** Registers `hyperfold bench`. */
export function registerBenchCommand(program: Command): void {
  program
    .command('bench')
    .description('run a benchmark script from benchmarks/ (prints name, hyperfold, baseline, ratio)')
    .argument(
      '<name>',
      Object.entries(BENCHMARKS)
        .map(([k, v]) => `${k}: ${v}`)
        .join('\n'),
    )
    .argument('[args...]', 'passed to the script, e.g. --rows 50000 for airline')
    .allowUnknownOption()
    .passThroughOptions()
    .addHelpText('after', `\nExamples:\n  $ npx hyperfold bench dispatch\n  $ npx hyperfold bench airline --rows 50000`)
    .action(action('bench', (name: string, args: string[]) => runBench(name, args)));
}
