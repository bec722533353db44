/**
 * Scale: a grid of N candidates × 2 folds (DummyClassifier on digits, one candidate per
 * `randomState` value, so every fit is near-free and the search's own bookkeeping is what
 * is measured) on the default pool, in a child process per run: wall time and the peak
 * RSS of the coordinator process (ru_maxrss: pool threads included). The same script runs
 * on this checkout's built package (hyperfold) and on the baseline — the `main` branch's
 * code, extracted with `git archive` and built with this checkout's TypeScript — side by side.
 *
 *   npm run build && node --import tsx benchmarks/scale.ts [--sizes 200000,500000] [--baseline-ref main] [--baseline-dist <dir>] [--parallel]
 *
 * Issue 13 measured the baseline at 200,000 → 1.08 GB and 500,000 → 2.9 GB / 116 s.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { peakRssMb } from './lib/rss.js';
import { machineLoad, mb, printTable, ratio, secs, type Row } from './lib/table.js';
import { flag, reportVariant, runVariant } from './lib/variant.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

interface Figures {
  seconds: number;
  /** CPU seconds of the whole process (all threads): steadier than wall time on a shared machine. */
  cpuSeconds: number;
  peakRssMb: number;
  fits: number;
}

/** One search in this (child) process, on the package built at `dist`. */
async function child(dist: string, n: number): Promise<void> {
  const hf = (await import(pathToFileURL(join(dist, 'index.js')).href)) as typeof import('../src/index.js');
  const { X, y } = await hf.loadDigits();
  const values = Array.from({ length: n }, (_, i) => i);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const search = new hf.GridSearchCV(
    new hf.DummyClassifier({ strategy: 'stratified' }),
    { randomState: values },
    { cv: 2, executor: new hf.PiscinaExecutor({ maxThreads: 2 }) },
  );
  await search.fit(X, y);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const fits = search.cvResults!.mean_test_score!.length * 2;
  reportVariant({ seconds, cpuSeconds, peakRssMb: peakRssMb(), fits } satisfies Figures);
  process.exit(0); // the executor was passed in: do not wait for its idle threads
}

/** The baseline's built package: `ref` extracted with git archive into a temp folder and compiled once (cached by commit). */
function baselineDist(ref: string): string {
  const sha = execFileSync('git', ['rev-parse', ref], { cwd: ROOT, encoding: 'utf8' }).trim();
  const dir = join(tmpdir(), `hyperfold-baseline-${sha.slice(0, 12)}`);
  const dist = join(dir, 'dist');
  if (existsSync(join(dist, 'index.js'))) return dist;
  mkdirSync(dir, { recursive: true });
  execFileSync('sh', ['-c', `git archive ${sha} | tar -x -C '${dir}'`], { cwd: ROOT });
  if (!existsSync(join(dir, 'node_modules'))) symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(dir, 'tsconfig.json')], { cwd: dir, stdio: 'inherit' });
  return dist;
}

const role = flag('child');
if (role !== undefined) {
  await child(role, Number(flag('n')));
} else {
  const sizes = (flag('sizes') ?? '200000,500000').split(',').map(Number);
  const ours = join(ROOT, 'dist');
  if (!existsSync(join(ours, 'index.js'))) throw new Error('dist/ is missing: run npm run build first');
  const base = flag('baseline-dist') ?? baselineDist(flag('baseline-ref') ?? 'main');
  const rows: Row[] = [];
  const parallel = process.argv.includes('--parallel');
  for (const n of sizes) {
    const run = (dist: string): Promise<Figures> => runVariant<Figures>(new URL(import.meta.url), ['--child', dist, '--n', String(n)]);
    // --parallel: both at once (each its own process, so peak RSS stays its own; wall and CPU time share the cores)
    const [h, b] = parallel ? await Promise.all([run(ours), run(base)]) : [await run(ours), await run(base)];
    rows.push({ name: `${n} candidates × 2 folds: wall time`, hyperfold: secs(h.seconds), baseline: secs(b.seconds), ratio: ratio(h.seconds, b.seconds) });
    rows.push({
      name: `${n} candidates × 2 folds: CPU time`,
      hyperfold: secs(h.cpuSeconds),
      baseline: secs(b.cpuSeconds),
      ratio: ratio(h.cpuSeconds, b.cpuSeconds),
    });
    rows.push({ name: `${n} candidates × 2 folds: peak RSS`, hyperfold: mb(h.peakRssMb), baseline: mb(b.peakRssMb), ratio: ratio(h.peakRssMb, b.peakRssMb) });
  }
  printTable(
    `Scale: DummyClassifier grid on digits, default pool (2 threads); baseline = ${flag('baseline-dist') ?? flag('baseline-ref') ?? 'main'}${parallel ? '; both run at once' : ''}; ${machineLoad()}`,
    rows,
  );
}
