/**
 * How the CLI reports failures: one line on stderr (what, where, what to do)
 * and an exit code — 2 for bad usage, 1 for a search or executor that failed,
 * 130 for an interrupted search. Stack traces only with `--debug`.
 */
import { CommanderError } from 'commander';
import { ExecutorError, FitError, SearchAbortedError, ValidationError } from '../errors.js';

/** Bad command-line usage detected by the CLI itself (exit code 2). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** An error whose message was already printed: only its exit code is left to apply. */
export class ReportedError extends Error {
  override readonly name = 'ReportedError';
  constructor(
    readonly exitCode: number,
    message = 'already reported',
  ) {
    super(message);
  }
}

/** Exit codes of the `hyperfold` command. */
export const EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const;

/** The exit code an error maps to: usage and validation errors 2, interruption 130, anything else 1. */
export function exitCodeFor(err: unknown): number {
  if (err instanceof ReportedError) return err.exitCode;
  if (err instanceof UsageError || err instanceof ValidationError) return EXIT.usage;
  if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
  if (err instanceof SearchAbortedError) return EXIT.interrupted;
  if (err instanceof FitError || err instanceof ExecutorError) return EXIT.failed;
  return EXIT.failed;
}

/** True when `--debug` is on the command line (checked before commander parses, so early errors honour it too). */
export function debugRequested(argv: readonly string[] = process.argv): boolean {
  return argv.includes('--debug') || process.env.HYPERFOLD_DEBUG === '1';
}

/** The one line printed for an error: `hyperfold <command>: <message>`, the message flattened to one line. */
export function errorLine(command: string, err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const oneLine = message.replace(/\s*\n\s*/g, ' ').trim();
  const kind =
    err instanceof Error && !(err instanceof UsageError) && !(err instanceof ValidationError) && !(err instanceof SearchAbortedError) ? `${err.name}: ` : '';
  return `hyperfold ${command}: ${kind}${oneLine}`;
}

/** Prints an error as one line (plus the stack with --debug) and sets the process exit code. */
export function reportError(command: string, err: unknown): number {
  const code = exitCodeFor(err);
  process.exitCode = code;
  if (err instanceof ReportedError) return code;
  process.stderr.write(errorLine(command, err) + '\n');
  if (debugRequested() && err instanceof Error && err.stack) process.stderr.write(err.stack + '\n');
  else if (code === EXIT.failed && !(err instanceof ExecutorError)) process.stderr.write('(run again with --debug for the stack trace)\n');
  process.exitCode = code;
  return code;
}

/**
 * Wraps a subcommand action: any error thrown becomes one reported line and an
 * exit code instead of an unhandled rejection with a stack trace.
 */
export function action<A extends unknown[]>(command: string, fn: (...args: A) => Promise<void> | void): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await fn(...args);
    } catch (err) {
      reportError(command, err);
    }
  };
}
