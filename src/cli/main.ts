#!/usr/bin/env node
/**
 * The `hyperfold` command: demo, search, worker, bench. Parsing and printing
 * only — every subcommand calls the same public API as library users.
 * Usage errors exit 2, failed searches 1, an interrupted search 130.
 */
import type { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { registerDemoCommand } from './demo.js';
import { registerSearchCommand } from './search.js';
import { registerWorkerCommand } from './worker.js';
import { registerBenchCommand } from './bench.js';
import { registerPredictCommand } from './predict.js';
import { registerDashboardCommand } from './dashboard.js';
import { registerReportCommand } from './report.js';
import { EXIT, reportError } from './errors.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
const program = new Command();
program
  .name('hyperfold')
  .description('Hyperparameter search for Node.js: GridSearchCV / RandomizedSearchCV on a thread pool or a BullMQ cluster')
  .version(pkg.version, '-V, --version', 'print the hyperfold version')
  .option('--debug', 'print stack traces for errors')
  .enablePositionalOptions() // lets `bench <name> --flags` pass its flags to the script
  .showHelpAfterError('(add --help for usage)')
  .exitOverride()
  .configureOutput({ outputError: (text, write) => write(text.replace(/^error: /, 'hyperfold: ')) })
  .addHelpText(
    'after',
    `\nExamples:\n  $ npx hyperfold demo\n  $ npx hyperfold search --data digits --estimator SVC --space '{"C": {"loguniform": [0.1, 1000]}}' --n-iter 10 --cv 3\n  $ npx hyperfold search --list-estimators\n  $ npx hyperfold bench dispatch`,
  );
registerDemoCommand(program);
registerSearchCommand(program);
registerWorkerCommand(program);
registerBenchCommand(program);
registerPredictCommand(program);
registerDashboardCommand(program);
registerReportCommand(program);
// Every command's --help ends with an example; add the worker's if its module did not.
const worker = program.commands.find((c) => c.name() === 'worker');
if (worker && (worker as unknown as EventEmitter).listenerCount('afterHelp') === 0) {
  worker.addHelpText(
    'after',
    `\nExamples:\n  $ npx hyperfold worker --redis redis://scheduler-host:6379\n  $ npx hyperfold worker --redis redis://:password@scheduler-host:6379 --concurrency 4 --modules ./my-estimators.js`,
  );
}
for (const cmd of program.commands) {
  cmd.exitOverride();
  cmd.option('--debug', 'print stack traces for errors');
  cmd.configureOutput({ outputError: (text, write) => write(text.replace(/^error: /, `hyperfold ${cmd.name()}: `)) });
  cmd.showHelpAfterError(`(run 'hyperfold ${cmd.name()} --help' for usage)`);
}

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    // commander already printed its message (or the help / version text)
    process.exitCode = err.exitCode === 0 ? EXIT.ok : EXIT.usage;
  } else {
    reportError(program.args[0] ?? '', err);
  }
}
