/**
 * Node options that load code before a program (`--import`, `--loader`, `--require` …): the pool drops tsx's
 * from its threads' options (options.ts), and tells threads whose options preload code to keep import() for
 * their own modules, since module hooks registered there see import(), not require() (PoolWorkerData.preloadsCode).
 */
export const PRELOAD_FLAGS: ReadonlySet<string> = new Set(['--import', '--loader', '--experimental-loader', '--require', '-r']);

/** The option name of `arg` (`--import=x` → `--import`). */
export function optionName(arg: string): string {
  const eq = arg.indexOf('=');
  return eq > 0 ? arg.slice(0, eq) : arg;
}
