/**
 * The code blocks of the documentation (README.md and docs/*.md) as programs:
 * every ```ts block, and every ```js / ```mjs block that imports the package.
 * A block whose first line is `// file: name.ts` is saved under that name, so
 * a later block of the same page can import it (`./name.js`); a ```text output
 * block right after a code block (prose in between allowed) is what that
 * program prints on stdout.
 *
 * Hand-written fence scan (~40 lines): a markdown parser (remark, marked) would add a dependency to find the
 * same top-level fences and still need this line mapping and the `file:` / `text output` conventions.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** One checked code block. */
export interface DocBlock {
  /** The markdown file, relative to the repository root. */
  page: string;
  /** 1-based line of the block's first code line in the page. */
  line: number;
  lang: 'ts' | 'js';
  code: string;
  /** The file name the block is saved under (from `// file: …`, else derived from its line). */
  file: string;
  /** Expected stdout, from a following ```text output block. */
  output?: string;
}

const IMPORTS_PACKAGE = /from\s+['"]hyperfold(\/[\w-]+)?['"]|import\(\s*['"]hyperfold(\/[\w-]+)?['"]\s*\)/;
const FILE_NAME = /^\/\/ file: ([\w.-]+\.(?:ts|mts|js|mjs))(?:\s|$)/;

/** The markdown pages whose blocks are checked: README.md and docs/*.md. */
export function docPages(root: string): string[] {
  const docs = readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .sort();
  return [join(root, 'README.md'), ...docs.map((f) => join(root, 'docs', f))];
}

/** Extracts the checked blocks of one page. */
export function extractBlocks(root: string, path: string): DocBlock[] {
  const page = relative(root, path);
  const lines = readFileSync(path, 'utf8').split('\n');
  const blocks: DocBlock[] = [];
  let last: DocBlock | undefined; // the latest code block, until another fenced block is seen
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)\s*(.*)$/.exec(lines[i]!);
    if (!open) continue;
    const info = open[1]!.toLowerCase();
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !/^```\s*$/.test(lines[j]!)) body.push(lines[j++]!);
    if (j === lines.length) throw new Error(`${page}:${i + 1}: code block never closed`);
    const code = body.join('\n');
    if (info === 'text' && open[2] === 'output') {
      if (!last) throw new Error(`${page}:${i + 1}: a text output block must follow a checked code block`);
      last.output = code;
      last = undefined;
    } else if (info === 'ts' || info === 'typescript' || ((info === 'js' || info === 'mjs') && IMPORTS_PACKAGE.test(code))) {
      const lang = info === 'js' || info === 'mjs' ? 'js' : 'ts';
      const named = FILE_NAME.exec(body[0] ?? '');
      const file = named ? named[1]! : `line-${i + 2}.${lang === 'ts' ? 'ts' : 'mjs'}`;
      last = { page, line: i + 2, lang, code, file };
      blocks.push(last);
    } else {
      last = undefined;
    }
    i = j;
  }
  return blocks;
}
