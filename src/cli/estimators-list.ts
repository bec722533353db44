/** `hyperfold search --list-estimators`: every registered estimator with its parameters and defaults. */
import { describeEstimator, listEstimators } from '../estimators/registry.js';
import { formatTable, formatValue } from './format.js';

/** The estimator listing as text. */
export function formatEstimatorList(): string {
  const out: string[] = [];
  for (const name of listEstimators()) {
    const d = describeEstimator(name);
    out.push(`${name}${d.doc ? ` — ${d.doc}` : ''}`);
    const params = Object.entries(d.params ?? {});
    if (params.length === 0) out.push('  (no documented parameters)');
    else {
      const table = formatTable(
        [{ header: 'parameter' }, { header: 'default' }, { header: 'description' }],
        params.map(([p, spec]) => [p, formatValue(spec.default) || 'null', spec.doc]),
      );
      out.push(table.replace(/^/gm, '  '));
    }
    out.push('');
  }
  return out.join('\n');
}

/** The estimator listing as JSON (for `--list-estimators --json`). */
export function estimatorListJson(): unknown[] {
  return listEstimators().map((name) => describeEstimator(name));
}
