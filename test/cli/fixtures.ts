// Small CSV files written by the CLI tests (plain and gzipped).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import seedrandom from 'seedrandom';

/** A fresh temporary directory for one test file. */
export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'hyperfold-cli-'));
}

/**
 * 150 rows, three classes of 2-D points around three centres with noise,
 * plus a `site` column (5 groups); header `x1,x2,site,label`.
 */
export function blobsCsv(): string {
  const rng = seedrandom('cli-blobs');
  const centres = [
    [0, 0],
    [3, 3],
    [0, 4],
  ];
  const lines = ['x1,x2,site,label'];
  for (let i = 0; i < 150; i++) {
    const c = i % 3;
    const x1 = centres[c]![0]! + (rng() - 0.5) * 3;
    const x2 = centres[c]![1]! + (rng() - 0.5) * 3;
    lines.push(`${x1.toFixed(4)},${x2.toFixed(4)},${i % 5},${c}`);
  }
  return lines.join('\n') + '\n';
}

/** Writes blobs.csv and blobs.csv.gz (same content) into `dir`; returns their paths. */
export function writeBlobs(dir: string): { csv: string; gz: string } {
  const text = blobsCsv();
  const csv = join(dir, 'blobs.csv');
  const gz = join(dir, 'blobs.csv.gz');
  writeFileSync(csv, text);
  writeFileSync(gz, gzipSync(text));
  return { csv, gz };
}
