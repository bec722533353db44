import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ValidationError } from '../../src/errors.js';
import { isDistribution, ParameterGrid, ParameterSampler, parseSpace, spaceToJSON, type SampleSpace } from '../../src/params/index.js';

test('parseSpace reads the JSON form with distributions and lists', () => {
  const json = JSON.parse('{"C": {"loguniform": [1e-6, 1e6]}, "gamma": {"uniform": [0, 1]}, "degree": {"randint": [2, 5]}, "kernel": ["rbf", "poly"]}');
  const space = parseSpace(json, { forGrid: false }) as SampleSpace;
  assert.ok(isDistribution(space.C) && space.C.kind === 'loguniform');
  assert.deepEqual(space.C.args, [1e-6, 1e6]);
  assert.ok(isDistribution(space.degree) && space.degree.kind === 'randint');
  assert.deepEqual(space.kernel, ['rbf', 'poly']);
  assert.deepEqual(JSON.parse(JSON.stringify(spaceToJSON(space))), json);
  assert.equal(new ParameterSampler(space, 7, { randomState: 1 }).candidates().length, 7);
});

test('parseSpace for grids: lists only, lists of dicts, values kept as JSON', () => {
  const grid = parseSpace(
    [
      { kernel: ['linear'], C: [1, 10] },
      { kernel: ['rbf'], classWeight: [null, 'balanced', { '0': 1, '1': 3 }] },
    ],
    { forGrid: true },
  );
  assert.equal(new ParameterGrid(grid).length, 5);
  assert.throws(
    () => parseSpace({ C: { loguniform: [1e-3, 1e3] } }, { forGrid: true }),
    (e: Error) => e instanceof ValidationError && /parameter 'C'.*a grid takes lists only; use --space \/ RandomizedSearchCV/.test(e.message),
  );
});

test('parseSpace errors name the parameter and the offending value', () => {
  assert.throws(() => parseSpace({ C: { loguniform: [0, 1] } }, { forGrid: false }), /parameter 'C': loguniform: a must be > 0.*got a=0/);
  assert.throws(
    () => parseSpace({ degree: { randint: [5, 2] } }, { forGrid: false }),
    /parameter 'degree': randint: high must be greater than low.*low=5, high=2/,
  );
  assert.throws(
    () => parseSpace({ C: { normal: [0, 1] } }, { forGrid: false }),
    /parameter 'C': \{"normal":\[0,1\]\} is neither a list of values nor a distribution/,
  );
  assert.throws(() => parseSpace({ C: { uniform: [0] } }, { forGrid: false }), /uniform takes two numbers.*got \[0\]/);
  assert.throws(() => parseSpace({ C: 10 }, { forGrid: true }), /parameter 'C': 10 must be a list of values; wrap a single value in a list, e.g. \[10\]/);
  assert.throws(() => parseSpace({ C: [] }, { forGrid: true }), /parameter 'C' has an empty list/);
  assert.throws(() => parseSpace([], { forGrid: true }), /the grid is an empty list/);
  assert.throws(() => parseSpace('C=1', { forGrid: false }), /the space must be an object/);
  assert.throws(() => parseSpace([{ C: [1] }, 3], { forGrid: true }), /the grid\[1\] must be an object/);
});
