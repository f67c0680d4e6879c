import { type Server, type ServerResponse, createServer } from 'node:http';

/**
 * The test's side of the sample's test-only write gate (`SAMPLE_WRITE_GATE`): every write of
 * every sample process POSTs here first. Open, it answers at once. Held, it keeps every write
 * waiting until `release()`: so a race's requests have all passed the guard (and read what
 * they read) before any of them writes.
 */
export class WriteGate {
  private held = false;
  private waiting: ServerResponse[] = [];
  private waiters: Array<{ count: number; resolve: () => void }> = [];
  /** Writes that reached the gate since the last `hold()`. */
  arrivals = 0;

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<WriteGate> {
    let gate: WriteGate | undefined;
    const server = createServer((request, response) => {
      request.resume();
      gate!.arrive(response);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    gate = new WriteGate(server, `http://127.0.0.1:${port}/arrive`);
    return gate;
  }

  /** From now on, writes wait at the gate. */
  hold(): void {
    this.held = true;
    this.arrivals = 0;
  }

  /** Resolves once `count` writes are waiting; rejects after `timeoutMs` saying how many came. */
  async arrived(count: number, timeoutMs = 20_000): Promise<void> {
    if (this.arrivals >= count) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`only ${this.arrivals} of ${count} writes reached the gate within ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.waiters.push({ count, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }

  /** Lets every waiting write go, and opens the gate. */
  release(): void {
    this.held = false;
    for (const response of this.waiting.splice(0)) response.end();
  }

  private arrive(response: ServerResponse): void {
    if (!this.held) {
      response.end();
      return;
    }
    this.arrivals++;
    this.waiting.push(response);
    for (const waiter of this.waiters.filter((w) => this.arrivals >= w.count)) {
      this.waiters.splice(this.waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  }

  close(): Promise<void> {
    this.release();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
