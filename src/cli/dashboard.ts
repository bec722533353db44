/**
 * The dashboard on the command line: `--dashboard [port]`, `--host`,
 * `--dashboard-linger <s>` and `--report <file>` for `search` and `demo`, and
 * `hyperfold dashboard --redis URL` (the cluster page, served from any machine
 * that reaches Redis).
 */
import { extname } from 'node:path';
import { Option, type Command } from 'commander';
import type { Dashboard } from '../dashboard/dashboard.js';
import type { WatchedSearch } from '../dashboard/dashboard.js';
import { action, UsageError } from './errors.js';
import { intArg } from './parse-args.js';

/** The dashboard options of `search` and `demo`. */
export interface DashboardCliOptions {
  /** true: a free port; a number: that port. */
  dashboard?: boolean | number;
  host?: string;
  dashboardLinger?: number;
  report?: string;
}

/** Adds `--dashboard [port]`, `--host`, `--dashboard-linger` and `--report` to a command. */
export function addDashboardOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--dashboard [port]', 'serve a live dashboard while the search runs (default port: a free one); prints its URL').argParser(intArg(0)))
    .option('--host <host>', 'interface the dashboard binds (default 127.0.0.1: this machine only; 0.0.0.0: every interface)')
    .option('--dashboard-linger <s>', 'after the search, keep serving the dashboard this many seconds, then exit (default: until Ctrl-C)', intArg(0))
    .option('--report <file.html>', 'write a self-contained HTML report of the final state (no server needed to open it)');
}

/** A dashboard started for a CLI search; `finish` writes the report and lingers. */
export interface CliDashboard {
  /** After the summary: writes --report, then keeps serving until Ctrl-C or --dashboard-linger. */
  finish(): Promise<void>;
  close(): Promise<void>;
}

/** Checks the options (before any data is loaded) and, when asked for, starts the dashboard on `search`. */
export async function startCliDashboard(search: WatchedSearch, o: DashboardCliOptions): Promise<CliDashboard | undefined> {
  if (o.report !== undefined && extname(o.report).toLowerCase() !== '.html' && extname(o.report).toLowerCase() !== '.htm') {
    throw new UsageError(`--report ${o.report}: the report is an HTML file; give a path ending in .html`);
  }
  if (o.dashboard === undefined && (o.host !== undefined || o.dashboardLinger !== undefined)) {
    throw new UsageError(`--host and --dashboard-linger apply to the dashboard; add --dashboard [port]`);
  }
  if (o.dashboard === undefined && o.report === undefined) return undefined;
  const { Dashboard } = await import('../dashboard/dashboard.js');
  const dash: Dashboard = new Dashboard(search, { port: typeof o.dashboard === 'number' ? o.dashboard : 0, ...(o.host ? { host: o.host } : {}) });
  if (o.dashboard !== undefined) {
    try {
      await dash.start();
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      if (e.code === 'EADDRINUSE')
        throw new UsageError(`--dashboard ${String(o.dashboard)}: port in use; pick another port or give --dashboard alone for a free one`);
      if (e.code === 'EADDRNOTAVAIL' || e.code === 'ENOTFOUND') throw new UsageError(`--host ${o.host ?? ''}: not an address of this machine`);
      throw err;
    }
    dash.unref(); // a failed search still exits; `finish` holds the process while it lingers
  }
  return {
    async finish() {
      if (o.report !== undefined) {
        dash.writeReport(o.report);
        process.stderr.write(`report: ${o.report}\n`);
      }
      if (o.dashboard === undefined) return;
      await linger(dash.url!, o.dashboardLinger);
      await dash.close();
    },
    close: () => dash.close(),
  };
}

/** Waits for Ctrl-C (or `seconds`), saying so. */
async function linger(url: string, seconds: number | undefined): Promise<void> {
  process.stderr.write(
    seconds !== undefined ? `dashboard: serving ${url} for ${seconds} s more\n` : `dashboard: search finished; still serving ${url} — press Ctrl-C to exit\n`,
  );
  await new Promise<void>((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    // a ref'd timer keeps the process alive while the (unref'd) server serves
    const timer = setTimeout(done, seconds !== undefined ? seconds * 1000 : 2 ** 31 - 1);
    process.on('SIGINT', done);
    process.on('SIGTERM', done);
  });
}

/** Options of `hyperfold dashboard`. */
interface ClusterDashboardOptions {
  redis: string;
  queue: string;
  prefix: string;
  port: number;
  host?: string;
}

/** Registers `hyperfold dashboard`: the cluster page (queue, live workers, running searches). */
export function registerDashboardCommand(program: Command): void {
  program
    .command('dashboard')
    .description('serve a live page of a hyperfold cluster: queue (waiting / active / done), workers from their heartbeats, running searches')
    .requiredOption('--redis <url>', "Redis URL, as the workers' --redis")
    .option('--queue <name>', "queue name, as the workers' --queue", 'hyperfold')
    .option('--prefix <prefix>', "Redis key prefix, as the workers' --prefix", 'hyperfold')
    .option('--port <n>', 'port (default: a free one)', intArg(0), 0)
    .option('--host <host>', 'interface to bind (default 127.0.0.1)')
    .addHelpText(
      'after',
      `\nExamples:\n  $ npx hyperfold dashboard --redis redis://scheduler-host:6379\n  $ npx hyperfold dashboard --redis redis://127.0.0.1:6379 --queue nightly --port 8787`,
    )
    .action(
      action('dashboard', async (o: ClusterDashboardOptions) => {
        const { ClusterSource } = await import('../dashboard/cluster.js');
        const { DashboardServer } = await import('../dashboard/server.js');
        const source = await ClusterSource.connect({ connection: o.redis, queueName: o.queue, prefix: o.prefix });
        const server = await DashboardServer.start(source, { port: o.port, ...(o.host ? { host: o.host } : {}), tickMs: 1000 });
        process.stderr.write(`dashboard: ${server.url}\n`);
        process.stderr.write(`dashboard: watching queue '${o.queue}' (prefix '${o.prefix}'); press Ctrl-C to exit\n`);
        await new Promise<void>((resolve) => {
          process.once('SIGINT', () => resolve());
          process.once('SIGTERM', () => resolve());
        });
        await server.close();
        await source.close();
      }),
    );
}
