import type { Command } from 'commander';

/** Registers the `worker` subcommand (being written; see issue 7/8). */
export function registerWorkerCommand(program: Command): void {
  program.command('worker').description('worker (not yet available)').action(() => {
    process.stderr.write('hyperfold worker: not yet available in this build\n');
    process.exitCode = 2;
  });
}
