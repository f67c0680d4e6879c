import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, pages, typeScriptBlocks } from './markdown';

/**
 * Every TypeScript block of the README and the docs is compiled code: its lines stand, in order
 * and together, in a file that `npm run typecheck` compiles and the suite runs (a fixture, the
 * sample, a recipe, test/docs/examples). A block that drifts from the code fails here.
 */
function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'dist') return [];
    return statSync(join(ROOT, path)).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Lines as they are compared: trimmed, blank lines dropped. */
const normalize = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');

const SOURCES = ['src', 'test', 'sample/src']
  .flatMap(sourceFiles)
  .map((path) => ({ path, lines: normalize(readFileSync(join(ROOT, path), 'utf8')) }));

function standsIn(block: string[], lines: string[]): boolean {
  for (let i = 0; i + block.length <= lines.length; i++) {
    if (block.every((line, k) => lines[i + k] === line)) return true;
  }
  return false;
}

const BLOCKS = pages().flatMap((page) => typeScriptBlocks(page).map((block) => ({ page, ...block })));

describe('TypeScript blocks of the README and the docs', () => {
  it.each(BLOCKS.map((block) => [`${block.page}:${block.line}`, block] as const))(
    '%s is compiled code',
    (_where, block) => {
      const lines = normalize(block.code);
      const found = SOURCES.find((source) => standsIn(lines, source.lines));
      expect({ block: `${block.page}:${block.line}`, foundIn: found?.path ?? 'nowhere' }).toEqual({
        block: `${block.page}:${block.line}`,
        foundIn: expect.not.stringMatching(/^nowhere$/),
      });
    },
  );
});
