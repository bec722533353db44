/**
 * `hyperfold report --journal run.jsonl --out report.html`: rebuilds the
 * dashboard's static report from a search journal, after the search.
 */
import { extname } from 'node:path';
import type { Command } from 'commander';
import { action, UsageError } from './errors.js';

interface ReportOptions {
  journal: string;
  out: string;
  metric?: string;
  title?: string;
}

/** Registers `hyperfold report`. */
export function registerReportCommand(program: Command): void {
  program
    .command('report')
    .description('write the dashboard of a finished (or interrupted) search as one self-contained HTML file, from its journal')
    .requiredOption('--journal <file.jsonl>', "the journal written by 'hyperfold search --journal'")
    .requiredOption('--out <file.html>', 'where to write the report')
    .option('--metric <name>', 'metric that ranks candidates with several --scoring (default: the first)')
    .option('--title <text>', 'title shown on the report')
    .addHelpText(
      'after',
      `\nExample:\n  $ npx hyperfold search --data digits --estimator SVC --grid '{"C": [1, 10]}' --journal run.jsonl\n  $ npx hyperfold report --journal run.jsonl --out report.html`,
    )
    .action(
      action('report', async (o: ReportOptions) => {
        const ext = extname(o.out).toLowerCase();
        if (ext !== '.html' && ext !== '.htm') throw new UsageError(`--out ${o.out}: the report is an HTML file; give a path ending in .html`);
        const { writeJournalReport } = await import('../dashboard/journal-report.js');
        const state = writeJournalReport(o.journal, o.out, { ...(o.metric ? { metric: o.metric } : {}), ...(o.title ? { title: o.title } : {}) });
        const cv = state.results;
        const p = state.progress();
        process.stderr.write(
          `report: ${o.out} (${p.done} of ${p.total} fits, ${state.nCandidates} candidates${cv ? '' : '; the journal is incomplete, so no ranks'})\n`,
        );
      }),
    );
}
