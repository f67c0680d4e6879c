import type { BrowserContext, Page } from 'playwright-core';

/** One request as it went over the wire: the headers Chromium sent and the status it got. */
export interface WireExchange {
  url: string;
  requestHeaders: Record<string, string>;
  /** The status on the wire: 304 for a revalidation, although the page sees the cached 200. */
  status?: number;
}

/**
 * Chromium's own record of what it sent and received, from the DevTools protocol: the
 * `*ExtraInfo` events carry the headers as sent and the status as received, before the
 * cache merges a 304 into the stored 200 (which is what Playwright's `response.status()`
 * and the page's `fetch` see).
 */
export async function recordWire(context: BrowserContext, page: Page): Promise<WireExchange[]> {
  const exchanges = new Map<string, WireExchange>();
  const order: WireExchange[] = [];
  const exchange = (id: string) => {
    let found = exchanges.get(id);
    if (found === undefined) {
      found = { url: '', requestHeaders: {} };
      exchanges.set(id, found);
      order.push(found);
    }
    return found;
  };
  const session = await context.newCDPSession(page);
  session.on('Network.requestWillBeSent', (event) => {
    exchange(event.requestId).url = event.request.url;
  });
  session.on('Network.requestWillBeSentExtraInfo', (event) => {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(event.headers)) headers[name.toLowerCase()] = String(value);
    exchange(event.requestId).requestHeaders = headers;
  });
  session.on('Network.responseReceivedExtraInfo', (event) => {
    exchange(event.requestId).status = event.statusCode;
  });
  await session.send('Network.enable');
  return order;
}
