import { readFileSync } from 'node:fs';

declare const EXPECTED_NEST_MAJOR: number | undefined;

/** The Nest install the run resolved `@nestjs/*` to: the root's (Nest 11) or compat/nest12's. */
function resolvedNest(name: string): { version: string; path: string } {
  const path = require.resolve(`${name}/package.json`);
  return { version: JSON.parse(readFileSync(path, 'utf8')).version, path };
}

describe('the Nest major this run tests', () => {
  const expected = typeof EXPECTED_NEST_MAJOR === 'number' ? EXPECTED_NEST_MAJOR : 11;

  it.each([
    '@nestjs/common',
    '@nestjs/core',
    '@nestjs/platform-express',
    '@nestjs/platform-fastify',
    '@nestjs/testing',
  ])(`resolves %s to Nest ${expected}`, (name) => {
    const { version, path } = resolvedNest(name);
    expect({ name, major: Number(version.split('.')[0]), path }).toEqual({ name, major: expected, path });
  });
});
