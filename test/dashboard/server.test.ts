// The dashboard server without a browser: read-only routes, 4xx for malformed, oversized or
// foreign requests (never a crash), the SSE snapshot, escaping of parameter strings in the
// report, the page script parses, and a report rebuilt from a journal picks the same best
// candidate and cvResults as the search that wrote it (scikit-learn's rank_test_score 'min' rule).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Script } from 'node:vm';
import { Dashboard } from '../../src/dashboard/dashboard.js';
import { stateFromJournal } from '../../src/dashboard/journal-report.js';
import { APP_JS } from '../../src/dashboard/page/app.js';
import { reportHtml } from '../../src/dashboard/page/html.js';
import { SearchState } from '../../src/dashboard/state.js';
import { loadDigits } from '../../src/data/bundled.js';
import '../../src/estimators/index.js';
import { createEstimator } from '../../src/estimators/registry.js';
import type { Estimator } from '../../src/estimators/estimator.js';
import { InlineExecutor } from '../../src/executors/inline.js';
import { GridSearchCV } from '../../src/search/index.js';

function raw(
  url: string,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<{ status: number; text: string; headers: Record<string, unknown> }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, method, path, headers }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, text, headers: res.headers }));
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

async function smallSearch(journal?: string) {
  const digits = await loadDigits();
  const search = new GridSearchCV(
    createEstimator('GaussianNB') as Estimator,
    { varSmoothing: [1e-9, 1e-6, 1e-3, 1e-2, 0.1, 0.3, 1, 3] },
    { cv: 3, executor: new InlineExecutor() },
  );
  return { search, digits, journal };
}

test('the page script parses as a classic script (no syntax error shipped)', () => {
  assert.doesNotThrow(() => new Script(APP_JS));
});

test('server: read-only routes, 4xx on bad requests, SSE snapshot, /api/state', async () => {
  const { search, digits } = await smallSearch();
  const dashboard = new Dashboard(search, { log: false });
  const url = await dashboard.start();
  try {
    await search.fit(digits.X, digits.y);
    const state = (await (await fetch(url + 'api/state')).json()) as {
      finished: boolean;
      nCandidates: number;
      progress: { done: number; total: number };
      best: { params: unknown };
    };
    assert.equal(state.finished, true);
    assert.equal(state.nCandidates, 8);
    assert.deepEqual([state.progress.done, state.progress.total], [24, 24]);
    assert.deepEqual(state.best.params, search.bestParams);
    const host = { Host: new URL(url).host };
    assert.equal((await raw(url, 'GET', '/', host)).status, 200);
    assert.equal((await raw(url, 'HEAD', '/assets/uPlot.min.js', host)).status, 200);
    assert.equal((await raw(url, 'POST', '/api/state', host)).status, 405);
    assert.equal((await raw(url, 'DELETE', '/', host)).status, 405);
    assert.equal((await raw(url, 'GET', '/../../etc/passwd', host)).status, 404);
    assert.equal((await raw(url, 'GET', '/assets/../../package.json', host)).status, 404);
    assert.equal((await raw(url, 'GET', '/%2e%2e/%2e%2e/etc/passwd', host)).status, 404);
    assert.equal((await raw(url, 'GET', '/' + 'a'.repeat(5000), host)).status, 414);
    assert.equal((await raw(url, 'GET', '/api/state', { ...host, 'Content-Length': '3' }, 'abc')).status, 413);
    assert.equal((await raw(url, 'GET', '/api/state', { Host: 'evil.example:80' })).status, 421);
    assert.equal((await raw(url, 'GET', '/api/state', { ...host, 'X-Big': 'x'.repeat(20_000) })).status, 431);
    const csv = await raw(url, 'GET', '/api/cv_results.csv', host);
    assert.equal(csv.status, 200);
    assert.match(String(csv.headers['content-disposition']), /cv_results\.csv/);
    // the server still answers after all that
    assert.equal((await fetch(url + 'api/state')).status, 200);
    // SSE: the first event is a snapshot with every candidate
    const ac = new AbortController();
    const res = await fetch(url + 'api/events', { signal: ac.signal });
    assert.equal(res.headers.get('content-type'), 'text/event-stream; charset=utf-8');
    const reader = res.body!.getReader();
    let text = '';
    while (!text.includes('\n\n')) text += new TextDecoder().decode((await reader.read()).value);
    ac.abort();
    const data = JSON.parse(/data: (.*)\n/.exec(text)![1]!) as { kind: string; candidates: { params: Record<string, unknown[]> }; tasks: { lane: number[] } };
    assert.equal(data.kind, 'search');
    assert.deepEqual(Object.keys(data.candidates.params), ['varSmoothing']);
    assert.equal(data.tasks.lane.length, 24);
  } finally {
    await dashboard.close();
  }
});

test('report: parameter strings are escaped, never markup', () => {
  const state = new SearchState();
  state.begin({ title: '<b>title</b>', metric: 'score', nSplits: 1 });
  state.addCandidates(0, [{ name: '</script><script>alert(1)</script>' }, { name: '<img src=x onerror=alert(2)>' }]);
  const html = reportHtml({ snapshot: state.snapshot() });
  assert.doesNotMatch(html, /<\/script><script>alert/);
  assert.doesNotMatch(html, /<img src=x/);
  assert.match(html, /\\u003c\/script>\\u003cscript>alert\(1\)/);
});

test('report from a journal: same cvResults and best candidate as the search', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hf-dash-'));
  try {
    const journal = join(dir, 'run.jsonl');
    const { search, digits } = await smallSearch();
    await search.fit(digits.X, digits.y, { journal });
    const state = stateFromJournal(journal);
    const cv = state.results!;
    assert.ok(cv, 'a complete journal gives cvResults');
    assert.deepEqual(cv.params, search.cvResults!.params);
    assert.deepEqual(cv.rank_test_score, search.cvResults!.rank_test_score);
    assert.deepEqual(cv.mean_test_score, search.cvResults!.mean_test_score);
    const api = state.apiState();
    assert.equal(api.best!.candidateIndex, search.bestIndex);
    assert.deepEqual(api.best!.params, search.bestParams);
    assert.deepEqual([api.progress.done, api.progress.total], [24, 24]);
    assert.equal(state.snapshot().tasks.lane.length, 24);
    // an unreadable or foreign file is a clear error
    assert.throws(() => stateFromJournal(join(dir, 'missing.jsonl')), /cannot read it/);
    assert.throws(() => stateFromJournal(join(dir, '..', 'hf-not-a-dir', 'x')), /cannot read it/);
    assert.match(readFileSync(journal, 'utf8').split('\n')[1]!, /"params":\{"varSmoothing":/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
