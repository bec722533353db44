import type { FitJob } from '../../jobs/types.js';
import type { CostModel } from './cost.js';

/** How a pool orders jobs: costliest first (learned from finished folds), or as the search listed them. */
export type DispatchOrder = 'costliest-first' | 'as-given';

interface Entry {
  /** 1: no fold of the candidate dispatched yet (a probe); 0: otherwise. Higher tiers go first. */
  tier: number;
  priority: number;
  candidate: number;
  version: number;
}

/** Max-heap on priority; ties go to the smaller candidate index (stable, deterministic). Hand-written: ~30 lines, no dependency needed. */
class MaxHeap {
  private readonly items: Entry[] = [];
  private before(a: Entry, b: Entry): boolean {
    if (a.tier !== b.tier) return a.tier > b.tier;
    return a.priority > b.priority || (a.priority === b.priority && a.candidate < b.candidate);
  }
  get size(): number {
    return this.items.length;
  }
  push(e: Entry): void {
    const h = this.items;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.before(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }
  peek(): Entry | undefined {
    return this.items[0];
  }
  pop(): void {
    const h = this.items;
    const last = h.pop()!;
    if (h.length === 0) return;
    h[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && this.before(h[l]!, h[m]!)) m = l;
      if (r < h.length && this.before(h[r]!, h[m]!)) m = r;
      if (m === i) break;
      [h[i], h[m]] = [h[m]!, h[i]!];
      i = m;
    }
  }
  clear(): void {
    this.items.length = 0;
  }
}

/**
 * The jobs of one run waiting for a thread, grouped by candidate. First one
 * fold of every candidate, costliest-looking first (a probe); then the other
 * folds, ranked by the time their candidate's finished folds took — so the
 * end of a run is made of jobs whose cost is known, longest first.
 * Priorities are recomputed lazily when a fold finishes. After a thread died, the job it was running goes first, alone; the
 * others of its batches follow in ordinary batches.
 */
export class DispatchQueue {
  private readonly byCandidate = new Map<number, { items: number[]; head: number }>();
  private readonly versions = new Map<number, number>();
  private readonly heap = new MaxHeap();
  private readonly retries: number[] = [];
  private returned: number[] = [];
  private count = 0;

  constructor(
    jobs: readonly FitJob[],
    private readonly model: CostModel,
    private readonly order: DispatchOrder,
  ) {
    jobs.forEach((job, i) => {
      let g = this.byCandidate.get(job.candidateIndex);
      if (!g) this.byCandidate.set(job.candidateIndex, (g = { items: [], head: 0 }));
      g.items.push(i);
    });
    this.count = jobs.length;
    this.rebuild();
  }

  /** Jobs not yet handed out. */
  get pending(): number {
    return this.count;
  }

  private push(candidate: number): void {
    const g = this.byCandidate.get(candidate);
    if (!g || g.head >= g.items.length) return;
    const asGiven = this.order === 'as-given';
    const tier = !asGiven && g.head === 0 ? 1 : 0;
    const priority = asGiven ? -g.items[g.head]! : this.model.priority(candidate);
    const version = (this.versions.get(candidate) ?? 0) + 1;
    this.versions.set(candidate, version);
    this.heap.push({ tier, priority, candidate, version });
  }

  /** Recomputes every candidate's priority (after the cost model's scale changed). */
  rebuild(): void {
    this.heap.clear();
    for (const c of this.byCandidate.keys()) this.push(c);
  }

  /** Re-ranks one candidate (one of its folds just finished) if it still has jobs waiting. */
  update(candidate: number): void {
    if (this.order === 'as-given') return;
    const g = this.byCandidate.get(candidate);
    if (g && g.head < g.items.length) this.push(candidate);
  }

  /** Puts job `i` back, to run first and alone (its thread died while running it). */
  retry(i: number): void {
    this.retries.push(i);
    this.count += 1;
  }

  /** Puts job `i` back, to run next in an ordinary batch (its thread died before reporting it). */
  putBack(i: number): void {
    this.returned.push(i);
    this.count += 1;
  }

  private top(): Entry | undefined {
    for (;;) {
      const e = this.heap.peek();
      if (!e) return undefined;
      const g = this.byCandidate.get(e.candidate)!;
      if (e.version === this.versions.get(e.candidate) && g.head < g.items.length) return e;
      this.heap.pop();
    }
  }

  /**
   * The next batch: a retried job alone, else jobs in priority order while
   * their predicted seconds fit in `targetSeconds` (at most `cap`; a job of
   * unknown cost goes alone). `retry` marks a retried job (it must run on a fresh thread).
   */
  next(targetSeconds: number, cap: number): { jobs: number[]; retry: boolean } | undefined {
    if (this.retries.length > 0) {
      this.count -= 1;
      return { jobs: [this.retries.shift()!], retry: true };
    }
    if (this.returned.length > 0) {
      const out = this.returned.slice(0, cap);
      this.returned = this.returned.slice(cap);
      this.count -= out.length;
      return { jobs: out, retry: false };
    }
    const out: number[] = [];
    let sum = 0;
    let lastCandidate = -1;
    let p: number | undefined;
    while (out.length < cap) {
      const e = this.top();
      if (!e) break;
      const g = this.byCandidate.get(e.candidate)!;
      const i = g.items[g.head]!;
      if (e.candidate !== lastCandidate) {
        lastCandidate = e.candidate;
        p = this.model.predict(e.candidate);
      }
      if (p === undefined && out.length > 0) break;
      if (p !== undefined && out.length > 0 && sum + p > targetSeconds) break;
      g.head += 1;
      out.push(i);
      this.count -= 1;
      if (e.tier === 1) this.push(e.candidate); // probed: its other folds wait for its measured time
      if (p === undefined) break;
      sum += p;
    }
    return out.length > 0 ? { jobs: out, retry: false } : undefined;
  }
}
