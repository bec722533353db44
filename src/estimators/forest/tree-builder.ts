import type { BinnedMatrix } from './binning.js';
import type { FitCodes } from './fit-codes.js';
import { SQUARED_ERROR, impurityOf, scanFeature, sideTerm, type SplitCandidate } from './split-search.js';
import { gatherClassHistogram, gatherRegressionHistogram, subtractHistogram } from './histogram.js';
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
  return new TreeGrower(input, opt, rng).grow();
}

/**
 * The state of one tree being grown, with the builder's steps as methods rather than closures made
 * inside `growTree` for every tree (docs/contributing.md, "Hot code that V8 keeps optimized": the
 * closures' optimized code was thrown away, "wrong call target", in every pool thread).
 */
class TreeGrower {
  private readonly bins: BinnedMatrix;
  private readonly fitCodes: FitCodes;
  private readonly codes: Uint8Array;
  private readonly N: number;
  private readonly rows: Int32Array;
  private readonly weights: Float64Array;
  private readonly yCode: Int32Array | undefined;
  private readonly yValue: Float64Array | undefined;
  private readonly classification: boolean;
  /** Numbers per histogram bin (classification: count + one weight per class; regression: 3). */
  private readonly S: number;
  private readonly nOut: number;
  private readonly nF: number;
  private readonly binOffsets: Int32Array;
  private readonly tree: TreeModel;
  private readonly perm: Int32Array;
  private readonly left: Float64Array;
  private readonly scratch: GrowScratch;
  /** Released histograms go back to the fit's pool, for this tree's later nodes and the next trees. */
  private readonly freeHists: Float64Array[];
  private readonly freeHas: Int32Array[];
  private held = 0;
  /** Best-first growth keeps a frontier of nodes; beyond this many held histograms (~64 MB) frontier nodes drop theirs and their children scan instead of subtracting. */
  private readonly maxHeld: number;
  /** Second histogram for the two-way interleaved gather (all zeros between gathers). */
  private readonly h2: Float64Array;

  constructor(
    input: GrowInput,
    private readonly opt: GrowOptions,
    private readonly rng: () => number,
  ) {
    const { bins, rows, nClasses } = input;
    this.bins = bins;
    this.rows = rows;
    this.weights = input.weights;
    this.yCode = input.yCode;
    this.yValue = input.yValue;
    this.classification = opt.criterion !== SQUARED_ERROR;
    const S = this.classification ? nClasses + 1 : 3;
    this.S = S;
    this.nOut = this.classification ? nClasses : 1;
    const nF = bins.cols;
    this.nF = nF;
    this.fitCodes = input.codes;
    this.N = input.codes.rows;
    this.codes = input.codes.codes;
    this.binOffsets = bins.binOffsets;
    const histLen = this.binOffsets[nF]! * S;
    this.tree = newTree(this.nOut);
    this.perm = new Int32Array(nF);
    for (let f = 0; f < nF; f++) this.perm[f] = f;
    this.left = new Float64Array(S);
    const scratch = input.scratch;
    this.scratch = scratch;
    if (scratch.rows.length < rows.length) throw new RangeError(`growTree: scratch holds ${scratch.rows.length} rows but the tree has ${rows.length}`);
    if (scratch.histLength !== histLen || scratch.has[0]?.length !== 2 * nF) {
      scratch.hists = [];
      scratch.has = [];
      scratch.histLength = histLen;
    }
    this.freeHists = scratch.hists;
    this.freeHas = scratch.has;
    this.maxHeld = Math.max(8, Math.floor((64 * 2 ** 20) / (8 * histLen)));
    let maxNb = 1;
    for (let f = 0; f < nF; f++) maxNb = Math.max(maxNb, this.binOffsets[f + 1]! - this.binOffsets[f]!);
    this.h2 = new Float64Array(maxNb * S);
  }

  /** Gives `nd` an all-zero histogram (pooled buffers are all zeros). */
  private acquire(nd: NodeState): void {
    this.held++;
    nd.hist = this.freeHists.pop() ?? new Float64Array(this.scratch.histLength);
    nd.has = this.freeHas.pop() ?? new Int32Array(2 * this.nF);
    nd.has.fill(-1);
  }

  /** Returns `nd`'s histogram to the pool, re-zeroing only the occupied ranges (a small node costs its occupied bins, not every bin). */
  private release(nd: NodeState): void {
    const h = nd.hist;
    const has = nd.has;
    if (h !== null && has !== null) {
      const S = this.S;
      for (let f = 0; f < this.nF; f++) {
        const lo = has[2 * f]!;
        if (lo < 0) continue;
        const ho = this.binOffsets[f]! * S;
        h.fill(0, ho + lo * S, ho + (has[2 * f + 1]! + 1) * S);
      }
      this.freeHists.push(h);
      this.freeHas.push(has);
      this.held--;
    }
    nd.hist = null;
    nd.has = null;
  }

  /** Gathers node `nd`'s histogram of feature f from its rows; records its occupied bin range. */
  private scan(nd: NodeState, f: number): void {
    const { binOffsets, S } = this;
    const nb = binOffsets[f + 1]! - binOffsets[f]!;
    this.fitCodes.ensure(f);
    const range = this.classification
      ? gatherClassHistogram(nd.hist!, binOffsets[f]! * S, this.h2, S, nb, this.codes, f * this.N, this.rows, this.yCode!, this.weights, nd.start, nd.end)
      : gatherRegressionHistogram(nd.hist!, binOffsets[f]! * 3, this.h2, nb, this.codes, f * this.N, this.rows, this.yValue!, this.weights, nd.start, nd.end);
    nd.has![2 * f] = range >> 8;
    nd.has![2 * f + 1] = range & 255;
  }

  /** Makes feature f's histogram available in `nd` (subtracting when the parent has it). */
  private ensure(nd: NodeState, f: number, parent: NodeState | null, sibling: NodeState | null): void {
    if (nd.has![2 * f]! >= 0) return;
    if (parent !== null && sibling !== null && parent.hist !== null && parent.has![2 * f]! >= 0) {
      if (sibling.hist === null) this.acquire(sibling);
      if (sibling.has![2 * f]! < 0) this.scan(sibling, f);
      const S = this.S;
      const ho = this.binOffsets[f]! * S;
      const range = subtractHistogram(nd.hist!, parent.hist, sibling.hist!, ho, S, parent.has![2 * f]!, parent.has![2 * f + 1]!);
      nd.has![2 * f] = range >> 8;
      nd.has![2 * f + 1] = range & 255;
    } else {
      this.scan(nd, f);
    }
  }

  /** Sums the totals of rows [start, end) into `tot` (the root only; children get theirs from the partition). */
  private sumRows(start: number, end: number, tot: Float64Array): number {
    tot[0] = end - start;
    if (this.classification) {
      sumClassWeights(this.yCode!, this.weights, start, end, tot);
      return 0;
    }
    return sumRegression(this.yValue!, this.weights, start, end, tot);
  }

  /** Creates the node for rows [start, end) with totals `tot`: impurity, value, tree entry. */
  private makeNode(start: number, end: number, depth: number, constant: Uint8Array, tot: Float64Array, sumSq: number): NodeState {
    const { S, nOut, tree } = this;
    const impurity = impurityOf(this.opt.criterion, tot, S, sumSq);
    let wN = 0;
    if (this.classification) for (let k = 1; k < S; k++) wN += tot[k]!;
    else wN = tot[1]!;
    const id = addNode(tree, impurity, end - start, wN);
    const vo = id * nOut;
    if (this.classification) for (let k = 0; k < nOut; k++) tree.value[vo + k] = tot[1 + k]! / wN;
    else tree.value[vo] = tot[2]! / wN;
    return { id, start, end, depth, tot, impurity, constant, hist: null, has: null, split: { feature: -1, bin: -1, proxy: -Infinity }, gain: 0 };
  }

  /** Finds the node's split (or leaves it a leaf), drawing features as scikit-learn does. */
  private evaluate(nd: NodeState, parent: NodeState | null, sibling: NodeState | null): void {
    const { opt, nF, perm, binOffsets, S, bins, rng } = this;
    const n = nd.end - nd.start;
    const wN = this.tree.weightedN[nd.id]!;
    if (nd.depth >= opt.maxDepth || n < opt.minSamplesSplit || n < 2 * opt.minSamplesLeaf || wN < 2 * opt.minWeightLeaf || nd.impurity <= EPSILON) return;
    if (nd.hist === null) this.acquire(nd);
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
      this.ensure(nd, f, parent, sibling);
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
      scanFeature(opt.criterion, h, ho, S, nd.tot, opt.minSamplesLeaf, opt.minWeightLeaf, f, bMin, lo, hi, nd.split, this.left);
    }
    if (childConstant !== null) nd.constant = childConstant;
    if (nd.split.feature >= 0) {
      nd.gain = nd.split.proxy - sideTerm(opt.criterion, nd.tot, 0, S);
      if (nd.gain + EPSILON < opt.minImpurityDecrease * wN) nd.split.feature = -1;
    }
  }

  /** Partitions the node's rows on its split (see partition.ts) and evaluates both children. */
  private splitNode(nd: NodeState): [NodeState, NodeState] {
    const { S, N, codes, rows, weights, scratch, tree } = this;
    const f = nd.split.feature;
    const b = nd.split.bin;
    const totL = new Float64Array(S);
    const totR = new Float64Array(S);
    const sq = new Float64Array(2);
    this.fitCodes.ensure(f);
    const i = this.classification
      ? partitionClassRows(codes, f * N, b, rows, weights, this.yCode!, nd.start, nd.end, scratch, totL, totR)
      : partitionRegressionRows(codes, f * N, b, rows, weights, this.yValue!, nd.start, nd.end, scratch, totL, totR, sq);
    const sqL = sq[0]!;
    const sqR = sq[1]!;
    tree.feature[nd.id] = f;
    tree.threshold[nd.id] = this.bins.upper[this.binOffsets[f]! + b]!;
    const ln = this.makeNode(nd.start, i, nd.depth + 1, nd.constant, totL, sqL);
    const rn = this.makeNode(i, nd.end, nd.depth + 1, nd.constant, totR, sqR);
    tree.left[nd.id] = ln.id;
    tree.right[nd.id] = rn.id;
    const [small, large] = i - nd.start <= nd.end - i ? [ln, rn] : [rn, ln];
    this.evaluate(small, nd, null);
    this.evaluate(large, nd, small);
    this.release(nd);
    if (small.split.feature < 0) this.release(small);
    if (large.split.feature < 0) this.release(large);
    return [ln, rn];
  }

  /** Grows the whole tree: depth-first, or best-first under `maxLeafNodes`. */
  grow(): TreeModel {
    const { opt, S, rows } = this;
    const rootTot = new Float64Array(S);
    const rootSq = this.sumRows(0, rows.length, rootTot);
    const root = this.makeNode(0, rows.length, 0, new Uint8Array(this.nF), rootTot, rootSq);
    this.evaluate(root, null, null);
    if (root.split.feature < 0) this.release(root);
    if (opt.maxLeafNodes === Infinity) {
      const stack: NodeState[] = root.split.feature >= 0 ? [root] : [];
      while (stack.length > 0) {
        const nd = stack.pop()!;
        const [l, r] = this.splitNode(nd);
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
        const [l, r] = this.splitNode(nd);
        leaves++;
        for (const c of [l, r]) {
          if (c.split.feature < 0) continue;
          if (this.held > this.maxHeld) this.release(c);
          frontier.push(c);
        }
      }
    }
    const built = trimTree(this.tree);
    built.adjacentChildren = true;
    return built;
  }
}

// sumRows' loops are alone in their functions (docs/contributing.md, "Hot code that V8 keeps optimized"): inside
// the method, V8 replaced it while the loop ran and deoptimized it at the line after the loop on every later
// root (~550 times per airline halving search).

/** tot[1 + class] += weight over rows [start, end). */
function sumClassWeights(yc: Int32Array, weights: Float64Array, start: number, end: number, tot: Float64Array): void {
  for (let i = start; i < end; i++) tot[1 + yc[i]!] += weights[i]!;
}

/** tot[1] += Σw, tot[2] += Σwy over rows [start, end); returns Σwy². */
function sumRegression(yv: Float64Array, weights: Float64Array, start: number, end: number, tot: Float64Array): number {
  let sumSq = 0;
  for (let i = start; i < end; i++) {
    const w = weights[i]!;
    const y = yv[i]!;
    tot[1] += w;
    tot[2] += w * y;
    sumSq += w * y * y;
  }
  return sumSq;
}
