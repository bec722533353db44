import { spawn } from 'node:child_process';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { variantLabel } from './progress.js';

const MARK = '@@variant-result ';
let variantsStarted = 0;

/**
 * Runs `script` again in a child process with `args` (same Node flags, so tsx
 * stays active) and returns the object it reported with `reportVariant`.
 * Each variant of a benchmark runs in its own process so its peak RSS is its own.
 */
export function runVariant<T>(script: string | URL, args: readonly string[]): Promise<T> {
  const file = script instanceof URL ? fileURLToPath(script) : script;
  const label = `${basename(file, '.ts')} ${variantLabel(args)}`.trim();
  const t0 = performance.now();
  process.stderr.write(`bench: variant ${++variantsStarted}: ${label}…\n`); // progress on stderr; the table stays on stdout
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, file, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (out += chunk));
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith(MARK));
      if (code !== 0 || !line) {
        reject(new Error(`benchmark variant ${args.join(' ')} exited with code ${code}:\n${out}`));
        return;
      }
      process.stderr.write(`bench: variant ${label} done in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
      resolve(JSON.parse(line.slice(MARK.length)) as T);
    });
  });
}

/** Reports a variant's figures to the parent (see runVariant). */
export function reportVariant(result: object): void {
  console.log(MARK + JSON.stringify(result));
}

/** The value of `--name value` in argv, or undefined. */
export function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
