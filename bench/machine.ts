import { availableParallelism, cpus, totalmem, type as osType, release } from 'node:os';

/** What the figures were measured on: they mean little without it. */
export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly os: string;
  readonly node: string;
  readonly nest: string;
  readonly express: string;
  readonly fastify: string;
  readonly autocannon: string;
}

function versionOf(pkg: string): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the version of whichever package is installed
  return (require(`${pkg}/package.json`) as { version: string }).version;
}

export function describeMachine(): Machine {
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: availableParallelism(),
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os: `${osType()} ${release()}`,
    node: process.version,
    nest: versionOf('@nestjs/core'),
    express: versionOf('express'),
    fastify: versionOf('fastify'),
    autocannon: versionOf('autocannon'),
  };
}

export function formatMachine(m: Machine): string {
  return [
    `CPU      ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB`,
    `OS       ${m.os}`,
    `Runtime  Node ${m.node}, Nest ${m.nest}, Express ${m.express}, Fastify ${m.fastify}, autocannon ${m.autocannon}`,
  ].join('\n');
}
