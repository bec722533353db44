import { fileURLToPath } from 'node:url';
import { ValidationError } from '../errors.js';
import { loadCsv } from './csv.js';
import type { Labels, Matrix } from './matrix.js';

/** Path of a file in the package's `datasets/` folder (works from src/ and dist/). */
export function datasetPath(file: string): string {
  return fileURLToPath(new URL(`../../datasets/${file}`, import.meta.url));
}

/** A bundled data set with names, as scikit-learn's `load_*` return. */
export interface BundledData {
  X: Matrix;
  y: Labels;
  featureNames: string[];
  targetNames: string[];
}

/** scikit-learn's digits: 1,797 8×8 images (64 pixel features, 0–16), classes 0–9. */
export async function loadDigits(): Promise<BundledData> {
  const d = await loadCsv(datasetPath('digits.csv.gz'), { header: false, target: 64 });
  const featureNames: string[] = [];
  for (let r = 0; r < 8; r++) for (let c = 0; c < 8; c++) featureNames.push(`pixel_${r}_${c}`);
  return { X: d.X, y: d.y as Labels /* numeric file */, featureNames, targetNames: Array.from({ length: 10 }, (_, i) => String(i)) };
}

/** The 11 airline feature columns, in file order. */
export const AIRLINE_FEATURES = [
  'month',
  'day_of_month',
  'day_of_week',
  'dep_hour',
  'distance',
  'origin_lat',
  'origin_lon',
  'dest_lat',
  'dest_lon',
  'origin_flights',
  'dest_flights',
] as const;

/** Options of `loadAirline`. */
export interface LoadAirlineOptions {
  /** The first `rows` rows (the file is in random order). Default: all 563,000. */
  rows?: number;
  /** 'delayed' (0/1, classification; default) or 'delay_min' (minutes, regression). */
  target?: 'delayed' | 'delay_min';
}

/** 563,000 U.S. domestic flights (Jan–Jun 2001): 11 features, target `delayed` or `delay_min`. */
export async function loadAirline(options: LoadAirlineOptions = {}): Promise<BundledData> {
  const target = options.target ?? 'delayed';
  if (target !== 'delayed' && target !== 'delay_min') {
    throw new ValidationError(`loadAirline: target must be 'delayed' or 'delay_min', got '${String(target)}'`);
  }
  if (options.rows !== undefined && (!Number.isInteger(options.rows) || options.rows < 1)) {
    throw new ValidationError(`loadAirline: rows must be a positive integer, got ${options.rows}`);
  }
  const d = await loadCsv(datasetPath('airline-563k.csv.gz'), { target, features: [...AIRLINE_FEATURES], rows: options.rows });
  return { X: d.X, y: d.y as Labels /* numeric file */, featureNames: d.featureNames, targetNames: target === 'delayed' ? ['on_time', 'delayed'] : [target] };
}
