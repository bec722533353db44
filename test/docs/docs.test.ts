/**
 * The documentation compiles and prints what it says: every ```ts block (and
 * every js/mjs block importing the package, with checkJs) of README.md and
 * docs/*.md is type-checked as a complete program under `strict` against the
 * BUILT package (`hyperfold` resolves through a node_modules link to this
 * repository, so through package.json `exports` to dist/*.d.ts, as for a
 * user); blocks followed by a ```text output block are run and their stdout
 * compared line by line.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, describe, it } from 'node:test';
import ts from 'typescript';
import { ROOT, ensureBuilt } from '../cli/run-cli.js';
import { docPages, extractBlocks, type DocBlock } from './blocks.js';

ensureBuilt();
const work = mkdtempSync(join(tmpdir(), 'hyperfold-docs-'));
after(() => rmSync(work, { recursive: true, force: true }));
mkdirSync(join(work, 'node_modules'));
symlinkSync(ROOT, join(work, 'node_modules', 'hyperfold'), 'dir');
symlinkSync(join(ROOT, 'node_modules', '@types'), join(work, 'node_modules', '@types'), 'dir');
writeFileSync(join(work, 'package.json'), JSON.stringify({ name: 'hyperfold-docs-check', private: true, type: 'module' }));

const pages = docPages(ROOT).map((path) => ({ path, blocks: extractBlocks(ROOT, path) }));
const where = new Map<string, DocBlock>(); // saved file → its block
for (const { path, blocks } of pages) {
  const dir = join(work, basename(path, '.md'));
  mkdirSync(dir);
  for (const b of blocks) {
    const file = join(dir, b.file);
    if (where.has(file)) throw new Error(`${b.page}:${b.line}: a second block is saved as ${b.file}`);
    where.set(file, b);
    writeFileSync(file, `${b.code}\n`);
  }
}

const OPTIONS: ts.CompilerOptions = {
  strict: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  lib: ['lib.es2023.d.ts'],
  types: ['node'],
  allowJs: true,
  checkJs: true,
  noEmit: true,
  skipLibCheck: true,
  moduleDetection: ts.ModuleDetectionKind.Force,
};

/** "README.md:81:7 TS2532: Object is possibly 'undefined'." for one diagnostic, mapped back to the page. */
function describeDiagnostic(d: ts.Diagnostic): string {
  const text = ts.flattenDiagnosticMessageText(d.messageText, '\n');
  if (!d.file || d.start === undefined) return `TS${d.code}: ${text}`;
  const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
  const b = where.get(d.file.fileName) ?? where.get(d.file.fileName.replace(/\//g, '\\'));
  const at = b ? `${b.page}:${b.line + line}:${character + 1}` : `${d.file.fileName}:${line + 1}:${character + 1}`;
  return `${at} TS${d.code}: ${text}`;
}

describe('documentation code blocks', () => {
  it('finds the blocks (the README quickstart among them)', () => {
    const readme = pages[0]!.blocks;
    assert.ok(
      readme.some((b) => b.code.includes('RandomizedSearchCV') && b.output !== undefined),
      'README quickstart with its output',
    );
    assert.ok(pages.reduce((n, p) => n + p.blocks.length, 0) >= 15);
  });

  it('each is a complete program that type-checks under strict against the built package', () => {
    const problems: string[] = [];
    for (const [file, b] of where) {
      if (!/^\s*(import|export)\s/m.test(b.code)) problems.push(`${b.page}:${b.line}: not a complete program (no import or export): ${file}`);
    }
    const program = ts.createProgram([...where.keys()], OPTIONS);
    for (const d of ts.getPreEmitDiagnostics(program)) problems.push(describeDiagnostic(d));
    assert.deepEqual(problems, []);
  });

  const tsx = import.meta.resolve('tsx');
  for (const [file, b] of where) {
    if (b.output === undefined) continue;
    it(`${b.page}:${b.line} prints what the page shows`, () => {
      const r = spawnSync(process.execPath, ['--import', tsx, file], { cwd: join(file, '..'), encoding: 'utf8', timeout: 300_000 });
      assert.equal(r.status, 0, `${b.page}:${b.line} exited with ${r.status}:\n${r.stderr}`);
      const lines = (s: string): string[] =>
        s
          .trimEnd()
          .split('\n')
          .map((l) => l.trimEnd());
      assert.deepEqual(lines(r.stdout), lines(b.output!), `${b.page}:${b.line}: stdout differs from the text output block`);
    });
  }
});
