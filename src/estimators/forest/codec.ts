import { ValidationError } from '../../errors.js';
import type { FittedForest } from './forest-engine.js';
import { hasAdjacentChildren, type TreeModel } from './tree-model.js';

/** A fitted forest as JSON: every node array of every tree concatenated, base64 (little-endian). */
export interface ForestState {
  format: 'hyperfold-forest/1';
  nFeatures: number;
  classes: number[] | null;
  nOutputs: number;
  /** Base64 Int32Array: node count of each tree. */
  nodeCounts: string;
  left: string;
  right: string;
  feature: string;
  threshold: string;
  impurity: string;
  nSamples: string;
  weightedN: string;
  value: string;
}

type Arr = Int32Array | Float64Array;

function encode(a: Arr): string {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
}

function decode<T extends Arr>(s: unknown, Ctor: { new (b: ArrayBuffer): T; BYTES_PER_ELEMENT: number }, field: string): T {
  if (typeof s !== 'string') throw new ValidationError(`forest state: field '${field}' must be a base64 string`);
  const b = Buffer.from(s, 'base64');
  if (b.byteLength % Ctor.BYTES_PER_ELEMENT !== 0) throw new ValidationError(`forest state: field '${field}' has a truncated length`);
  const copy = new ArrayBuffer(b.byteLength);
  new Uint8Array(copy).set(b);
  return new Ctor(copy);
}

const INT_FIELDS = ['left', 'right', 'feature', 'nSamples'] as const;
const FLOAT_FIELDS = ['threshold', 'impurity', 'weightedN', 'value'] as const;

/** Packs a fitted forest into its compact JSON state. */
export function encodeForest(f: FittedForest): ForestState {
  const nOutputs = f.trees[0]!.nOutputs;
  const counts = Int32Array.from(f.trees, (t) => t.nodeCount);
  const total = counts.reduce((a, b) => a + b, 0);
  const cat = <K extends keyof TreeModel>(k: K, Ctor: new (n: number) => Arr, per: number): string => {
    const out = new Ctor(total * per);
    let o = 0;
    for (const t of f.trees) {
      const a = t[k] as unknown as Arr;
      out.set(a.subarray(0, t.nodeCount * per), o);
      o += t.nodeCount * per;
    }
    return encode(out);
  };
  return {
    format: 'hyperfold-forest/1',
    nFeatures: f.nFeatures,
    classes: f.classes ? Array.from(f.classes) : null,
    nOutputs,
    nodeCounts: encode(counts),
    left: cat('left', Int32Array, 1),
    right: cat('right', Int32Array, 1),
    feature: cat('feature', Int32Array, 1),
    threshold: cat('threshold', Float64Array, 1),
    impurity: cat('impurity', Float64Array, 1),
    nSamples: cat('nSamples', Int32Array, 1),
    weightedN: cat('weightedN', Float64Array, 1),
    value: cat('value', Float64Array, nOutputs),
  };
}

/** Unpacks `encodeForest`'s state (validating shapes and child links). */
export function decodeForest(raw: unknown): FittedForest {
  if (typeof raw !== 'object' || raw === null || (raw as { format?: unknown }).format !== 'hyperfold-forest/1') {
    throw new ValidationError("forest state: expected an object with format 'hyperfold-forest/1' (produced by toJSON())");
  }
  const s = raw as Record<string, unknown>;
  const nFeatures = s.nFeatures;
  const nOutputs = s.nOutputs;
  if (typeof nFeatures !== 'number' || typeof nOutputs !== 'number' || nOutputs < 1) throw new ValidationError('forest state: nFeatures / nOutputs missing');
  const classes = s.classes === null ? null : Array.isArray(s.classes) ? Float64Array.from(s.classes as number[]) : undefined;
  if (classes === undefined) throw new ValidationError('forest state: classes must be an array or null');
  const counts = decode(s.nodeCounts, Int32Array, 'nodeCounts');
  const total = counts.reduce((a, b) => a + b, 0);
  const ints = Object.fromEntries(INT_FIELDS.map((k) => [k, decode(s[k], Int32Array, k)])) as Record<(typeof INT_FIELDS)[number], Int32Array>;
  const floats = Object.fromEntries(FLOAT_FIELDS.map((k) => [k, decode(s[k], Float64Array, k)])) as Record<(typeof FLOAT_FIELDS)[number], Float64Array>;
  for (const k of INT_FIELDS) if (ints[k].length !== total) throw new ValidationError(`forest state: '${k}' has ${ints[k].length} nodes, expected ${total}`);
  for (const k of FLOAT_FIELDS) {
    const want = k === 'value' ? total * nOutputs : total;
    if (floats[k].length !== want) throw new ValidationError(`forest state: '${k}' has ${floats[k].length} values, expected ${want}`);
  }
  const trees: TreeModel[] = [];
  let o = 0;
  for (const n of counts) {
    const t: TreeModel = {
      nodeCount: n,
      nOutputs,
      left: ints.left.slice(o, o + n),
      right: ints.right.slice(o, o + n),
      feature: ints.feature.slice(o, o + n),
      nSamples: ints.nSamples.slice(o, o + n),
      threshold: floats.threshold.slice(o, o + n),
      impurity: floats.impurity.slice(o, o + n),
      weightedN: floats.weightedN.slice(o, o + n),
      value: floats.value.slice(o * nOutputs, (o + n) * nOutputs),
    };
    for (let i = 0; i < n; i++) {
      if (t.feature[i]! >= nFeatures || (t.feature[i]! >= 0 && !(t.left[i]! > i && t.left[i]! < n && t.right[i]! > i && t.right[i]! < n))) {
        throw new ValidationError(`forest state: tree ${trees.length} node ${i} has an invalid feature or child index`);
      }
    }
    t.adjacentChildren = hasAdjacentChildren(t);
    trees.push(t);
    o += n;
  }
  if (trees.length === 0) throw new ValidationError('forest state: no trees');
  return { nFeatures, classes, trees };
}
