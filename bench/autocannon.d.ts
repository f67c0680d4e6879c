// autocannon ships no types and @types/autocannon is not a dependency: only what measure.ts uses.
declare module 'autocannon' {
  interface Options {
    url: string;
    connections: number;
    pipelining: number;
    duration: number;
    headers?: Record<string, string>;
    warmup?: { connections: number; duration: number } | undefined;
  }

  interface Histogram {
    average: number;
    total: number;
    p50: number;
    p99: number;
  }

  interface Result {
    duration: number;
    requests: Histogram;
    latency: Histogram;
    errors: number;
    statusCodeStats: Record<string, { count: number }>;
  }

  function autocannon(options: Options): Promise<Result>;
  export = autocannon;
}
