/**
 * `Dashboard`: a live page for one search, served by the process that runs it
 * (as Dask's scheduler serves its dashboard). It listens to the search's
 * events, aggregates them (SearchState) and serves them (DashboardServer);
 * `writeReport` saves the same page with the final state as one HTML file.
 */
import type { EventEmitter } from 'node:events';
import { writeFileSync } from 'node:fs';
import type { Params } from '../estimators/estimator.js';
import type { FitResult } from '../jobs/types.js';
import type { ExecutorActivity } from '../executors/executor.js';
import type { CvResults, HalvingIterationInfo, ProgressInfo, ResumedInfo } from '../search/types.js';
import { cvResultsToCsv, cvResultsToJsonValue } from '../cli/results-export.js';
import { reportHtml } from './page/html.js';
import { DashboardServer, type DashboardSource, type ServeOptions } from './server.js';
import { SearchState } from './state.js';

type Listener = Parameters<EventEmitter['on']>[1];

/** Payload of a search's 'candidates' event: a batch of candidates about to be evaluated. */
export interface CandidatesEvent {
  offset: number;
  candidates: readonly Params[];
  nSplits: number;
  /** Metric whose mean test score ranks candidates. */
  metric: string;
  /** What the search's executor runs now (Executor.activity), when it says. */
  activity?: () => ExecutorActivity | Promise<ExecutorActivity>;
}

/** Payload of a search's 'done' event (the part the dashboard reads). */
interface DoneEvent {
  cvResults?: CvResults;
  bestIndex?: number;
  bestScore?: number;
}

/** What a Dashboard watches: a GridSearchCV / RandomizedSearchCV (any EventEmitter emitting their events). */
export interface WatchedSearch extends EventEmitter {
  readonly estimator?: { readonly name: string };
}

/** Options of `Dashboard`. */
export interface DashboardOptions extends ServeOptions {
  /** Title shown on the page (default: the search class and estimator, e.g. 'RandomizedSearchCV(SVC)'). */
  title?: string;
  /** Where the `dashboard: <url>` line goes (default: stderr); false prints nothing. */
  log?: ((line: string) => void) | false;
}

/** Writes cvResults as the files `--out` writes (CSV text, JSON text). */
export function cvResultsFiles(cv: CvResults): { csv: string; json: string } {
  return { csv: cvResultsToCsv(cv), json: JSON.stringify(cvResultsToJsonValue(cv), null, 2) + '\n' };
}

/** A DashboardSource over a SearchState. */
export class SearchSource implements DashboardSource {
  private files: { csv: string; json: string } | undefined;

  constructor(readonly state: SearchState) {}

  get finished(): boolean {
    return this.state.finished;
  }

  /** Samples what the executor runs now (before each tick), while the search runs. */
  async refresh(): Promise<void> {
    const sample = this.state.finished ? undefined : this.activity;
    if (!sample) return;
    try {
      this.state.setActivity(await sample());
    } catch {
      this.state.setActivity(undefined); // e.g. Redis unreachable: shown as unknown, not as a stale count
    }
  }

  /** The executor's `activity`, set by the Dashboard from the search's 'candidates' event. */
  activity: (() => ExecutorActivity | Promise<ExecutorActivity>) | undefined;

  snapshot(): unknown {
    return this.state.snapshot();
  }

  delta(): unknown {
    return this.state.delta();
  }

  apiState(): unknown {
    return this.state.apiState();
  }

  download(format: 'csv' | 'json'): string | undefined {
    const cv = this.state.results;
    if (!cv) return undefined;
    this.files ??= cvResultsFiles(cv);
    return this.files[format];
  }
}

/**
 * A live dashboard for one search. Create it before `fit` (it listens to the
 * search's events), `start()` it to serve the page, `writeReport(path)` after
 * the fit for a static copy, `close()` to stop serving.
 *
 * ```ts
 * const dashboard = new Dashboard(search, { port: 0 });
 * await dashboard.start();            // prints: dashboard: http://127.0.0.1:PORT/
 * await search.fit(X, y);
 * dashboard.writeReport('report.html');
 * ```
 */
export class Dashboard {
  /** The aggregated state (also what `GET /api/state` returns a summary of). */
  readonly state: SearchState;
  private server: DashboardServer | undefined;
  private readonly source: SearchSource;
  private readonly listeners: [string, Listener][] = [];

  constructor(
    private readonly search: WatchedSearch,
    private readonly options: DashboardOptions = {},
  ) {
    this.state = new SearchState();
    this.source = new SearchSource(this.state);
    const name = search.constructor?.name && search.constructor.name !== 'EventEmitter' ? search.constructor.name : 'search';
    this.state.title = options.title ?? `${name}(${search.estimator?.name ?? ''})`;
    this.on('candidates', (e: CandidatesEvent) => {
      if (this.state.nCandidates === 0) this.state.begin({ title: this.state.title, metric: e.metric, nSplits: e.nSplits });
      this.state.addCandidates(e.offset, e.candidates);
      this.source.activity = e.activity;
    });
    this.on('iteration', (info: HalvingIterationInfo) => this.state.startRound(info));
    this.on('result', (r: FitResult) => this.state.addResult(r, Date.now()));
    this.on('resumed', (info: ResumedInfo) => {
      for (const r of info.results) this.state.addResult(r, Date.now(), true);
    });
    this.on('progress', (p: ProgressInfo) => this.state.setProgress(p));
    this.on('done', (d: DoneEvent) => {
      this.state.finish(d.cvResults, d.bestIndex, d.bestScore);
      void this.server?.flush();
    });
  }

  private on<T>(event: string, fn: (x: T) => void): void {
    const l = fn as Listener;
    this.search.on(event, l);
    this.listeners.push([event, l]);
  }

  /** Starts serving; resolves to the page's URL (and prints `dashboard: <url>` unless `log: false`). */
  async start(): Promise<string> {
    if (this.server) return this.server.url;
    this.server = await DashboardServer.start(this.source, this.options);
    const log = this.options.log === undefined ? (line: string) => process.stderr.write(line + '\n') : this.options.log;
    if (log) log(`dashboard: ${this.server.url}`);
    return this.server.url;
  }

  /** The page's URL once started. */
  get url(): string | undefined {
    return this.server?.url;
  }

  /** Lets the process exit while the page is served (it then lives as long as the process). */
  unref(): this {
    this.server?.unref();
    return this;
  }

  /** The self-contained HTML of the current state (the final state after `fit`). */
  reportHtml(): string {
    const cv = this.state.results;
    return reportHtml({ snapshot: this.state.snapshot(), ...(cv ? cvResultsFiles(cv) : {}) });
  }

  /** Writes the static report (one HTML file with every asset inlined) to `path`. */
  writeReport(path: string): void {
    writeFileSync(path, this.reportHtml());
  }

  /** Stops serving and stops listening to the search. */
  async close(): Promise<void> {
    for (const [event, l] of this.listeners) this.search.off(event, l);
    this.listeners.length = 0;
    await this.server?.close();
    this.server = undefined;
  }
}

/** The `dashboard` option of `search.fit`: serve a live page while it runs (`true`: a free port on 127.0.0.1). */
export type FitDashboardOption = boolean | Pick<DashboardOptions, 'port' | 'host' | 'title' | 'log'>;

/**
 * Used by `fit(X, y, { dashboard, report })`: starts the page before the first
 * job (left serving, unref'd, after the fit) and returns what to call once the
 * fit finished (writes the report when asked).
 */
export async function attachFitDashboard(search: WatchedSearch, dashboard: FitDashboardOption | undefined, report: string | undefined): Promise<() => void> {
  const opts = typeof dashboard === 'object' ? dashboard : {};
  const d = new Dashboard(search, opts);
  if (dashboard !== undefined && dashboard !== false) {
    await d.start();
    d.unref();
  }
  return () => {
    if (report !== undefined) d.writeReport(report);
  };
}
