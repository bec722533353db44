import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

type Package = typeof import('../../src/index.js');

function newest(dir: string, ext: string): { file: string; mtime: number } {
  let best = { file: '', mtime: 0 };
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const found = entry.isDirectory() ? newest(path, ext) : entry.name.endsWith(ext) ? { file: path, mtime: statSync(path).mtimeMs } : best;
    if (found.mtime > best.mtime) best = found;
  }
  return best;
}

/**
 * The built package (`dist/`, what `npm install` builds and what users import),
 * for benchmarks whose figures must not include the TypeScript loader: under
 * tsx every pool thread also loads tsx and transpiles the sources (~35 MB per
 * thread). Refuses a `dist/` older than `src/`, naming the newer source file.
 */
export async function builtPackage(): Promise<Package> {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const entry = join(root, 'dist', 'index.js');
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run 'npm run build' (npm install runs it) and try again`);
  const src = newest(join(root, 'src'), '.ts');
  const dist = newest(join(root, 'dist'), '.js');
  if (src.mtime > dist.mtime) {
    throw new Error(`dist/ is older than ${src.file.slice(root.length)}: run 'npm run build' so the benchmark measures the current sources`);
  }
  return (await import(new URL('../../dist/index.js', import.meta.url).href)) as Package;
}
