import { HttpException, HttpStatus } from '@nestjs/common';
import { NotModifiedException, notModified } from '../../src/exceptions/not-modified.exception';

describe('notModified: the early 304, made from one exception built at start-up', () => {
  const headers = [['ETag', '"v1"']] as const;

  it('answers as a constructed NotModifiedException does, with its own headers', () => {
    const made = notModified(headers);
    const constructed = new NotModifiedException(headers);
    expect(made).toBeInstanceOf(NotModifiedException);
    expect(made).toBeInstanceOf(HttpException);
    expect(made).toBeInstanceOf(Error);
    expect(made.getStatus()).toBe(HttpStatus.NOT_MODIFIED);
    expect(made.getResponse()).toBe(constructed.getResponse());
    expect([made.message, made.name]).toEqual([constructed.message, constructed.name]);
    expect(made.headers).toBe(headers);
  });

  it('each 304 keeps its own headers', () => {
    const first = notModified([['ETag', '"a"']]);
    const second = notModified([['ETag', '"b"']]);
    expect(first.headers).toEqual([['ETag', '"a"']]);
    expect(second.headers).toEqual([['ETag', '"b"']]);
  });

  it('carries no stack frames, as a constructed one does not', () => {
    const made = notModified(headers).stack;
    expect(made).toBe(new NotModifiedException(headers).stack);
    expect(made).not.toMatch(/\n\s+at /);
  });
});
