/**
 * The compiler as a test: test/types/fixtures/mistakes.ts holds deliberate mistakes (wrong
 * parameter names, grid keys, scoring strings, results read before fit …), each line marked
 * `// error TSnnnn`; it must fail with exactly those errors on exactly those lines.
 * test/types/fixtures/correct.ts holds the correct usages and must compile with none.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const mistakesFile = join(here, 'fixtures', 'mistakes.ts');
const correctFile = join(here, 'fixtures', 'correct.ts');

function compile(): ts.Program {
  const config = ts.readConfigFile(join(root, 'tsconfig.json'), (p) => ts.sys.readFile(p));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  return ts.createProgram([mistakesFile, correctFile], { ...parsed.options, noEmit: true, rootDir: root });
}

function diagnosticsOf(program: ts.Program, file: string): { line: number; code: number; text: string }[] {
  const sf = program.getSourceFile(file);
  assert.ok(sf, `${file} is not in the program`);
  return ts.getPreEmitDiagnostics(program, sf).map((d) => ({
    line: d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0,
    code: d.code,
    text: ts.flattenDiagnosticMessageText(d.messageText, '\n'),
  }));
}

const program = compile();

test('every deliberate mistake fails to compile with the expected error code on its line, and nothing else fails', () => {
  const expected = readFileSync(mistakesFile, 'utf8')
    .split('\n')
    .flatMap((text, i) => {
      const m = /\/\/ error TS(\d+)/.exec(text);
      return m ? [`${i + 1}: TS${m[1]}`] : [];
    });
  assert.ok(expected.length >= 15, 'the fixture lists its mistakes');
  const got = diagnosticsOf(program, mistakesFile);
  const lines = got.map((d) => `${d.line}: TS${d.code}`);
  assert.deepEqual(lines, expected, got.map((d) => `${d.line}: TS${d.code} ${d.text}`).join('\n'));
});

test('the messages name the mistake: the typo and what was meant', () => {
  const got = diagnosticsOf(program, mistakesFile);
  const text = got.map((d) => d.text).join('\n');
  assert.match(text, /'gama' does not exist.*Did you mean to write 'gamma'\?/);
  assert.match(text, /'n_estimators' does not exist.*Did you mean to write 'nEstimators'\?/);
  assert.match(text, /"acuracy"' is not assignable .*Did you mean '"accuracy"'\?/);
  assert.match(text, /search\.bestScore' is possibly 'undefined'/);
});

test('the correct usages compile under strict', () => {
  const got = diagnosticsOf(program, correctFile);
  assert.deepEqual(
    got.map((d) => `${d.line}: TS${d.code} ${d.text}`),
    [],
  );
});

test("no 'any' in the emitted declarations (dist/**/*.d.ts, built by npm run build)", (t) => {
  const dist = join(root, 'dist');
  if (!statSync(dist, { throwIfNoEntry: false })?.isDirectory()) {
    t.skip('dist/ is not built; npm test builds it through prepare');
    return;
  }
  const offenders: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.d.ts')) {
        readFileSync(p, 'utf8')
          .split('\n')
          .forEach((line, i) => {
            if (/\bany\b/.test(line.replace(/\/\/.*$|\/\*.*?\*\/|^\s*\*.*$/g, ''))) offenders.push(`${p.slice(root.length + 1)}:${i + 1}: ${line.trim()}`);
          });
      }
    }
  };
  walk(dist);
  assert.deepEqual(offenders, []);
});
