import type { BinnedMatrix } from './binning.js';
import type { FitCodes } from './fit-codes.js';
import { SQUARED_ERROR, impurityOf, scanFeature, sideTerm, type SplitCandidate } from './split-search.js';
import { gatherClassHistogram, gatherRegressionHistogram } from './histogram.js';
import { partitionClassRows, partitionRegressionRows, type GrowScratch } from './partition.js';
import { addNode, newTree, trimTree, type TreeModel } from './tree-model.js';

/** Tree-growing settings, already resolved to numbers (Infinity = no limit). */
export interface GrowOptions {
  criterion: number;
  maxDepth: number;
  minSamplesSplit: number;
  minSamplesLeaf: number;
  minWeightLeaf: number;
  maxFeatures: number;
  maxLeafNodes: number;
  minImpurityDecrease: number;
  /** ExtraTrees: one random threshold per drawn feature instead of the best one. */
  randomSplits: boolean;
}

/** The rows a tree is grown on. The builder permutes `rows`, `weights` and the target in place. */
export interface GrowInput {
  /** Bin edges and per-bin value ranges (its `codes` are not read: see `codes`). */
  bins: BinnedMatrix;
  /** The fit's bin codes (see fit-codes.ts). */
  codes: FitCodes;
  /** Row ids into `codes` (distinct, weight > 0). */
  rows: Int32Array;
  /** Sample weight of each entry of `rows` (bootstrap count × class weight). */
  weights: Float64Array;
  /** Class code (0..nClasses-1) per entry of `rows`; classification only. */
  yCode?: Int32Array;
  /** Target per entry of `rows`; regression only. */
  yValue?: Float64Array;
  nClasses: number;
  /** Scratch space (≥ rows.length entries) shared by the trees of one fit (`fitScratch`). */
  scratch: GrowScratch;
}

const EPSILON = 2.220446049250313e-16;

interface NodeState {
  id: number;
  start: number;
  end: number;
  depth: number;
  tot: Float64Array;
  impurity: number;
  /** Features known to be constant in this node (inherited by children). */
  constant: Uint8Array;
  hist: Float64Array | null;
  /** Occupied bin range of each computed feature: [2f] = first, [2f+1] = last; -1 = not computed. */
  has: Int32Array | null;
  split: SplitCandidate;
  /** Weighted impurity decrease of the chosen split (best-first priority). */
  gain: number;
}

/**
 * Grows one tree by histogram split search: each node's per-feature bin histograms come
 * from one gather over its rows, or — for the larger child — by subtracting the smaller
 * sibling's histogram from the parent's. Features are drawn per node as scikit-learn
 * does (known-constant features are skipped; search continues until one non-constant
 * feature is seen). Depth-first, or best-first when `maxLeafNodes` is finite.
 */
export function growTree(input: GrowInput, opt: GrowOptions, rng: () => number): TreeModel {
  const { bins, rows, weights, yCode, yValue, nClasses } = input;
  const classification = opt.criterion !== SQUARED_ERROR;
  const S = classification ? nClasses + 1 : 3;
  const nOut = classification ? nClasses : 1;
  const nF = bins.cols;
  const fitCodes = input.codes;
  const N = fitCodes.rows;
  const codes = fitCodes.codes;
  const binOffsets = bins.binOffsets;
  const histLen = binOffsets[nF]! * S;
  const tree = newTree(nOut);
  const perm = new Int32Array(nF);
  for (let f = 0; f < nF; f++) perm[f] = f;
  const left = new Float64Array(S);
  const m = rows.length;
  const scratch = input.scratch;
  if (scratch.rows.length < m) throw new RangeError(`growTree: scratch holds ${scratch.rows.length} rows but the tree has ${m}`);
  if (scratch.histLength !== histLen || scratch.has[0]?.length !== 2 * nF) {
    scratch.hists = [];
    scratch.has = [];
    scratch.histLength = histLen;
  }
  // Released histograms go back to the fit's pool, for this tree's later nodes and the next trees.
  const freeHists = scratch.hists;
  const freeHas = scratch.has;

  // Pooled histogram buffers are all zeros; `release` re-zeroes only the occupied ranges,
  // so a small node costs its occupied bins, not every bin of every feature.
  let held = 0;
  // Best-first growth keeps a frontier of nodes; beyond this many held histograms (~64 MB)
  // frontier nodes drop theirs and their children scan instead of subtracting.
  const maxHeld = Math.max(8, Math.floor((64 * 2 ** 20) / (8 * histLen)));
  const acquire = (nd: NodeState): void => {
    held++;
    nd.hist = freeHists.pop() ?? new Float64Array(histLen);
    nd.has = freeHas.pop() ?? new Int32Array(2 * nF);
    nd.has.fill(-1);
  };
  const release = (nd: NodeState): void => {
    const h = nd.hist;
    const has = nd.has;
    if (h !== null && has !== null) {
      for (let f = 0; f < nF; f++) {
        const lo = has[2 * f]!;
        if (lo < 0) continue;
        const ho = binOffsets[f]! * S;
        h.fill(0, ho + lo * S, ho + (has[2 * f + 1]! + 1) * S);
      }
      freeHists.push(h);
      freeHas.push(has);
      held--;
    }
    nd.hist = null;
    nd.has = null;
  };

  // Second histogram for the two-way interleaved gather (all zeros between gathers).
  let maxNb = 1;
  for (let f = 0; f < nF; f++) maxNb = Math.max(maxNb, binOffsets[f + 1]! - binOffsets[f]!);
  const h2 = new Float64Array(maxNb * S);

  /** Gathers node `nd`'s histogram of feature f from its rows; records its occupied bin range. */
  const scan = (nd: NodeState, f: number): void => {
    const nb = binOffsets[f + 1]! - binOffsets[f]!;
    fitCodes.ensure(f);
    const range = classification
      ? gatherClassHistogram(nd.hist!, binOffsets[f]! * S, h2, S, nb, codes, f * N, rows, yCode!, weights, nd.start, nd.end)
      : gatherRegressionHistogram(nd.hist!, binOffsets[f]! * 3, h2, nb, codes, f * N, rows, yValue!, weights, nd.start, nd.end);
    nd.has![2 * f] = range >> 8;
    nd.has![2 * f + 1] = range & 255;
  };

  /** Makes feature f's histogram available in `nd` (subtracting when the parent has it). */
  const ensure = (nd: NodeState, f: number, parent: NodeState | null, sibling: NodeState | null): void => {
    if (nd.has![2 * f]! >= 0) return;
    if (parent !== null && sibling !== null && parent.hist !== null && parent.has![2 * f]! >= 0) {
      if (sibling.hist === null) acquire(sibling);
      if (sibling.has![2 * f]! < 0) scan(sibling, f);
      const a = parent.hist;
      const b = sibling.hist!;
      const h = nd.hist!;
      const ho = binOffsets[f]! * S;
      let lo = parent.has![2 * f]!;
      let hi = parent.has![2 * f + 1]!;
      const end = ho + (hi + 1) * S;
      for (let p = ho + lo * S; p < end; p++) h[p] = a[p]! - b[p]!;
      const first = lo;
      const last = hi;
      while (lo < hi && h[ho + lo * S] === 0) lo++;
      while (hi > lo && h[ho + hi * S] === 0) hi--;
      // Empty bins trimmed off the range may hold float residue of weights: clear them.
      h.fill(0, ho + first * S, ho + lo * S);
      h.fill(0, ho + (hi + 1) * S, ho + (last + 1) * S);
      nd.has![2 * f] = lo;
      nd.has![2 * f + 1] = hi;
    } else {
      scan(nd, f);
    }
  };

  /** Sums the totals of rows [start, end) into `tot` (the root only; children get theirs from the partition). */
  const sumRows = (start: number, end: number, tot: Float64Array): number => {
    let sumSq = 0;
    if (classification) {
      const yc = yCode!;
      for (let i = start; i < end; i++) tot[1 + yc[i]!] += weights[i]!;
    } else {
      const yv = yValue!;
      for (let i = start; i < end; i++) {
        const w = weights[i]!;
        const y = yv[i]!;
        tot[1] += w;
        tot[2] += w * y;
        sumSq += w * y * y;
      }
    }
    tot[0] = end - start;
    return sumSq;
  };

  /** Creates the node for rows [start, end) with totals `tot`: impurity, value, tree entry. */
  const makeNode = (start: number, end: number, depth: number, constant: Uint8Array, tot: Float64Array, sumSq: number): NodeState => {
    const impurity = impurityOf(opt.criterion, tot, S, sumSq);
    let wN = 0;
    if (classification) for (let k = 1; k < S; k++) wN += tot[k]!;
    else wN = tot[1]!;
    const id = addNode(tree, impurity, end - start, wN);
    const vo = id * nOut;
    if (classification) for (let k = 0; k < nOut; k++) tree.value[vo + k] = tot[1 + k]! / wN;
    else tree.value[vo] = tot[2]! / wN;
    return { id, start, end, depth, tot, impurity, constant, hist: null, has: null, split: { feature: -1, bin: -1, proxy: -Infinity }, gain: 0 };
  };

  /** Finds the node's split (or leaves it a leaf), drawing features as scikit-learn does. */
  const evaluate = (nd: NodeState, parent: NodeState | null, sibling: NodeState | null): void => {
    const n = nd.end - nd.start;
    const wN = tree.weightedN[nd.id]!;
    if (nd.depth >= opt.maxDepth || n < opt.minSamplesSplit || n < 2 * opt.minSamplesLeaf || wN < 2 * opt.minWeightLeaf || nd.impurity <= EPSILON) return;
    if (nd.hist === null) acquire(nd);
    const h = nd.hist!;
    let visited = 0;
    let nonConstant = 0;
    let k = 0;
    const constant = nd.constant;
    let childConstant: Uint8Array | null = null;
    while (k < nF && (visited < opt.maxFeatures || nonConstant === 0)) {
      const j = k + Math.floor(rng() * (nF - k));
      const f = perm[j]!;
      perm[j] = perm[k]!;
      perm[k] = f;
      k++;
      visited++;
      if (constant[f]) continue;
      ensure(nd, f, parent, sibling);
      const ho = binOffsets[f]! * S;
      const bMin = nd.has![2 * f]!;
      const bMax = nd.has![2 * f + 1]!;
      if (bMin === bMax) {
        if (childConstant === null) childConstant = constant.slice();
        childConstant[f] = 1;
        continue;
      }
      nonConstant++;
      let lo = bMin;
      let hi = bMax - 1;
      if (opt.randomSplits) {
        const o = binOffsets[f]!;
        const vLo = bins.low[o + bMin]!;
        const vHi = bins.high[o + bMax]!;
        const t = vLo + rng() * (vHi - vLo);
        let b = bMin;
        for (let c = bMin + 1; c < bMax; c++) if (h[ho + c * S]! > 0 && bins.low[o + c]! <= t) b = c;
        lo = hi = b;
      }
      scanFeature(opt.criterion, h, ho, S, nd.tot, opt.minSamplesLeaf, opt.minWeightLeaf, f, bMin, lo, hi, nd.split, left);
    }
    if (childConstant !== null) nd.constant = childConstant;
    if (nd.split.feature >= 0) {
      nd.gain = nd.split.proxy - sideTerm(opt.criterion, nd.tot, 0, S);
      if (nd.gain + EPSILON < opt.minImpurityDecrease * wN) nd.split.feature = -1;
    }
  };

  /** Partitions the node's rows on its split (see partition.ts) and evaluates both children. */
  const splitNode = (nd: NodeState): [NodeState, NodeState] => {
    const f = nd.split.feature;
    const b = nd.split.bin;
    const totL = new Float64Array(S);
    const totR = new Float64Array(S);
    const sq = new Float64Array(2);
    fitCodes.ensure(f);
    const i = classification
      ? partitionClassRows(codes, f * N, b, rows, weights, yCode!, nd.start, nd.end, scratch, totL, totR)
      : partitionRegressionRows(codes, f * N, b, rows, weights, yValue!, nd.start, nd.end, scratch, totL, totR, sq);
    const sqL = sq[0]!;
    const sqR = sq[1]!;
    tree.feature[nd.id] = f;
    tree.threshold[nd.id] = bins.upper[binOffsets[f]! + b]!;
    const ln = makeNode(nd.start, i, nd.depth + 1, nd.constant, totL, sqL);
    const rn = makeNode(i, nd.end, nd.depth + 1, nd.constant, totR, sqR);
    tree.left[nd.id] = ln.id;
    tree.right[nd.id] = rn.id;
    const [small, large] = i - nd.start <= nd.end - i ? [ln, rn] : [rn, ln];
    evaluate(small, nd, null);
    evaluate(large, nd, small);
    release(nd);
    if (small.split.feature < 0) release(small);
    if (large.split.feature < 0) release(large);
    return [ln, rn];
  };

  const rootTot = new Float64Array(S);
  const rootSq = sumRows(0, rows.length, rootTot);
  const root = makeNode(0, rows.length, 0, new Uint8Array(nF), rootTot, rootSq);
  evaluate(root, null, null);
  if (root.split.feature < 0) release(root);
  if (opt.maxLeafNodes === Infinity) {
    const stack: NodeState[] = root.split.feature >= 0 ? [root] : [];
    while (stack.length > 0) {
      const nd = stack.pop()!;
      const [l, r] = splitNode(nd);
      if (r.split.feature >= 0) stack.push(r);
      if (l.split.feature >= 0) stack.push(l);
    }
  } else {
    const frontier: NodeState[] = root.split.feature >= 0 ? [root] : [];
    let leaves = 1;
    while (frontier.length > 0 && leaves < opt.maxLeafNodes) {
      let bi = 0;
      for (let q = 1; q < frontier.length; q++) if (frontier[q]!.gain > frontier[bi]!.gain) bi = q;
      const nd = frontier[bi]!;
      frontier[bi] = frontier[frontier.length - 1]!;
      frontier.pop();
      const [l, r] = splitNode(nd);
      leaves++;
      for (const c of [l, r]) {
        if (c.split.feature < 0) continue;
        if (held > maxHeld) release(c);
        frontier.push(c);
      }
    }
  }
  const built = trimTree(tree);
  built.adjacentChildren = true;
  return built;
}
