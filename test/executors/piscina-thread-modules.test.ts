/**
 * Pool threads load only what their fits need: a search over DummyClassifier
 * on the default executor never loads libsvm-js or the ml-* libraries in any
 * thread, while an SVC search does. Module resolutions of the main thread and
 * of every pool thread (which inherit `--import`) are logged by a resolve hook.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { ROOT, ensureBuilt } from '../cli/run-cli.js';

const HOOK = new URL('../fixtures/resolve-log.mjs', import.meta.url).href;

/** Runs a 2-candidate GridSearchCV of `estimator` (deep imports of the built package) on the default pool; returns the resolved URLs. */
function searchResolves(estimator: 'DummyClassifier' | 'SVC', module: string, grid: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'hyperfold-threads-'));
  const log = join(dir, 'resolved.txt');
  const dist = (p: string): string => JSON.stringify(pathToFileURL(join(ROOT, 'dist', p)).href);
  const code = `
    const { GridSearchCV } = await import(${dist('search/grid-search.js')});
    const { ${estimator} } = await import(${dist(module)});
    const X = { data: Float64Array.from({ length: 80 }, (_, i) => (i * 7919) % 13), rows: 40, cols: 2 };
    const y = Int32Array.from({ length: 40 }, (_, i) => i % 2);
    const s = new GridSearchCV(new ${estimator}(), ${grid}, { cv: 2 });
    await s.fit(X, y);
    if (s.cvResults.params.length !== 2) throw new Error('expected 2 candidates');`;
  // a file, not `-e`: pool threads inherit the Node options, and `--input-type` is not one a thread accepts
  const script = join(dir, 'search.mjs');
  writeFileSync(script, code);
  try {
    const r = spawnSync(process.execPath, ['--import', HOOK, script], {
      cwd: ROOT,
      env: { ...process.env, RESOLVE_LOG: log },
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
    return readFileSync(log, 'utf8').split('\n').filter(Boolean);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const count = (urls: readonly string[], part: string): number => urls.filter((u) => u.includes(part)).length;

describe('pool threads load only what fits need', () => {
  ensureBuilt();

  it('a DummyClassifier search loads no libsvm-js, ml-* library or other adapter in any thread', () => {
    const urls = searchResolves('DummyClassifier', 'estimators/dummy-classifier.js', "{ strategy: ['prior', 'most_frequent'] }");
    assert.ok(count(urls, '/dist/executors/piscina/worker-core.js') >= 1, 'the log covers the pool threads');
    assert.ok(count(urls, '/dist/estimators/dummy-classifier.js') >= 2, 'a thread loaded DummyClassifier (and the main thread)');
    assert.deepEqual(
      urls.filter((u) => /node_modules\/(libsvm-js|ml-[\w-]+)\/|\/dist\/estimators\/(svc|forest\/|pipeline)/.test(u)),
      [],
    );
  });

  it('positive control: an SVC search loads libsvm-js in its threads', () => {
    const urls = searchResolves('SVC', 'estimators/svc.js', '{ C: [1, 2] }');
    assert.ok(count(urls, '/dist/estimators/svc.js') >= 2, 'the main thread and a pool thread loaded SVC');
  });
});
