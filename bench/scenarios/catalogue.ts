/*
 * What each scenario is and what it must answer, shared by the parent (which only needs
 * these facts) and the server (which builds the app). Kept free of Nest imports so the
 * load-generating parent does not load the framework.
 */

export type Platform = 'express' | 'fastify';

/** G runs on bare `node:http`, outside both platforms. */
export type ServerPlatform = Platform | 'node';

export type ScenarioId =
  | 'A'
  | 'I'
  | 'J'
  | 'K'
  | 'B'
  | 'B2'
  | 'C'
  | 'C2u'
  | 'C2d'
  | 'D'
  | 'E'
  | 'F'
  | 'Fd'
  | 'H'
  | 'L'
  | 'LE'
  | 'S'
  | 'S304'
  | 'G'
  | 'R'
  | 'R0'
  | 'P'
  | 'P0';

export interface Scenario {
  readonly id: ScenarioId;
  readonly title: string;
  readonly platforms: readonly ServerPlatform[];
  /** The status of every measured response; anything else fails the run. */
  readonly status: 200 | 206 | 304;
  /** Headers every request of the scenario sends (a Range), besides a revalidation's If-None-Match. */
  readonly requestHeaders?: Readonly<Record<string, string>>;
  /**
   * The client revalidates: it takes the ETag of one plain 200 (whoever computed it: the
   * library, Express or @fastify/etag) and sends it back in If-None-Match.
   */
  readonly revalidate: boolean;
  /** The path requested (default `/`). */
  readonly path?: string;
}

const BOTH: readonly Platform[] = ['express', 'fastify'];

/** R and P ask for 64 KiB from the middle of the 1 MiB file. */
const FILE_RANGE = 'bytes=524288-589823';

export const SCENARIOS: readonly Scenario[] = [
  { id: 'A', title: 'trivial JSON, app without the library', platforms: BOTH, status: 200, revalidate: false },
  // What Nest itself charges a route for having an interceptor: the floor of anything the
  // library does in one (@Ranges(), @LastModified() read from the result).
  { id: 'I', title: "A's route behind a no-op interceptor", platforms: BOTH, status: 200, revalidate: false },
  // What Nest charges a route for a guard, and for a 304 a guard answers through an exception
  // and a route filter without the library: the floor of the library's early 304 (F).
  { id: 'J', title: "A's route behind a no-op guard", platforms: BOTH, status: 200, revalidate: false },
  // K sends F's request (If-None-Match: "v1") and answers F's 304 (ETag, Last-Modified), so
  // F/K is the library's own share of an early 304, nothing else on the wire differing.
  {
    id: 'K',
    title: "F's request, a guard's 304 via exception + filter",
    platforms: BOTH,
    status: 304,
    revalidate: false,
    requestHeaders: { 'if-none-match': '"v1"' },
  },
  { id: 'B', title: 'trivial JSON, undecorated, module imported', platforms: BOTH, status: 200, revalidate: false },
  {
    id: 'B2',
    title: 'trivial JSON, undecorated, another route @ETag()',
    platforms: BOTH,
    status: 200,
    revalidate: false,
  },
  {
    id: 'C',
    title: 'trivial JSON, @Condition, no conditional header',
    platforms: BOTH,
    status: 200,
    revalidate: false,
  },
  { id: 'C2u', title: '1 ms async handler, undecorated', platforms: BOTH, status: 200, revalidate: false },
  { id: 'C2d', title: '1 ms async handler, @Condition', platforms: BOTH, status: 200, revalidate: false },
  { id: 'D', title: 'expensive 50 KB JSON, plain', platforms: BOTH, status: 200, revalidate: false },
  { id: 'E', title: 'expensive, platform ETag, If-None-Match', platforms: BOTH, status: 304, revalidate: true },
  { id: 'F', title: 'expensive, @Condition, If-None-Match', platforms: BOTH, status: 304, revalidate: true },
  {
    id: 'Fd',
    title: "expensive, @Condition, If-None-Match, earlyNotModified: 'direct'",
    platforms: BOTH,
    status: 304,
    revalidate: true,
  },
  { id: 'H', title: 'expensive, @ETag() from the body, If-None-Match', platforms: BOTH, status: 304, revalidate: true },
  // A cheap handler with H's size of body: what hashing and writing 50 KB costs on a full 200.
  { id: 'L', title: '50 KB JSON built once, plain', platforms: BOTH, status: 200, revalidate: false },
  {
    id: 'LE',
    title: '50 KB JSON built once, @ETag() from the body, 200',
    platforms: BOTH,
    status: 200,
    revalidate: false,
  },
  // The sample blog on its embedded database (PGlite, a fresh one in a temporary directory):
  // an entry's full 200 (its version looked up, the row read and rendered) against its early
  // 304 (one indexed version lookup, no row read).
  {
    id: 'S',
    title: 'sample entry on PGlite, full 200',
    platforms: BOTH,
    status: 200,
    revalidate: false,
    path: '/entries/7',
  },
  {
    id: 'S304',
    title: 'sample entry on PGlite, early 304',
    platforms: BOTH,
    status: 304,
    revalidate: true,
    path: '/entries/7',
  },
  { id: 'G', title: 'raw node:http bodiless 304 (ceiling)', platforms: ['node'], status: 304, revalidate: false },
  {
    id: 'R',
    title: '1 MiB file, one 64 KiB range, @Ranges()',
    platforms: BOTH,
    status: 206,
    revalidate: false,
    requestHeaders: { range: FILE_RANGE },
  },
  {
    id: 'P',
    title: "1 MiB file, one 64 KiB range, the platform's own",
    platforms: BOTH,
    status: 206,
    revalidate: false,
    requestHeaders: { range: FILE_RANGE },
  },
  { id: 'R0', title: '1 MiB file, whole, @Ranges()', platforms: BOTH, status: 200, revalidate: false },
  { id: 'P0', title: "1 MiB file, whole, the platform's own", platforms: BOTH, status: 200, revalidate: false },
];

export function findScenario(id: string): Scenario | undefined {
  return SCENARIOS.find((scenario) => scenario.id === id);
}
