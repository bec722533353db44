import { availableParallelism, loadavg } from 'node:os';

/** One line of a benchmark table: the figure for hyperfold, the baseline's, and hyperfold ÷ baseline (or the reverse, as `ratio` says). */
export interface Row {
  name: string;
  hyperfold: string;
  baseline: string;
  ratio: string;
}

/** Prints `name  hyperfold  baseline  ratio` as aligned columns under a title (`columns` renames the headers). */
export function printTable(title: string, rows: readonly Row[], columns: Partial<Row> = {}): void {
  const header: Row = { name: 'name', hyperfold: 'hyperfold', baseline: 'baseline', ratio: 'ratio', ...columns };
  const all = [header, ...rows];
  const w = (k: keyof Row): number => Math.max(...all.map((r) => r[k].length));
  const line = (r: Row): string =>
    `${r.name.padEnd(w('name'))}  ${r.hyperfold.padStart(w('hyperfold'))}  ${r.baseline.padStart(w('baseline'))}  ${r.ratio.padStart(w('ratio'))}`;
  console.log(`\n${title}`);
  console.log(line(header));
  for (const r of rows) console.log(line(r));
}

/** `a / b` with two decimals and a trailing ×. */
export function ratio(a: number, b: number): string {
  return `${(a / b).toFixed(2)}×`;
}

/** Seconds with three significant decimals. */
export function secs(s: number): string {
  return `${s.toFixed(s < 10 ? 3 : 1)} s`;
}

/** Megabytes, rounded. */
export function mb(m: number): string {
  return `${m.toFixed(0)} MB`;
}

/** "load 1.2 on 2 cores": the 1-minute load average, printed with each table (shared machines skew wall times). */
export function machineLoad(): string {
  return `machine load (1-min average) ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`;
}
