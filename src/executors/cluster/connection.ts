import { Redis, type RedisOptions } from 'ioredis';
import { ExecutorError, ValidationError } from '../../errors.js';

/** Where Redis is: a URL (`redis://[:password@]host:6379/0`, `rediss://` for TLS) or ioredis-style options. */
export type ClusterConnection = string | { host?: string; port?: number; username?: string; password?: string; db?: number; tls?: Record<string, unknown> };

/** Resolved connection: options for ioredis / BullMQ and a printable label with the password removed. */
export interface ResolvedConnection {
  options: RedisOptions;
  label: string;
}

/** Parses a connection URL or options object; the label never contains the password. */
export function resolveConnection(conn: ClusterConnection): ResolvedConnection {
  if (typeof conn === 'string') {
    let url: URL;
    try {
      url = new URL(conn);
    } catch {
      throw new ValidationError(`cluster: connection '${conn}' is not a URL; use redis://host:6379 (or rediss:// for TLS)`);
    }
    if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
      throw new ValidationError(`cluster: connection URL must start with redis:// or rediss://, got '${url.protocol}//'`);
    }
    const db = url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0;
    if (!Number.isInteger(db) || db < 0) throw new ValidationError(`cluster: database '${url.pathname.slice(1)}' in the URL is not a number`);
    const options: RedisOptions = {
      host: url.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1',
      port: url.port ? Number(url.port) : 6379,
      db,
    };
    if (url.username) options.username = decodeURIComponent(url.username);
    if (url.password) options.password = decodeURIComponent(url.password);
    if (url.protocol === 'rediss:') options.tls = {};
    const shown = new URL(conn);
    if (shown.password) shown.password = '***';
    return { options, label: shown.toString() };
  }
  const options: RedisOptions = { host: conn.host ?? '127.0.0.1', port: conn.port ?? 6379, db: conn.db ?? 0 };
  if (conn.username) options.username = conn.username;
  if (conn.password) options.password = conn.password;
  if (conn.tls) options.tls = conn.tls;
  return { options, label: `${conn.tls ? 'rediss' : 'redis'}://${options.host}:${options.port}/${options.db}` };
}

/**
 * Opens a client and checks it answers PING within `timeoutMs`; an unreachable
 * server becomes an ExecutorError naming the URL (nothing retried forever).
 * The returned client reconnects normally afterwards.
 */
export async function connectChecked(conn: ResolvedConnection, timeoutMs: number, role: string): Promise<Redis> {
  const client = new Redis({
    ...conn.options,
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: null,
    enableOfflineQueue: true,
    retryStrategy: (times) => Math.min(times * 200, 2000),
  });
  let lastError: Error | undefined;
  client.on('error', (err: Error) => {
    lastError = err; // reported through the failing command below; avoids unhandled 'error' events
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      (async () => {
        await client.connect();
        await client.ping();
      })(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
  } catch (err) {
    client.disconnect();
    const why = lastError?.message ?? (err instanceof Error ? err.message : String(err));
    throw new ExecutorError(
      `cluster ${role}: cannot reach Redis at ${conn.label} (${why}). Start Redis there, or fix the connection URL / password` +
        (role === 'coordinator' ? '; nothing was enqueued.' : '.'),
    );
  } finally {
    clearTimeout(timer);
  }
  return client;
}

/** The connection options BullMQ's Queue / Worker take (they open their own connections). */
export function bullConnection(conn: ResolvedConnection): {
  host?: string;
  port?: number;
  db?: number;
  username?: string;
  password?: string;
  tls?: Record<string, unknown>;
  maxRetriesPerRequest: null;
} {
  const o = conn.options;
  return {
    host: o.host,
    port: o.port,
    db: o.db,
    ...(o.username ? { username: o.username } : {}),
    ...(o.password ? { password: o.password } : {}),
    ...(o.tls ? { tls: o.tls as Record<string, unknown> } : {}),
    maxRetriesPerRequest: null,
  };
}
