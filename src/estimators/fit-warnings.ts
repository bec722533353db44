/**
 * Warnings raised inside a fit (scikit-learn's ConvergenceWarning and the like). Inside
 * a search every fit runs through `fitAndScore`, which collects them into the fit's
 * result, so the search can warn once for all its fits — whichever thread or host ran
 * them — as scikit-learn's search shows a warning once. A fit outside a search emits
 * each distinct warning once per process.
 */

import { warnOnce } from '../metrics/warnings.js';

/** One warning raised by a fit. */
export interface FitWarning {
  /** The warning's class, e.g. 'ConvergenceWarning'. */
  category: string;
  message: string;
}

let collector: FitWarning[] | undefined;

/** Reports a warning from inside a fit (collected by `collectFitWarnings`, else emitted once per process). */
export function reportFitWarning(category: string, message: string): void {
  if (collector) {
    if (!collector.some((w) => w.category === category && w.message === message)) collector.push({ category, message });
    return;
  }
  warnOnce(category, message);
}

/** Runs `fn` collecting the warnings fits report into `into` (kept even when `fn` throws; fits are synchronous). */
export function collectFitWarnings<T>(into: FitWarning[], fn: () => T): T {
  const outer = startCollecting(into);
  try {
    return fn();
  } finally {
    stopCollecting(outer);
  }
}

/**
 * Starts collecting fit warnings into `into`; returns the collector it replaced, which the caller
 * restores with `stopCollecting` in a `finally` (collectFitWarnings without a closure per fit).
 */
export function startCollecting(into: FitWarning[]): FitWarning[] | undefined {
  const outer = collector;
  collector = into;
  return outer;
}

/** Restores the collector `startCollecting` replaced. */
export function stopCollecting(outer: FitWarning[] | undefined): void {
  collector = outer;
}

/** Distinct warnings of a search's fits, with how many fits raised each. */
export class FitWarningTally {
  private readonly seen = new Map<string, { warning: FitWarning; fits: number }>();

  /** Counts the warnings of one fit's result. */
  add(warnings: readonly FitWarning[] | undefined): void {
    if (!warnings) return;
    for (const w of warnings) {
      const key = `${w.category}\u0000${w.message}`;
      const entry = this.seen.get(key);
      if (entry) entry.fits++;
      else this.seen.set(key, { warning: { ...w }, fits: 1 });
    }
  }

  /** Each distinct warning and its count, in first-seen order. */
  entries(): { warning: FitWarning; fits: number }[] {
    return [...this.seen.values()];
  }

  /** Emits each distinct warning once through process.emitWarning, saying in how many of `total` fits it was raised. */
  emit(total: number): void {
    for (const { warning, fits } of this.seen.values()) {
      process.emitWarning(`${warning.message} (raised by ${fits} of ${total} fits)`, warning.category);
    }
  }
}
