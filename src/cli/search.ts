import type { Command } from 'commander';

/** Registers the `search` subcommand (being written; see issue 7/8). */
export function registerSearchCommand(program: Command): void {
  program.command('search').description('search (not yet available)').action(() => {
    process.stderr.write('hyperfold search: not yet available in this build\n');
    process.exitCode = 2;
  });
}
