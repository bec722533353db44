import { SearchState } from './src/dashboard/state.ts';
const n = 100_000, SPLITS = 5, THREADS = 8;
const state = new SearchState(Date.now() - 3_600_000);
state.begin({ title: 'x', metric: 'score', nSplits: SPLITS });
const params = Array.from({ length: n }, (_, i) => ({ C: 10 ** (Math.random() * 6 - 2), gamma: 10 ** (Math.random() * 4 - 5), kernel: ['rbf', 'poly', 'sigmoid'][i % 3]! }));
state.addCandidates(0, params);
let clock = state.startedAt;
for (let k = 0; k < n * 4; k++) {
  const c = k % n, s = Math.floor(k / n), dur = 0.02 + Math.random() * 0.05;
  clock += (dur * 1000) / THREADS;
  state.addResult({ ok: true, key: '', candidateIndex: c, splitIndex: s, testScores: { score: 0.9 + Math.random() * 0.05 }, fitTime: dur * 0.8, scoreTime: dur * 0.2, nTestSamples: 360, worker: `thread ${(k % THREADS) + 1}` }, clock);
}
for (let i = 0; i < 3; i++) {
  let t = performance.now();
  const snap = state.snapshot();
  const t1 = performance.now();
  const json = JSON.stringify(snap);
  const t2 = performance.now();
  JSON.parse(json);
  const t3 = performance.now();
  const parts = Object.fromEntries(Object.entries(snap).map(([k, v]) => [k, (JSON.stringify(v).length / 1e6).toFixed(2)]));
  console.log(`snapshot ${(t1 - t).toFixed(0)} ms, stringify ${(t2 - t1).toFixed(0)} ms, parse ${(t3 - t2).toFixed(0)} ms, ${(json.length / 1e6).toFixed(1)} MB`, i === 0 ? parts : '');
}
