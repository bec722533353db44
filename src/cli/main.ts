#!/usr/bin/env node
/**
 * The `hyperfold` command: demo, search, worker, bench. Parsing and printing
 * only — every subcommand calls the same public API as library users.
 */
import { Command } from 'commander';
import { registerDemoCommand } from './demo.js';
import { registerSearchCommand } from './search.js';
import { registerWorkerCommand } from './worker.js';
import { registerBenchCommand } from './bench.js';

const program = new Command();
program.name('hyperfold').description('Hyperparameter search for Node.js: GridSearchCV / RandomizedSearchCV on a thread pool or a BullMQ cluster');
registerDemoCommand(program);
registerSearchCommand(program);
registerWorkerCommand(program);
registerBenchCommand(program);
await program.parseAsync(process.argv);
