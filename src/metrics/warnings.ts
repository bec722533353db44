/**
 * scikit-learn's UndefinedMetricWarning and friends, as Node process warnings.
 * Python shows a given warning once per call site by default; we show each distinct
 * message once per process, so a search over many folds does not flood stderr.
 */
const shown = new Set<string>();

/** Emits `message` as a process warning of `type` (e.g. 'UndefinedMetricWarning', 'ConvergenceWarning') unless the same one was already emitted. */
export function warnOnce(type: string, message: string): void {
  const key = `${type}\u0000${message}`;
  if (shown.has(key)) return;
  shown.add(key);
  process.emitWarning(message, type);
}
