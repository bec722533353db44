/**
 * A search journal: a JSON-lines file whose first line fingerprints the search
 * (data, estimator, candidates, folds, scoring, seed) and whose other lines are
 * finished job results, appended and written through one at a time as they arrive.
 * Re-running the same search with the same journal skips every recorded job; a
 * journal written for another search is refused, never mixed in.
 * Hand-written: a JSON-lines library would only wrap writeSync/readFileSync; the
 * fingerprint checks and NaN-preserving encoding are specific to searches.
 */
import { accessSync, closeSync, constants, existsSync, openSync, readFileSync, readSync, statSync, truncateSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import { ValidationError } from '../errors.js';
import type { Params } from '../estimators/estimator.js';
import { canonicalJSON, hashIndices } from './job-key.js';
import type { FitFailure, FitResult, FitSuccess } from './types.js';

const KIND = 'hyperfold-journal';
const VERSION = 1;

/** The journal's first line: what the recorded results belong to. */
export interface JournalHeader {
  kind: typeof KIND;
  version: number;
  /** Data set fingerprint. */
  dataId: string;
  estimator: string;
  /** Hash of the estimator's base parameters (those the candidates do not set). */
  estimatorParams: string;
  /** Hash of the candidate list (order included) and its length. */
  candidates: string;
  nCandidates: number;
  /** Hash of every fold's train and test indices, and the fold count. */
  folds: string;
  nSplits: number;
  scoring: Record<string, string>;
  returnTrainScore: boolean;
  /** The search seed the jobs' seeds were derived from. */
  seed: number;
}

/** Hash helpers for a journal header. */
export const journalHash = {
  params(p: Params): string {
    return sha(canonicalJSON(p));
  },
  candidates(c: readonly Params[]): string {
    return sha(c.map((x) => canonicalJSON(x)).join('\n'));
  },
  folds(folds: readonly { train: Int32Array; test: Int32Array }[]): string {
    return sha(folds.map((f) => `${hashIndices(f.train)}:${hashIndices(f.test)}`).join(','));
  },
};

function sha(s: string): string {
  return createHash('sha256').update(s).digest('hex').slice(0, 24);
}

/** Builds a header (kind and version filled in). */
export function journalHeader(fields: Omit<JournalHeader, 'kind' | 'version'>): JournalHeader {
  return { kind: KIND, version: VERSION, ...fields };
}

const FIELDS: readonly [keyof JournalHeader, string][] = [
  ['version', 'journal format version'],
  ['dataId', 'data set (X, y)'],
  ['estimator', 'estimator'],
  ['estimatorParams', "estimator's fixed parameters"],
  ['candidates', 'candidate parameters'],
  ['folds', 'cross-validation folds'],
  ['scoring', 'scoring'],
  ['returnTrainScore', 'returnTrainScore'],
  ['seed', 'randomState (search seed)'],
];

/** Lists what differs between a journal's header and the current search ('' when they match). */
export function headerDifferences(recorded: JournalHeader, current: JournalHeader): string[] {
  const out: string[] = [];
  for (const [k, label] of FIELDS) {
    const a = canonicalJSON(recorded[k] as never);
    const b = canonicalJSON(current[k] as never);
    if (a !== b) {
      const detail =
        k === 'candidates'
          ? ` (${recorded.nCandidates} recorded vs ${current.nCandidates} now, or different values)`
          : k === 'folds'
            ? ` (${recorded.nSplits} recorded vs ${current.nSplits} now, or different rows)`
            : ` (journal ${short(a)}, now ${short(b)})`;
      out.push(`${label}${detail}`);
    }
  }
  return out;
}

function short(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}

function num(v: unknown): number {
  if (typeof v === 'number') return v;
  if (v === 'NaN' || v === null) return NaN;
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  throw new Error(`expected a number, got ${JSON.stringify(v)}`);
}

function scores(v: unknown): Record<string, number> {
  if (!v || typeof v !== 'object') throw new Error('expected a record of scores');
  return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, num(x)]));
}

function str(v: unknown, what: string): string {
  if (typeof v !== 'string') throw new Error(`${what} must be a string`);
  return v;
}

function int(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new Error(`${what} must be an integer`);
  return v;
}

/** Parses one recorded result (validating its fields: the file is an edge). */
export function parseResultLine(o: Record<string, unknown>): FitResult {
  if (o === null || typeof o !== 'object' || typeof o.ok !== 'boolean') throw new Error('missing ok: true|false');
  const base = {
    key: str(o.key, 'key'),
    candidateIndex: int(o.candidateIndex, 'candidateIndex'),
    splitIndex: int(o.splitIndex, 'splitIndex'),
    fitTime: num(o.fitTime),
    scoreTime: num(o.scoreTime),
    ...(typeof o.worker === 'string' ? { worker: o.worker } : {}),
    ...(typeof o.startedAt === 'number' ? { startedAt: o.startedAt } : {}),
    ...(typeof o.endedAt === 'number' ? { endedAt: o.endedAt } : {}),
  };
  if (o.ok === true) {
    const r: FitSuccess = { ok: true, ...base, testScores: scores(o.testScores), nTestSamples: int(o.nTestSamples, 'nTestSamples') };
    if (o.trainScores !== undefined) r.trainScores = scores(o.trainScores);
    return r;
  }
  if (o.ok === false) {
    const cause = o.cause === 'infrastructure' ? 'infrastructure' : 'model';
    const r: FitFailure = {
      ok: false,
      ...base,
      errorClass: str(o.errorClass, 'errorClass'),
      message: str(o.message, 'message'),
      cause,
      ...(typeof o.stack === 'string' ? { stack: o.stack } : {}),
      ...(typeof o.attempts === 'number' ? { attempts: o.attempts } : {}),
    };
    return r;
  }
  throw new Error('missing ok: true|false');
}

/** JSON with non-finite numbers written as "NaN" / "Infinity" / "-Infinity" (JSON has no such numbers). */
function encode(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v));
}

/**
 * Throws a ValidationError naming `path` when a journal cannot be kept there: it is a
 * directory, it (or its folder) is not writable, or its folder does not exist — so a bad
 * `--journal` fails before any fit, not with a bare EISDIR after the first.
 */
export function checkJournalPath(path: string): void {
  if (typeof path !== 'string' || path === '') throw new ValidationError(`journal: expected a file path, got ${JSON.stringify(path)}`);
  const code = (err: unknown): string => (err as NodeJS.ErrnoException).code ?? String(err);
  if (existsSync(path)) {
    if (statSync(path).isDirectory())
      throw new ValidationError(`journal ${path} is a directory; give a file path inside it, e.g. ${resolve(path, 'search.jsonl')}`);
    try {
      accessSync(path, constants.R_OK | constants.W_OK);
    } catch (err) {
      throw new ValidationError(`journal ${path} cannot be read and written (${code(err)}); fix its permissions or choose another path`);
    }
    return;
  }
  const dir = dirname(resolve(path));
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new ValidationError(`journal ${path}: the folder ${dir} does not exist; create it or choose another path`);
  try {
    accessSync(dir, constants.W_OK);
  } catch (err) {
    throw new ValidationError(`journal ${path}: cannot create a file in ${dir} (${code(err)}); choose a writable folder`);
  }
}

/** Reads just the header of an existing journal (undefined when the file is absent or empty). */
export function readJournalHeader(path: string): JournalHeader | undefined {
  checkJournalPath(path);
  if (!existsSync(path)) return undefined;
  const firstLine = readFirstLine(path).trim();
  if (firstLine === '') return undefined;
  let h: unknown;
  try {
    h = JSON.parse(firstLine);
  } catch {
    throw notAJournal(path, 'its first line is not JSON');
  }
  const o = h as Partial<JournalHeader> | null;
  if (!o || o.kind !== KIND) throw notAJournal(path, `its first line is not a ${KIND} header`);
  if (typeof o.seed !== 'number') throw notAJournal(path, 'its header has no seed');
  return o as JournalHeader;
}

/** The file's first line, read in chunks until its newline (not the whole journal). */
function readFirstLine(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const chunks: Buffer[] = [];
    const chunk = Buffer.alloc(64 * 1024);
    for (;;) {
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      const nl = chunk.subarray(0, n).indexOf(10);
      chunks.push(Buffer.from(chunk.subarray(0, nl < 0 ? n : nl)));
      if (nl >= 0) break;
    }
    return Buffer.concat(chunks).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

function notAJournal(path: string, why: string): ValidationError {
  return new ValidationError(`journal ${path} is not a hyperfold journal (${why}); give another journal path or delete that file`);
}

/**
 * An open journal. `open` checks an existing file's header against the current
 * search (a mismatch is a ValidationError naming what differs and what to do),
 * loads its results (a truncated last line, from a crash mid-write, is ignored)
 * or writes a new header; `append` records one result per line.
 */
export class Journal {
  private fd: number | undefined;

  private constructor(
    readonly path: string,
    /** Results recorded by earlier runs (infrastructure failures excluded: they are re-run). */
    readonly recorded: FitResult[],
    fd: number,
  ) {
    this.fd = fd;
  }

  /** Opens (or creates) the journal at `path` for the search described by `header`. */
  static open(path: string, header: JournalHeader): Journal {
    const existing = readJournalHeader(path);
    const recorded: FitResult[] = [];
    if (existing) {
      const diffs = headerDifferences(existing, header);
      if (diffs.length > 0) {
        throw new ValidationError(
          `journal ${path} was written for a different search: ${diffs.join('; ')} differ. ` +
            `Use another journal path for this search, or delete ${path} to start it over.`,
        );
      }
      const text = readFileSync(path, 'utf8');
      if (!text.endsWith('\n')) {
        // a last line cut short by a crash mid-write: drop it so appends start on a fresh line
        truncateSync(path, Buffer.byteLength(text.slice(0, text.lastIndexOf('\n') + 1)));
      }
      const lines = text.split('\n');
      for (let i = 1; i < lines.length; i++) {
        const line = lines[i]!.trim();
        if (line === '') continue;
        let r: FitResult;
        try {
          r = parseResultLine(JSON.parse(line) as Record<string, unknown>);
        } catch (err) {
          if (i === lines.length - 1) continue; // the truncated last line (already cut off the file)
          throw new ValidationError(`journal ${path}, line ${i + 1}: not a valid result (${(err as Error).message}); delete the file or that line`);
        }
        if (!r.ok && r.cause === 'infrastructure') continue;
        recorded.push(r);
      }
    }
    const fd = openSync(path, 'a');
    if (!existing) {
      try {
        writeSync(fd, encode(header) + '\n');
      } catch (err) {
        closeSync(fd);
        throw err;
      }
    }
    return new Journal(path, recorded, fd);
  }

  /** Appends one finished result as a line, written through to the file at once (`extra`: fields for readers such as `hyperfold report`). */
  append(result: FitResult, extra?: Record<string, unknown>): void {
    if (this.fd === undefined) throw new Error(`journal ${this.path} is closed`);
    writeSync(this.fd, encode(extra ? { ...result, ...extra } : result) + '\n');
  }

  /** Closes the file. Idempotent. */
  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
