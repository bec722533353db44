/**
 * `hyperfold search --halving`: successive halving (HalvingGridSearchCV with --grid,
 * HalvingRandomSearchCV with --space) and its options, parsed and checked here so that
 * search.ts only declares the flags and branches once.
 */
import { InvalidArgumentError, type Command } from 'commander';
import type { Estimator } from '../estimators/estimator.js';
import { parseSpace } from '../params/index.js';
import { HalvingGridSearchCV, HalvingRandomSearchCV, type HalvingRandomSearchOptions } from '../search/halving-search.js';
import type { SearchOptions } from '../search/types.js';
import { readJsonOption } from './json-input.js';
import { UsageError } from './errors.js';

/** The halving flags of `hyperfold search`. */
export interface HalvingCliOptions {
  halving?: boolean;
  factor?: number;
  resource?: string;
  minResources?: 'exhaust' | 'smallest' | number;
  maxResources?: 'auto' | number;
  aggressiveElimination?: boolean;
  nCandidates?: 'exhaust' | number;
}

/** --factor: a number > 1. */
export function factorArg(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 1) throw new InvalidArgumentError(`expected a number greater than 1, got '${value}'.`);
  return n;
}

/** A commander argParser for a positive integer or one of `words`. */
export function intOrWordArg<W extends string>(...words: W[]): (value: string) => W | number {
  return (value: string) => {
    if ((words as string[]).includes(value)) return value as W;
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1) {
      throw new InvalidArgumentError(`expected ${words.map((w) => `'${w}'`).join(', ')} or a positive integer, got '${value}'.`);
    }
    return n;
  };
}

const HALVING_ONLY = ['factor', 'resource', 'minResources', 'maxResources', 'aggressiveElimination', 'nCandidates'] as const;
const FLAG: Record<(typeof HALVING_ONLY)[number], string> = {
  factor: '--factor',
  resource: '--resource',
  minResources: '--min-resources',
  maxResources: '--max-resources',
  aggressiveElimination: '--aggressive-elimination',
  nCandidates: '--n-candidates',
};

/** Refuses halving flags without --halving, --n-candidates with --grid, and --n-iter with --halving. */
export function checkHalvingFlags(o: HalvingCliOptions & { grid?: string }, cmd: Command): void {
  if (!o.halving) {
    const given = HALVING_ONLY.filter((k) => o[k] !== undefined);
    if (given.length > 0)
      throw new UsageError(`${given.map((k) => FLAG[k]).join(', ')} ${given.length > 1 ? 'apply' : 'applies'} to successive halving only; add --halving`);
    return;
  }
  if (cmd.getOptionValueSource('nIter') === 'cli')
    throw new UsageError('--n-iter does not apply to --halving; use --n-candidates (default: exhaust) with --space');
  if (o.grid !== undefined && o.nCandidates !== undefined)
    throw new UsageError('--n-candidates applies to --space only; a --grid starts with every combination');
}

/** The halving search for `--halving` (grid or space, exactly one given). */
export function buildHalvingSearch(
  o: HalvingCliOptions & { grid?: string; space?: string },
  estimator: Estimator,
  extra: SearchOptions,
): HalvingGridSearchCV | HalvingRandomSearchCV {
  const options: HalvingRandomSearchOptions = {
    ...extra,
    ...(o.factor !== undefined ? { factor: o.factor } : {}),
    ...(o.resource !== undefined ? { resource: o.resource } : {}),
    ...(o.minResources !== undefined ? { minResources: o.minResources } : {}),
    ...(o.maxResources !== undefined ? { maxResources: o.maxResources } : {}),
    ...(o.aggressiveElimination ? { aggressiveElimination: true } : {}),
  };
  if (o.grid !== undefined) return new HalvingGridSearchCV(estimator, parseSpace(readJsonOption(o.grid, '--grid'), { forGrid: true }), options);
  const space = parseSpace(readJsonOption(o.space!, '--space'), { forGrid: false });
  return new HalvingRandomSearchCV(estimator, space, { ...options, ...(o.nCandidates !== undefined ? { nCandidates: o.nCandidates } : {}) });
}
