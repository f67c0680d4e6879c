import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** The repository's root. */
export const ROOT = resolve(__dirname, '../..');

/** The pages the README links and the docs they link to: every Markdown file a reader is sent to. */
export function pages(): string[] {
  const docs = readdirSync(join(ROOT, 'docs'))
    .filter((file) => file.endsWith('.md'))
    .map((file) => `docs/${file}`);
  return ['README.md', 'CONTRIBUTING.md', 'CHANGELOG.md', 'BENCHMARKS.md', 'sample/README.md', ...docs];
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
export function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9 _-]/g, '')
    .replace(/ /g, '-');
}

/** The text of a page outside its code fences, line by line. */
function prose(text: string): string[] {
  let fenced = false;
  return text.split('\n').filter((line) => {
    if (line.startsWith('```')) fenced = !fenced;
    return !fenced && !line.startsWith('```');
  });
}

export function anchorsOf(page: string): Set<string> {
  return new Set(
    prose(readFileSync(join(ROOT, page), 'utf8')).flatMap(
      (line) => /^#{1,6} (.*)$/.exec(line)?.slice(1).map(anchorOf) ?? [],
    ),
  );
}

export interface Link {
  readonly page: string;
  readonly target: string;
}

/** The relative links of a page (no scheme), outside code. */
export function linksOf(page: string): Link[] {
  const links: Link[] = [];
  for (const line of prose(readFileSync(join(ROOT, page), 'utf8'))) {
    for (const match of line.replace(/`[^`]*`/g, '').matchAll(/\[[^\]]*\]\(([^)\s]+)\)/g)) {
      if (!/^[a-z]+:/.test(match[1])) links.push({ page, target: match[1] });
    }
  }
  return links;
}

/** What is wrong with a link, or `undefined` when it leads somewhere. */
export function brokenLink({ page, target }: Link): string | undefined {
  const [path, anchor] = target.split('#');
  const file = path === '' ? page : relative(ROOT, resolve(dirname(join(ROOT, page)), path));
  if (!existsSync(join(ROOT, file))) return `${page}: ${target} (no file ${file})`;
  if (anchor !== undefined && file.endsWith('.md') && !anchorsOf(file).has(anchor))
    return `${page}: ${target} (no heading #${anchor} in ${file})`;
  return undefined;
}

/** The TypeScript code blocks of a page, with the line each starts on. */
export function typeScriptBlocks(page: string): Array<{ line: number; code: string }> {
  const blocks: Array<{ line: number; code: string }> = [];
  const lines = readFileSync(join(ROOT, page), 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] !== '```ts') continue;
    const start = i + 1;
    while (i + 1 < lines.length && lines[i + 1] !== '```') i++;
    blocks.push({ line: start, code: lines.slice(start, i + 1).join('\n') });
  }
  return blocks;
}
