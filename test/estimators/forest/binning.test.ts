import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeDataSet } from '../../../src/data/dataset.js';
import { binMatrix, binnedDataSet, binsKey } from '../../../src/estimators/forest/index.js';

function column(values: number[]) {
  return { data: Float64Array.from(values), rows: values.length, cols: 1 };
}

describe('forest binning', () => {
  it('gives each distinct value its own bin when there are few, with midpoint edges (exact CART thresholds)', () => {
    const b = binMatrix(column([3, 1, 2, 2, 16, 1]));
    assert.deepEqual(Array.from(b.upper), [1.5, 2.5, 9.5, Infinity]);
    assert.deepEqual(Array.from(b.codes), [2, 0, 1, 1, 3, 0]);
    assert.deepEqual(Array.from(b.low), [1, 2, 3, 16]);
  });

  it('caps bins at maxBins and keeps every value inside its bin edges', () => {
    const values = Array.from({ length: 5000 }, (_, i) => Math.sin(i) * 1000 + (i % 7));
    const b = binMatrix(column(values), 64);
    const nb = b.binOffsets[1]! - b.binOffsets[0]!;
    assert.ok(nb <= 64 && nb > 32, `${nb} bins`);
    for (let r = 0; r < values.length; r++) {
      const c = b.codes[r]!;
      assert.ok(values[r]! <= b.upper[c]! && (c === 0 || values[r]! > b.upper[c - 1]!));
    }
  });

  it('resolves a sparse tail that pure quantile bins would lump together', () => {
    // 0.2% of the rows lie far below the rest: an exact tree could split them off.
    const values = Array.from({ length: 10_000 }, (_, i) => (i < 20 ? i / 10 : 5 + (i % 1000) / 100));
    const b = binMatrix(column(values), 255);
    assert.ok(b.codes[0] !== b.codes[19], 'the tail spans several bins');
    assert.ok(b.codes[19] !== b.codes[20], 'the tail is separated from the bulk');
  });

  it('codes every value as the first bin edge ≥ it, and low / high as each bin’s extreme values, however the edges are spread', () => {
    // a far outlier crowds the other edges into a few buckets of the lookup table; -0 and 0 share a bin;
    // 300 distinct values exceed maxBins (quantile edges), 40 do not (one bin per value)
    const skewed = Array.from({ length: 3000 }, (_, i) => (i === 7 ? 1e12 : i % 11 === 0 ? -0 : ((i * 7919) % 300) / 3 - 20));
    const few = Array.from({ length: 3000 }, (_, i) => ((i * 31) % 40) - (i % 2 === 0 ? 0.5 : 0));
    for (const values of [skewed, few]) {
      const b = binMatrix(column(values), 255);
      const edges = Array.from(b.upper);
      for (let r = 0; r < values.length; r++) {
        const v = values[r]!;
        assert.equal(
          b.codes[r],
          edges.findIndex((e) => e >= v),
          `row ${r} (${v})`,
        );
      }
      for (let c = 0; c < edges.length; c++) {
        const inBin = values.filter((_, r) => b.codes[r] === c);
        // === : a bin holding -0 and 0 may report either as its extreme
        assert.ok(b.low[c] === (inBin.length ? Math.min(...inBin) : Infinity), `low of bin ${c}`);
        assert.ok(b.high[c] === (inBin.length ? Math.max(...inBin) : -Infinity), `high of bin ${c}`);
      }
    }
  });

  it('stores the payload in data.derived once and rejects NaN with its position', () => {
    const ds = makeDataSet(column([1, 2, 3]), Float64Array.from([0, 1, 0]));
    const a = binnedDataSet(ds, 255);
    assert.equal(ds.derived.size, 1);
    assert.ok(ds.derived.has(binsKey(255)));
    assert.deepEqual(binnedDataSet(ds, 255).codes, a.codes);
    assert.throws(() => binMatrix(column([1, NaN])), /NaN at row 1, column 0/);
  });
});
