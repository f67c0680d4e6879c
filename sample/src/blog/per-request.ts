/**
 * A lookup made once per request: a route's ETag and Last-Modified validators are called
 * separately, and both read the same row.
 */
export class PerRequest<T> {
  private readonly found = new WeakMap<object, Promise<T>>();

  constructor(private readonly lookup: (request: any) => Promise<T>) {}

  get(request: object): Promise<T> {
    let value = this.found.get(request);
    if (value === undefined) {
      value = this.lookup(request);
      this.found.set(request, value);
    }
    return value;
  }
}
