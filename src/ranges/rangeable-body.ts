import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { EntityTag } from '../core/entity-tag';
import { fileEntityTag } from '../core/file-entity-tag';
import { toWholeSecond } from '../core/http-date';

/** What a body source knows once asked: its length and, for a file, its own validators. */
export interface BodyFacts {
  readonly length: number;
  readonly etag?: EntityTag;
  /** Epoch milliseconds, whole seconds. */
  readonly lastModified?: number;
}

/** Options shared by every body source. */
export interface RangeableBodyOptions {
  /** The representation's `Content-Type` (each part's in a multipart answer). */
  readonly contentType?: string;
}

/**
 * A body a `@Ranges()` route can send whole or in ranges: a file, bytes in memory, or a source
 * that opens any range of itself as a stream. The handler returns one; nothing is read until
 * the answer is decided, so a 304, 412 or 416 opens nothing.
 *
 * @example
 * ```ts
 * @Get(':id/attachment')
 * @Ranges()
 * attachment(@Param('id') id: string) {
 *   return RangeableBody.file(`/srv/files/${Number(id)}.mp3`, { contentType: 'audio/mpeg' });
 * }
 * ```
 */
export abstract class RangeableBody {
  protected constructor(readonly contentType: string | undefined) {}

  /** The body's length and validators; a file is looked up (`stat`) here. */
  abstract facts(): Promise<BodyFacts>;

  /** A stream of bytes `start` to `end`, inclusive; called only for bytes that are sent. */
  abstract open(start: number, end: number): Readable;

  /** Releases what the source holds when it is not sent (a stream handed in, say). */
  release(): void {}

  /**
   * A body that reaches JSON serialization was never answered: its route has no `@Ranges()`,
   * or the app no `ConditionalModule` (which wires `@Ranges()` routes at start-up). A 500 that
   * says so, through the app's exception flow, rather than the source's fields as JSON.
   */
  toJSON(): never {
    throw new Error(
      'nestjs-conditional: a RangeableBody was about to be sent as JSON; its route needs @Ranges(), and the app ConditionalModule.forRoot()',
    );
  }

  /**
   * A file on disk: its size and modification time give a strong ETag and the Last-Modified
   * (the same on every instance), unless the route's own validators are set. A missing file
   * is a 404. Each range is read with its own `createReadStream`, closed when sent, when the
   * client goes away, or when it is not sent at all.
   */
  static file(path: string, options: RangeableBodyOptions = {}): RangeableBody {
    if (typeof path !== 'string' || path.length === 0)
      throw new TypeError('RangeableBody.file(): path must be a non-empty string');
    return new FileBody(path, options.contentType);
  }

  /** Bytes in memory (a `Buffer` or any `Uint8Array`). */
  static bytes(data: Uint8Array, options: RangeableBodyOptions = {}): RangeableBody {
    if (!(data instanceof Uint8Array))
      throw new TypeError('RangeableBody.bytes(): data must be a Buffer or a Uint8Array');
    return new BytesBody(data, options.contentType);
  }

  /**
   * A source of a known `length` that opens any range of itself (`open(start, end)`, `end`
   * inclusive): an object store's ranged GET, a database large object.
   */
  static stream(
    length: number,
    open: (start: number, end: number) => Readable,
    options: RangeableBodyOptions = {},
  ): RangeableBody {
    if (!Number.isSafeInteger(length) || length < 0)
      throw new TypeError(`RangeableBody.stream(): length must be a whole number of bytes, got ${String(length)}`);
    if (typeof open !== 'function')
      throw new TypeError('RangeableBody.stream(): open must be a function (start, end) => Readable');
    return new OpenableBody(length, open, options.contentType);
  }
}

class FileBody extends RangeableBody {
  constructor(
    private readonly path: string,
    contentType: string | undefined,
  ) {
    super(contentType);
  }

  async facts(): Promise<BodyFacts> {
    const { size, mtimeMs } = await stat(this.path);
    return { length: size, etag: fileEntityTag(size, mtimeMs), lastModified: toWholeSecond(mtimeMs) };
  }

  open(start: number, end: number): Readable {
    return createReadStream(this.path, { start, end });
  }
}

class BytesBody extends RangeableBody {
  constructor(
    private readonly data: Uint8Array,
    contentType: string | undefined,
  ) {
    super(contentType);
  }

  async facts(): Promise<BodyFacts> {
    return { length: this.data.byteLength };
  }

  open(start: number, end: number): Readable {
    return Readable.from([Buffer.from(this.data.buffer, this.data.byteOffset + start, end - start + 1)], {
      objectMode: false,
    });
  }
}

class OpenableBody extends RangeableBody {
  constructor(
    private readonly length: number,
    private readonly opener: (start: number, end: number) => Readable,
    contentType: string | undefined,
  ) {
    super(contentType);
  }

  async facts(): Promise<BodyFacts> {
    return { length: this.length };
  }

  open(start: number, end: number): Readable {
    return this.opener(start, end);
  }
}

/**
 * A stream handed in with its length (a `StreamableFile` that is not a plain file): it can be
 * read once, from the start, so it serves one range (skipping to it) and never several.
 */
export class ForwardStreamBody extends RangeableBody {
  private opened = false;

  constructor(
    private readonly stream: Readable,
    private readonly length: number,
    contentType: string | undefined,
  ) {
    super(contentType);
  }

  async facts(): Promise<BodyFacts> {
    return { length: this.length };
  }

  open(start: number, end: number): Readable {
    if (this.opened) throw new Error('nestjs-conditional: a stream handed in with its length can be read once only');
    this.opened = true;
    return start === 0 && end === this.length - 1 ? this.stream : sliceForward(this.stream, start, end);
  }

  override release(): void {
    if (!this.opened) this.stream.destroy();
  }
}

/** Bytes `start` to `end` of a stream read from its start: what comes before is read and dropped. */
function sliceForward(source: Readable, start: number, end: number): Readable {
  async function* slice(): AsyncGenerator<Buffer> {
    let position = 0;
    try {
      for await (const chunk of source) {
        const bytes: Buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        const from = Math.max(start - position, 0);
        const to = Math.min(end + 1 - position, bytes.length);
        position += bytes.length;
        if (to > from) yield bytes.subarray(from, to);
        if (position > end) return;
      }
    } finally {
      source.destroy();
    }
  }
  return Readable.from(slice(), { objectMode: false });
}
