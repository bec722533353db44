import type { Redis } from 'ioredis';
import type { DataSet } from '../../data/dataset.js';
import { ExecutorError } from '../../errors.js';
import { decodeDataSet, decodeFold, encodeDataSet, encodeFold, type FoldIndices } from './codec.js';
import type { ClusterKeys } from './keys.js';

/**
 * Stores a data set in Redis once, content-addressed by its id, with a TTL.
 * When it is already there only the TTL is refreshed. Returns the bytes written.
 */
export async function storeDataSet(redis: Redis, keys: ClusterKeys, data: DataSet, ttlSeconds: number): Promise<number> {
  const key = keys.data(data.id);
  if ((await redis.expire(key, ttlSeconds)) === 1) return 0;
  const buf = encodeDataSet(data);
  await redis.set(key, buf, 'EX', ttlSeconds);
  return buf.length;
}

/** Stores folds (id → indices) not yet in Redis; refreshes the TTL of the others. Returns the bytes written. */
export async function storeFolds(redis: Redis, keys: ClusterKeys, folds: Map<string, FoldIndices>, ttlSeconds: number): Promise<number> {
  const ids = [...folds.keys()];
  if (ids.length === 0) return 0;
  const refreshed = await redis.pipeline(ids.map((id) => ['expire', keys.fold(id), String(ttlSeconds)])).exec();
  const pipe = redis.pipeline();
  let bytes = 0;
  ids.forEach((id, i) => {
    if (refreshed?.[i]?.[1] === 1) return;
    const buf = encodeFold(folds.get(id)!);
    bytes += buf.length;
    pipe.set(keys.fold(id), buf, 'EX', ttlSeconds);
  });
  if (bytes > 0) await pipe.exec();
  return bytes;
}

interface Entry {
  value: DataSet | FoldIndices;
  bytes: number;
}

/**
 * A worker process's cache of data sets and folds downloaded from Redis:
 * each is fetched once (concurrent requests share the download) and kept,
 * least recently used evicted first once `maxBytes` is exceeded.
 * Hand-written: a Map in insertion order is an LRU in a dozen lines; an LRU
 * package would add a dependency for no gain.
 */
export class DataCache {
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, Promise<DataSet | FoldIndices>>();
  private bytes = 0;
  /** Bytes downloaded from Redis so far (for logs and benchmarks). */
  downloadedBytes = 0;

  constructor(
    private readonly redis: Redis,
    private readonly keys: ClusterKeys,
    readonly maxBytes: number,
  ) {}

  /** The data set with this id (downloaded on first use). */
  async dataSet(id: string): Promise<DataSet> {
    return (await this.get(this.keys.data(id), (b) => decodeDataSet(b), 'data set')) as DataSet;
  }

  /** The fold with this id (downloaded on first use). */
  async fold(id: string): Promise<FoldIndices> {
    return (await this.get(this.keys.fold(id), (b) => decodeFold(b), 'fold')) as FoldIndices;
  }

  /** Bytes held in memory. */
  get heldBytes(): number {
    return this.bytes;
  }

  private async get(key: string, decode: (b: Buffer) => DataSet | FoldIndices, what: string): Promise<DataSet | FoldIndices> {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.value;
    }
    let p = this.pending.get(key);
    if (!p) {
      p = (async () => {
        const buf = await this.redis.getBuffer(key);
        if (!buf) {
          throw new ExecutorError(`cluster worker: ${what} ${key} is not in Redis (expired or removed); run the search again so the coordinator stores it`);
        }
        this.downloadedBytes += buf.length;
        const value = decode(buf);
        this.add(key, { value, bytes: buf.length });
        return value;
      })().finally(() => this.pending.delete(key));
      this.pending.set(key, p);
    }
    return p;
  }

  private add(key: string, entry: Entry): void {
    this.entries.set(key, entry);
    this.bytes += entry.bytes;
    for (const [k, e] of this.entries) {
      if (this.bytes <= this.maxBytes || k === key) break;
      this.entries.delete(k);
      this.bytes -= e.bytes;
    }
  }
}
