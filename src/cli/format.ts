/**
 * Plain-text formatting for the CLI: aligned tables, scores as mean ± std,
 * parameters as `name=value`, durations. Hand-written: a few lines of padding
 * do not justify a table-rendering dependency.
 */

/** A right- or left-aligned column of a text table. */
export interface Column {
  header: string;
  align?: 'left' | 'right';
}

/** Renders rows as an aligned text table with a header and a rule under it. */
export function formatTable(columns: readonly Column[], rows: readonly (readonly string[])[]): string {
  const widths = columns.map((c, j) => Math.max(c.header.length, ...rows.map((r) => (r[j] ?? '').length)));
  const cell = (s: string, j: number): string => (columns[j]!.align === 'right' ? s.padStart(widths[j]!) : s.padEnd(widths[j]!));
  const line = (cells: readonly string[]): string =>
    cells
      .map((s, j) => cell(s, j))
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.header)), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map((r) => line(r))].join('\n');
}

/** A score with 4 decimals ('nan' for NaN). */
export function formatScore(x: number): string {
  return Number.isNaN(x) ? 'nan' : x.toFixed(4);
}

/** 'mean ± std' with 4 decimals. */
export function formatMeanStd(mean: number, std: number): string {
  return `${formatScore(mean)} ± ${formatScore(std)}`;
}

/** A parameter value compactly: numbers with up to 4 significant digits, strings bare, the rest as JSON. */
export function formatValue(v: unknown): string {
  if (typeof v === 'number') {
    if (Number.isInteger(v) && Math.abs(v) < 1e6) return String(v);
    if (v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e6)) return v.toExponential(3).replace(/\.?0+e/, 'e');
    return String(Number(v.toPrecision(4)));
  }
  if (typeof v === 'string') return v;
  if (v === undefined) return '';
  return JSON.stringify(v);
}

/** Parameters as `a=1, b=rbf` in key order. */
export function formatParams(params: Readonly<Record<string, unknown>>): string {
  return Object.keys(params)
    .sort()
    .map((k) => `${k}=${formatValue(params[k])}`)
    .join(', ');
}

/** Seconds as '0.123 s', '12.3 s' or '2 min 05 s'. */
export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '?';
  if (s < 1) return `${s.toFixed(3)} s`;
  if (s < 120) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${String(Math.round(s - m * 60)).padStart(2, '0')} s`;
}

/** Quotes a command-line argument for a POSIX shell when it needs it. */
export function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
