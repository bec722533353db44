/** How the documentation checker reads a page (test/docs/blocks.ts). */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { extractBlocks } from './blocks.js';

const PAGE = [
  '# A page',
  '```ts',
  '// file: my-scorers.ts',
  "import { registerScorer } from 'hyperfold';",
  '```',
  'Prints:',
  '```text output',
  'hello',
  '```',
  '```js',
  "import { GridSearchCV } from 'hyperfold';",
  '```',
  '```js',
  "const plain = require('fs');",
  '```',
  '```sh',
  'npm test',
  '```',
  '```text',
  'not an output block',
  '```',
].join('\n');

describe('documentation blocks', () => {
  it('takes ts blocks and the js blocks that import the package, with names, lines and outputs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hyperfold-blocks-'));
    try {
      writeFileSync(join(dir, 'page.md'), PAGE);
      const blocks = extractBlocks(dir, join(dir, 'page.md'));
      assert.deepEqual(
        blocks.map((b) => [b.line, b.lang, b.file, b.output]),
        [
          [3, 'ts', 'my-scorers.ts', 'hello'],
          [11, 'js', 'line-11.mjs', undefined],
        ],
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses an unclosed block and an output block with no code block before it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hyperfold-blocks-'));
    try {
      writeFileSync(join(dir, 'a.md'), '```ts\nconst x = 1;\n');
      assert.throws(() => extractBlocks(dir, join(dir, 'a.md')), /a\.md:1: code block never closed/);
      writeFileSync(join(dir, 'b.md'), '```text output\n1\n```\n');
      assert.throws(() => extractBlocks(dir, join(dir, 'b.md')), /b\.md:1: a text output block must follow a checked code block/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
