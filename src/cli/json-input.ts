/**
 * Reads the JSON given to `--grid`, `--space` and `--params`: inline text or a
 * file path. Syntax errors name the line, column and character position.
 * Uses jsonc-parser (strict mode) only to locate the error: Node 20's
 * JSON.parse omits the position for most syntax errors.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { UsageError } from './errors.js';

/** Line and column (1-based) of a character offset in `text`. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return { line, column };
}

function describe(err: ParseError): string {
  // 'ValueExpected' → 'value expected'
  return printParseErrorCode(err.error)
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
}

/** Parses strict JSON; a syntax error is a UsageError naming `where`, the position, line and column. */
export function parseJsonText(text: string, where: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (jsonErr) {
    const errors: ParseError[] = [];
    parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
    const first = errors[0];
    if (!first) throw new UsageError(`${where}: invalid JSON (${(jsonErr as Error).message})`);
    const { line, column } = lineColumn(text, first.offset);
    const near = text.slice(first.offset, first.offset + 12).replace(/\s+/g, ' ');
    throw new UsageError(
      `${where}: invalid JSON at position ${first.offset} (line ${line}, column ${column}): ${describe(first)}` +
        (near ? ` near '${near}'` : ' at the end') +
        `; write it as JSON, e.g. '{"C": {"loguniform": [1e-3, 1e3]}}'`,
    );
  }
}

/**
 * The JSON value of an option that takes inline JSON or a file: a value that
 * names an existing file (or starts with '@') is read from that file.
 */
export function readJsonOption(value: string, flag: string): unknown {
  const trimmed = value.trim();
  const looksInline = trimmed.startsWith('{') || trimmed.startsWith('[');
  const path = trimmed.startsWith('@') ? trimmed.slice(1) : trimmed;
  if (!looksInline) {
    if (!existsSync(path)) {
      throw new UsageError(`${flag}: '${value}' is neither JSON nor an existing file; pass inline JSON ('{"C": [1, 10]}') or a path to a .json file`);
    }
    return parseJsonText(readFileSync(path, 'utf8'), `${flag} file ${path}`);
  }
  return parseJsonText(trimmed, flag);
}
