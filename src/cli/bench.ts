import type { Command } from 'commander';

/** Registers the `bench` subcommand (being written; see issue 7/8). */
export function registerBenchCommand(program: Command): void {
  program.command('bench').description('bench (not yet available)').action(() => {
    process.stderr.write('hyperfold bench: not yet available in this build\n');
    process.exitCode = 2;
  });
}
