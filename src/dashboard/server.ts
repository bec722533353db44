/**
 * The dashboard's HTTP server (node:http): serves the page, its assets (uPlot
 * from the installed package), `GET /api/state`, and one Server-Sent Events
 * stream per page — a snapshot on connect, then coalesced deltas a few times a
 * second. Read-only: GET/HEAD only, no request body, a fixed set of paths; a
 * malformed, oversized or foreign request gets a 4xx and never reaches the state.
 * Hand-written on node:http: six fixed routes and SSE need no framework (express
 * alone would add ~60 packages to an install that serves two JSON routes).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pageAssets, pageHtml } from './page/html.js';

/** Where a dashboard's content comes from (a search's state, or the cluster's). */
export interface DashboardSource {
  /** The whole state, sent to a page when it connects. */
  snapshot(): unknown;
  /** What changed since the previous call (undefined: nothing to send). Called once per tick. */
  delta(): unknown;
  /** The compact JSON of `GET /api/state`. */
  apiState(): unknown;
  /** True once nothing will change any more (ticks stop after the last delta). */
  readonly finished: boolean;
  /** Files offered for download once finished (`/api/cv_results.csv` / `.json`), or undefined when not (yet) available. */
  download?(format: 'csv' | 'json'): string | undefined;
  /** Refreshes asynchronous inputs (e.g. Redis) before a tick; optional. */
  refresh?(): Promise<void>;
}

/** Options of `DashboardServer.start`. */
export interface ServeOptions {
  /** TCP port; 0 or undefined: a free port. */
  port?: number;
  /** Interface to bind (default 127.0.0.1, this machine only). */
  host?: string;
  /** Milliseconds between deltas (default 250: four updates a second at most). */
  tickMs?: number;
}

const MAX_URL = 2048;
const STALE_BYTES = 32 * 1024 * 1024;
const SECURITY_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'",
};

interface Client {
  res: ServerResponse;
  stale: boolean;
}

/** A running dashboard server; see the module comment. */
export class DashboardServer {
  private readonly clients = new Set<Client>();
  private timer: NodeJS.Timeout | undefined;
  private ticking = false;
  private lastDeltaSent = false;
  private snapshotBytes = 0;

  private constructor(
    private readonly server: Server,
    private readonly source: DashboardSource,
    /** The page's address, e.g. http://127.0.0.1:8787/ */
    readonly url: string,
    private readonly allowedHosts: Set<string> | undefined,
    private readonly tickMs: number,
  ) {}

  /** Starts serving `source`; resolves once listening (rejects when the port is taken). */
  static async start(source: DashboardSource, options: ServeOptions = {}): Promise<DashboardServer> {
    const host = options.host ?? '127.0.0.1';
    const port = options.port ?? 0;
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new RangeError(`dashboard port: expected an integer 0..65535 (0: a free port), got ${String(port)}`);
    let self: DashboardServer | undefined;
    const server = createServer({ maxHeaderSize: 16 * 1024, requestTimeout: 30_000, headersTimeout: 10_000 }, (req, res) => {
      if (!self) {
        res.writeHead(503).end();
        return;
      }
      try {
        self.handle(req, res);
      } catch {
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end('internal error\n');
      }
    });
    server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
      const status = err.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
      if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`);
      else socket.destroy();
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const addr = server.address() as AddressInfo;
    const shownHost = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
    const url = `http://${shownHost === '0.0.0.0' || shownHost === '[::]' ? '127.0.0.1' : shownHost}:${addr.port}/`;
    const loopback = ['127.0.0.1', '::1', 'localhost'].includes(host);
    // bound to loopback: only loopback names are accepted in Host (no DNS rebinding from a web page)
    const allowed = loopback ? new Set([`127.0.0.1:${addr.port}`, `localhost:${addr.port}`, `[::1]:${addr.port}`]) : undefined;
    self = new DashboardServer(server, source, url, allowed, options.tickMs ?? 250);
    self.timer = setInterval(() => void self!.tick(), self.tickMs);
    return self;
  }

  /** Lets the process exit while the server is up (library use: it lives as long as the process does). */
  unref(): this {
    this.server.unref();
    this.timer?.unref();
    return this;
  }

  /** Pages connected now (SSE streams). */
  get connections(): number {
    return this.clients.size;
  }

  /** Sends pending changes at once (e.g. the final state) instead of at the next tick. */
  async flush(): Promise<void> {
    await this.tick();
  }

  /** Stops the server and ends every stream. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    for (const c of this.clients) c.res.end();
    this.clients.clear();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
  }

  private async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      if (this.source.finished && this.lastDeltaSent) return;
      await this.source.refresh?.();
      const finished = this.source.finished;
      const delta = this.source.delta();
      if (delta !== undefined) this.broadcast('delta', delta);
      if (finished) this.lastDeltaSent = true;
    } catch {
      /* a failed refresh (e.g. Redis down) is shown by the source's own state; the server keeps serving */
    } finally {
      this.ticking = false;
    }
  }

  private broadcast(event: string, data: unknown): void {
    if (this.clients.size === 0) return;
    const payload = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    let snapshot: string | undefined;
    for (const c of this.clients) {
      // a page far behind (its backlog past twice the last snapshot, and 32 MB) skips deltas
      // and gets a fresh snapshot once its connection drained, instead of an endless backlog
      if (!c.stale && c.res.writableLength > Math.max(STALE_BYTES, 2 * this.snapshotBytes)) c.stale = true;
      if (c.stale) {
        if (c.res.writableLength > 0) continue;
        snapshot ??= `event: snapshot\ndata: ${JSON.stringify(this.source.snapshot())}\n\n`;
        this.snapshotBytes = snapshot.length;
        c.res.write(snapshot);
        c.stale = false;
        continue;
      }
      c.res.write(payload);
    }
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return plain(res, 405, 'method not allowed: the dashboard is read-only (GET only)\n', { Allow: 'GET, HEAD' });
    const rawUrl = req.url ?? '/';
    if (rawUrl.length > MAX_URL) return plain(res, 414, 'URI too long\n');
    if (Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined) {
      res.setHeader('Connection', 'close');
      return plain(res, 413, 'request bodies are not accepted\n');
    }
    if (this.allowedHosts && !this.allowedHosts.has(String(req.headers.host ?? '').toLowerCase())) return plain(res, 421, 'unknown Host header\n');
    let path: string;
    try {
      path = new URL(rawUrl, 'http://dashboard.invalid').pathname;
    } catch {
      return plain(res, 400, 'bad request\n');
    }
    const assets = pageAssets();
    switch (path) {
      case '/':
      case '/index.html':
        return send(res, 200, 'text/html; charset=utf-8', pageHtml(), req.method === 'HEAD');
      case '/assets/app.js':
        return send(res, 200, 'text/javascript; charset=utf-8', assets.appJs, req.method === 'HEAD');
      case '/assets/app.css':
        return send(res, 200, 'text/css; charset=utf-8', assets.appCss, req.method === 'HEAD');
      case '/assets/uPlot.min.js':
        return send(res, 200, 'text/javascript; charset=utf-8', assets.uplotJs, req.method === 'HEAD', true);
      case '/assets/uPlot.min.css':
        return send(res, 200, 'text/css; charset=utf-8', assets.uplotCss, req.method === 'HEAD', true);
      case '/favicon.ico':
        res.writeHead(204).end();
        return;
      case '/api/state':
        return send(res, 200, 'application/json; charset=utf-8', JSON.stringify(this.source.apiState()), req.method === 'HEAD');
      case '/api/snapshot':
        return send(res, 200, 'application/json; charset=utf-8', JSON.stringify(this.source.snapshot()), req.method === 'HEAD');
      case '/api/events':
        return this.stream(req, res);
      case '/api/cv_results.csv':
      case '/api/cv_results.json': {
        const format = path.endsWith('.csv') ? 'csv' : 'json';
        const body = this.source.download?.(format);
        if (body === undefined)
          return plain(res, this.source.download ? 409 : 404, this.source.download ? 'cvResults are available once the search finished\n' : 'not found\n');
        res.setHeader('Content-Disposition', `attachment; filename="cv_results.${format}"`);
        return send(res, 200, format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8', body, req.method === 'HEAD');
      }
      default:
        return plain(res, 404, 'not found\n');
    }
  }

  private stream(req: IncomingMessage, res: ServerResponse): void {
    if (req.method === 'HEAD') return send(res, 200, 'text/event-stream', '', true);
    if (this.clients.size >= 64) return plain(res, 429, 'too many open dashboard pages\n');
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    const snapshot = `retry: 1000\nevent: snapshot\ndata: ${JSON.stringify(this.source.snapshot())}\n\n`;
    this.snapshotBytes = snapshot.length;
    res.write(snapshot);
    const client: Client = { res, stale: false };
    this.clients.add(client);
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
    keepAlive.unref();
    const drop = (): void => {
      clearInterval(keepAlive);
      this.clients.delete(client);
    };
    req.on('close', drop);
    res.on('error', drop);
  }
}

function send(res: ServerResponse, status: number, type: string, body: string, head: boolean, cache = false): void {
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body), 'Cache-Control': cache ? 'public, max-age=3600' : 'no-store' });
  res.end(head ? undefined : body);
}

function plain(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}
