/** `hyperfold search --save-model <file>` and `--verbose <n>` / `-v`: checks before the search, saving after it. */
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { EstimatorKind } from '../estimators/estimator.js';
import { saveModel } from '../persistence/model-file.js';
import type { BaseSearchCV } from '../search/base-search.js';
import type { LoadedData } from './data-source.js';
import { UsageError } from './errors.js';

/** The verbose level from `--verbose N` and repeated `-v` (the larger of the two). */
export function verboseLevel(verbose: number | undefined, vCount: number): number {
  return Math.max(verbose ?? 0, vCount);
}

/** Fails before any fit when `--save-model` cannot be written (missing folder, a directory) or the estimator predicts nothing. */
export function checkSaveModelPath(path: string, kind: EstimatorKind): void {
  if (kind === 'transformer') throw new UsageError(`--save-model ${path}: a transformer has no predictions to save`);
  const dir = dirname(resolve(path));
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`--save-model ${path}: folder ${dirname(path)} does not exist; create it first`);
  if (existsSync(path) && statSync(path).isDirectory()) throw new UsageError(`--save-model ${path}: is a directory; give a file name such as best.json`);
}

/** Saves the search's refitted best estimator with the data's feature and target names; says so on stderr unless quiet. */
export function saveSearchModel(search: BaseSearchCV, path: string, data: LoadedData, quiet: boolean): void {
  const m = saveModel(search, path, { featureNames: data.featureNames, target: data.targetName });
  if (!quiet) {
    const score = m.metric ? `, ${m.metric.scorer} ${m.metric.score.toFixed(4)}` : '';
    process.stderr.write(`search: saved the best ${m.estimatorName}${score} to ${path} (predict with: hyperfold predict --model ${path} --data <file.csv>)\n`);
  }
}
