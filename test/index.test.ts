/**
 * The public surface: what `import 'hyperfold'` exports and loads. Each import
 * runs in a child process whose module resolutions are logged by a resolve
 * hook (fixtures/resolve-log.mjs), so the test sees every module a real
 * import pulls in — the positive controls show the log catches bullmq.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { ROOT, ensureBuilt } from './cli/run-cli.js';

const HOOK = new URL('./fixtures/resolve-log.mjs', import.meta.url).href;

/** Runs `code` (an ES module body) in a fresh Node process; returns the URLs it resolved and its stdout. */
function resolvedBy(code: string, nodeArgs: readonly string[] = []): { urls: string[]; stdout: string } {
  const dir = mkdtempSync(join(tmpdir(), 'hyperfold-resolve-'));
  const log = join(dir, 'resolved.txt');
  try {
    const r = spawnSync(process.execPath, [...nodeArgs, '--import', HOOK, '--input-type=module', '-e', code], {
      cwd: ROOT,
      env: { ...process.env, RESOLVE_LOG: log },
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, `child process failed:\n${r.stderr}`);
    return { urls: readFileSync(log, 'utf8').split('\n').filter(Boolean), stdout: r.stdout };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const loadsPackage = (urls: readonly string[], name: string): boolean => urls.some((u) => u.includes(`/node_modules/${name}/`));

describe("the root entry ('hyperfold', the exports map)", () => {
  ensureBuilt();

  it('loads neither bullmq nor ioredis; hyperfold/cluster loads both', () => {
    const root = resolvedBy("await import('hyperfold');");
    assert.ok(
      root.urls.some((u) => u.endsWith('/dist/index.js')),
      'the package self-reference resolves to dist/index.js',
    );
    assert.ok(loadsPackage(root.urls, 'piscina'), 'the log records package imports (piscina, the default executor)');
    assert.deepEqual(
      root.urls.filter((u) => /node_modules\/(bullmq|ioredis)\//.test(u)),
      [],
    );
    const cluster = resolvedBy("await import('hyperfold/cluster');");
    assert.ok(loadsPackage(cluster.urls, 'bullmq') && loadsPackage(cluster.urls, 'ioredis'), 'positive control: the cluster entry loads them');
  });

  it('exports the user API and no internals', () => {
    const { stdout } = resolvedBy("const m = await import('hyperfold'); console.log(JSON.stringify(Object.keys(m)));");
    const names = new Set(JSON.parse(stdout) as string[]);
    for (const name of [
      'GridSearchCV',
      'RandomizedSearchCV',
      'SVC',
      'RandomForestClassifier',
      'StratifiedKFold',
      'loguniform',
      'accuracyScore',
      'makeScorer',
      'loadCsv',
      'loadAirline',
      'loadDigits',
      'PiscinaExecutor',
      'InlineExecutor',
      'ValidationError',
      'NotFittedError',
      'registerEstimator',
      'fitAndScore',
    ]) {
      assert.ok(names.has(name), `'${name}' is exported`);
    }
    for (const name of [
      'FoldTable',
      'jobMessageBytes',
      'heuristicCost',
      'ClusterKeys',
      'DataCache',
      'storeDataSet',
      'hashIndices',
      'binsKey',
      'rowMeans',
      'ClusterExecutor',
      'startWorker',
      'createDefaultExecutor',
      'Journal',
      'encodeClasses',
      'assembleCvResults',
    ]) {
      assert.ok(!names.has(name), `internal '${name}' is not exported`);
    }
  });

  it('hyperfold/cluster exports the cluster executor and worker', () => {
    const { stdout } = resolvedBy("const m = await import('hyperfold/cluster'); console.log(JSON.stringify(Object.keys(m).sort()));");
    assert.deepEqual(JSON.parse(stdout), ['ClusterExecutor', 'startWorker']);
  });
});

describe('layering', () => {
  it('a search module imports no executor code until fit runs without an executor', () => {
    const search = pathToFileURL(join(ROOT, 'src', 'search', 'index.ts')).href;
    const { urls } = resolvedBy(`await import(${JSON.stringify(search)});`, ['--import', 'tsx']);
    assert.ok(
      urls.some((u) => u.includes('/src/search/base-search.ts')),
      'the log covers the sources',
    );
    assert.deepEqual(
      urls.filter((u) => u.includes('/src/executors/') || loadsPackage([u], 'piscina')),
      [],
    );
  });
});
