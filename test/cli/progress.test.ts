// The CLI's progress display (src/cli/progress.ts): a status such as the cluster's "waiting for
// workers: 0 alive" is shown inside the progress line — the cli-progress bar on a terminal, the plain
// line otherwise — and leaves it once cleared. (The real-process version, a search with no worker
// and then one, is test/cli/cluster-search.test.ts.)
import { strict as assert } from 'node:assert';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { stripVTControlCharacters } from 'node:util';
import { ProgressReporter } from '../../src/cli/progress.js';
import type { ProgressInfo } from '../../src/search/types.js';

/** A stream that records what is written; `tty` makes cli-progress draw its bar on it. */
function capture(tty: boolean): { stream: NodeJS.WritableStream; text: () => string } {
  const stream = Object.assign(new PassThrough(), tty ? { isTTY: true, columns: 200 } : {});
  let out = '';
  stream.on('data', (d: Buffer) => (out += d.toString()));
  // the terminal's cursor and erase sequences removed: what a user reads
  return { stream, text: () => stripVTControlCharacters(out) };
}

const done = (n: number): ProgressInfo => ({
  done: n,
  total: 4,
  failed: 0,
  elapsedMs: 1200,
  etaMs: 0,
  best: { score: 0.8, params: {}, candidateIndex: 0, metric: 'accuracy' },
});

test('bar mode: the status is drawn inside the bar before any fit finished, and gone once cleared', async () => {
  const { stream, text } = capture(true);
  const reporter = new ProgressReporter('bar', 'search', 5000, stream);
  reporter.announce(4);
  reporter.status('waiting for workers: 0 alive');
  await new Promise((r) => setImmediate(r));
  const drawn = text();
  assert.match(drawn, /search .* 0\/4 fits \| 0 failed \| .* \| ETA \? \| best - \| waiting for workers: 0 alive/);
  reporter.update(done(4));
  reporter.status(undefined);
  reporter.stop();
  await new Promise((r) => setImmediate(r));
  const last = text()
    .slice(drawn.length)
    .split(/[\r\n]/)
    .filter((l) => l.includes('fits'))
    .at(-1)!;
  assert.match(last, /4\/4 fits \| 0 failed \| .* \| best 0\.8/);
  assert.doesNotMatch(last, /waiting/);
});

test('line mode: a status prints a progress line at once with it at the end; later lines have none', async () => {
  const { stream, text } = capture(false);
  const reporter = new ProgressReporter('lines', 'search', 5000, stream);
  reporter.announce(4);
  reporter.status('waiting for workers: 0 alive');
  reporter.status(undefined);
  reporter.update(done(4));
  reporter.stop();
  await new Promise((r) => setImmediate(r));
  const lines = text().trim().split('\n');
  assert.equal(lines.length, 2, text());
  assert.match(lines[0]!, /^search: 0\/4 fits \(0%\), 0 failed, .* elapsed, ETA \?, best -, waiting for workers: 0 alive$/);
  assert.match(lines[1]!, /^search: 4\/4 fits \(100%\), 0 failed, 1\.2 s elapsed, ETA .*, best 0\.8\d*$/);
});

test('mode none shows nothing, status included', async () => {
  const { stream, text } = capture(false);
  const reporter = new ProgressReporter('none', 'search', 5000, stream);
  reporter.status('waiting for workers: 0 alive');
  reporter.update(done(4));
  reporter.stop();
  await new Promise((r) => setImmediate(r));
  assert.equal(text(), '');
});
