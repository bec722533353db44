// Pure formatting pieces of the CLI: JSON error positions, tables, cvResults export.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseJsonText, lineColumn } from '../../src/cli/json-input.js';
import { UsageError } from '../../src/cli/errors.js';
import { formatTable, formatValue, formatParams, shellQuote } from '../../src/cli/format.js';
import { cvResultsToCsv, cvResultsToJsonValue } from '../../src/cli/results-export.js';
import { resumeCommand } from '../../src/cli/run-search.js';

test('bad JSON names position, line and column', () => {
  assert.throws(
    () => parseJsonText('{"C": [1, 10],\n "gamma": }', '--grid'),
    (e: unknown) => e instanceof UsageError && /--grid: invalid JSON at position 25 \(line 2, column 11\): value expected/.test(e.message),
  );
  assert.throws(() => parseJsonText('{"C": [1, 2,]}', '--space'), /position 12 \(line 1, column 13\)/);
  assert.deepEqual(parseJsonText('{"C": {"loguniform": [1e-6, 1e6]}}', '--space'), { C: { loguniform: [1e-6, 1e6] } });
  assert.deepEqual(lineColumn('ab\ncd', 4), { line: 2, column: 2 });
});

test('tables align and values print compactly', () => {
  const t = formatTable(
    [{ header: 'rank', align: 'right' }, { header: 'params' }],
    [
      ['1', 'C=10'],
      ['12', 'C=0.1'],
    ],
  );
  assert.equal(t, 'rank  params\n----  ------\n   1  C=10\n  12  C=0.1');
  assert.equal(formatValue(0.000123456), '1.235e-4');
  assert.equal(formatValue(12.3456), '12.35');
  assert.equal(formatValue(null), 'null');
  assert.equal(formatParams({ gamma: 0.001, C: 10, kernel: 'rbf' }), 'C=10, gamma=0.001, kernel=rbf');
  assert.equal(shellQuote(`{"a": 'b'}`), `'{"a": '\\''b'\\''}'`);
  assert.equal(shellQuote('--cv'), '--cv');
});

test('cvResults CSV quotes params as JSON and leaves masked params empty; JSON maps NaN to null', () => {
  const cv = {
    mean_fit_time: new Float64Array([0.5, 0.25]),
    param_C: [1, undefined],
    params: [{ C: 1 }, { kernel: 'linear' }],
    mean_test_score: new Float64Array([0.9, NaN]),
  };
  assert.equal(cvResultsToCsv(cv), 'mean_fit_time,param_C,params,mean_test_score\n0.5,1,"{""C"":1}",0.9\n0.25,,"{""kernel"":""linear""}",NaN\n');
  assert.deepEqual(cvResultsToJsonValue(cv).mean_test_score, [0.9, null]);
  assert.deepEqual(cvResultsToJsonValue(cv).param_C, [1, null]);
});

test('the resume hint repeats the exact command line', () => {
  const argv = ['/usr/bin/node', `${process.cwd()}/dist/cli/main.js`, 'search', '--grid', '{"C": [1]}', '--journal', 'j.jsonl'];
  assert.equal(resumeCommand(argv), `node dist/cli/main.js search --grid '{"C": [1]}' --journal j.jsonl`);
  assert.equal(resumeCommand(['/usr/bin/node', '/x/node_modules/.bin/hyperfold', 'demo']), 'npx hyperfold demo');
});
