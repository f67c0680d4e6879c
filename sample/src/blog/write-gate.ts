import { Injectable } from '@nestjs/common';

/**
 * Test-only: holds every write until the test lets it go. With `SAMPLE_WRITE_GATE` set to a
 * URL, a write POSTs there and waits for the answer; the test answers once every request of a
 * race has arrived, that is, once all have passed the guard. Without it (always, outside the
 * tests), `arrive()` returns at once.
 */
@Injectable()
export class WriteGate {
  private readonly url = process.env.SAMPLE_WRITE_GATE || undefined;

  async arrive(): Promise<void> {
    if (this.url === undefined) return;
    const response = await fetch(this.url, { method: 'POST' });
    await response.arrayBuffer();
  }
}
