import type { Command } from 'commander';

/** Registers the `demo` subcommand (being written; see issue 7/8). */
export function registerDemoCommand(program: Command): void {
  program.command('demo').description('demo (not yet available)').action(() => {
    process.stderr.write('hyperfold demo: not yet available in this build\n');
    process.exitCode = 2;
  });
}
