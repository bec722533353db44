import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const source = join(root, 'src/estimators/svm/wasm/smo-loops.ts');
const committed = join(root, 'src/estimators/svm/wasm/smo-loops.wasm');

test('the committed smo-loops.wasm is what its AssemblyScript source compiles to (run `npm run build:wasm` after editing it)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hyperfold-wasm-'));
  try {
    const out = join(dir, 'smo-loops.wasm');
    const script = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts['build:wasm'] as string;
    // the same flags as the build:wasm script, into a scratch file
    const flags = script.split(' ').slice(2, script.split(' ').indexOf('-o'));
    execFileSync(process.execPath, [join(root, 'node_modules/assemblyscript/bin/asc.js'), source, ...flags, '-o', out], { cwd: root, stdio: 'pipe' });
    assert.deepEqual(readFileSync(out), readFileSync(committed), 'smo-loops.wasm is stale: run `npm run build:wasm` and commit it');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
