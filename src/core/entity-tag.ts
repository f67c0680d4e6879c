import { InvalidValidatorValueError } from './invalid-validator-value.error';
import { escapeForLog, quoteForLog } from './log-text';

/**
 * An entity tag (RFC 9110 section 8.8.3), split into its parts.
 *
 * `opaque` is the text between the quotes; `value` is the whole field value as it is
 * sent (`"abc"` or `W/"abc"`).
 */
export interface EntityTag {
  readonly weak: boolean;
  readonly opaque: string;
  readonly value: string;
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const SPACE = 0x20;
const TAB = 0x09;
const SLASH = 0x2f;
const UPPER_W = 0x57;

/** `etagc = %x21 / %x23-7E / obs-text`: visible ASCII but `"`, or a byte 0x80-0xFF. */
function isEntityTagChar(code: number): boolean {
  return code === 0x21 || (code >= 0x23 && code <= 0x7e) || (code >= 0x80 && code <= 0xff);
}

function firstInvalidChar(text: string, from: number, to: number): number {
  for (let i = from; i < to; i++) {
    if (!isEntityTagChar(text.charCodeAt(i))) return i;
  }
  return -1;
}

function describeChar(code: number): string {
  if (code === SPACE) return 'a space';
  if (code === QUOTE) return 'a double quote inside the tag';
  if (code === 0x0d || code === 0x0a) return 'a line break (CR/LF)';
  if (code < 0x20 || code === 0x7f) return `the control character 0x${code.toString(16).padStart(2, '0')}`;
  return `the character U+${code.toString(16).toUpperCase().padStart(4, '0')}, which is not allowed in an entity-tag`;
}

/**
 * Turns what an `etag` validator returned into an entity tag.
 *
 * Accepts a quoted tag (`"abc"`), a weak one (`W/"abc"`) or a bare value (`abc`, which is
 * quoted). Anything that could not be written as an `ETag` header (a space, a quote inside
 * the tag, CR/LF or another control character, a character above 0xFF, a non-string) is
 * refused with an {@link InvalidValidatorValueError}: it is never written.
 */
export function toEntityTag(raw: unknown): EntityTag {
  // A route's ETag changes rarely and is converted on every request: the last one is kept
  // (entity tags are never changed once made), which makes the common case a comparison.
  if (raw === lastConvertedRaw) return lastConvertedTag;
  const tag = convertEntityTag(raw);
  lastConvertedRaw = raw as string;
  lastConvertedTag = tag;
  return tag;
}

// Seeded with a real conversion, so that no other value (undefined, say) ever equals the key.
let lastConvertedRaw = '""';
let lastConvertedTag: EntityTag = { weak: false, opaque: '', value: '""' };

function convertEntityTag(raw: unknown): EntityTag {
  if (typeof raw !== 'string') {
    throw new InvalidValidatorValueError(
      `an ETag must be a string, got ${describeValue(raw)}; convert it first, for example String(version)`,
    );
  }
  let weak = false;
  let start = 0;
  let end = raw.length;
  if (raw.startsWith('W/"')) {
    weak = true;
    start = 3;
  } else if (raw.charCodeAt(0) === QUOTE) {
    start = 1;
  }
  if (start === 0 && raw.startsWith('W/')) {
    throw new InvalidValidatorValueError(
      `the ETag ${quoteForLog(raw)} looks like a weak tag without its quotes: write W/${quoteForLog(raw.slice(2))}, or drop the W/`,
    );
  }
  if (start > 0) {
    if (end - start < 1 || raw.charCodeAt(end - 1) !== QUOTE) {
      throw new InvalidValidatorValueError(`the ETag ${quoteForLog(raw)} opens a quote it does not close`);
    }
    end -= 1;
  }
  const bad = firstInvalidChar(raw, start, end);
  if (bad !== -1) {
    throw new InvalidValidatorValueError(`the ETag ${quoteForLog(raw)} contains ${describeChar(raw.charCodeAt(bad))}`);
  }
  const opaque = raw.slice(start, end);
  return { weak, opaque, value: weak ? `W/"${opaque}"` : `"${opaque}"` };
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'object') return `an object (${escapeForLog(Object.prototype.toString.call(value))})`;
  // A function would print its whole source; a symbol its description, which may hold anything.
  if (typeof value === 'function') return 'a function';
  return `${typeof value} ${escapeForLog(String(value))}`;
}

/**
 * Reads an `If-Match` / `If-None-Match` field value member by member and calls `visit` for
 * each well-formed entity tag, stopping as soon as `visit` returns `true`.
 *
 * One pass, no regular expressions, no allocation but the opaque slices: the work is linear
 * in the length of the field, whatever it holds. A malformed member (no quotes, an
 * unbalanced quote, a bad character, trailing garbage) is dropped, and reading goes on after
 * the first comma that follows where it began, so the well-formed members after it still
 * count (a well-formed tag may hold commas: `"a,b"` is one tag).
 *
 * @returns whether `visit` returned `true` for some member.
 */
export function someEntityTag(fieldValue: string, visit: (weak: boolean, opaque: string) => boolean): boolean {
  const length = fieldValue.length;
  let i = 0;
  while (i < length) {
    let code = fieldValue.charCodeAt(i);
    if (code === COMMA || code === SPACE || code === TAB) {
      i++;
      continue;
    }
    // A member starts at i: try to read `[W/]"etagc*"` followed by OWS and a comma or the end.
    // `cursor` is the last character read; `comma` the first comma read after i, where a
    // malformed member ends wherever it stands (a quoted run reads through commas). Going
    // back there re-reads the rest of that run once at most: no quote can open inside it.
    let weak = false;
    let cursor = i;
    if (code === UPPER_W) {
      code = fieldValue.charCodeAt(++cursor);
      if (code === SLASH) {
        weak = true;
        code = fieldValue.charCodeAt(++cursor);
      }
    }
    let comma = code === COMMA ? cursor : -1;
    if (code === QUOTE && (weak || cursor === i)) {
      const opening = cursor;
      while (++cursor < length && isEntityTagChar((code = fieldValue.charCodeAt(cursor)))) {
        if (code === COMMA && comma < 0) comma = cursor;
      }
      if (cursor < length && code === QUOTE) {
        const closing = cursor++;
        while (cursor < length && ((code = fieldValue.charCodeAt(cursor)) === SPACE || code === TAB)) cursor++;
        if (cursor === length || code === COMMA) {
          if (visit(weak, fieldValue.slice(opening + 1, closing))) return true;
          i = cursor + 1;
          continue;
        }
      }
    }
    i = (comma >= 0 ? comma : nextComma(fieldValue, cursor + 1)) + 1;
  }
  return false;
}

/** Index of the first comma at or after `from`, or the length of the field. */
function nextComma(fieldValue: string, from: number): number {
  const length = fieldValue.length;
  for (let i = from; i < length; i++) {
    if (fieldValue.charCodeAt(i) === COMMA) return i;
  }
  return length;
}

/**
 * Parses an `If-Match` / `If-None-Match` field value.
 *
 * @returns `'*'` for the wildcard, otherwise the well-formed entity tags in order (malformed
 * members dropped; an entirely malformed field gives an empty list, which matches nothing).
 */
export function parseEntityTagList(fieldValue: string): '*' | EntityTag[] {
  if (isWildcard(fieldValue)) return '*';
  const tags: EntityTag[] = [];
  someEntityTag(fieldValue, (weak, opaque) => {
    tags.push({ weak, opaque, value: weak ? `W/"${opaque}"` : `"${opaque}"` });
    return false;
  });
  return tags;
}

/**
 * `*` alone, with optional spaces and tabs around it (HTTP's OWS, nothing wider), is the
 * wildcard; `*` inside a list is a malformed member.
 */
export function isWildcard(fieldValue: string): boolean {
  if (fieldValue === '*') return true;
  const star = fieldValue.indexOf('*');
  if (star < 0) return false;
  for (let i = 0; i < fieldValue.length; i++) {
    const code = fieldValue.charCodeAt(i);
    if (i !== star && code !== SPACE && code !== TAB) return false;
  }
  return true;
}

/** RFC 9110 8.8.3.2 strong comparison: neither tag weak, opaque tags equal. */
export function strongMatch(a: EntityTag, b: EntityTag): boolean {
  return !a.weak && !b.weak && a.opaque === b.opaque;
}

/** RFC 9110 8.8.3.2 weak comparison: opaque tags equal, whatever `W/` says. */
export function weakMatch(a: EntityTag, b: EntityTag): boolean {
  return a.opaque === b.opaque;
}

/** Whether some member of an `If-Match` list matches `current` by strong comparison. */
export function listMatchesStrongly(fieldValue: string, current: EntityTag): boolean {
  if (current.weak) return false;
  return someEntityTag(fieldValue, (weak, opaque) => !weak && opaque === current.opaque);
}

/** Whether some member of an `If-None-Match` list matches `current` by weak comparison. */
export function listMatchesWeakly(fieldValue: string, current: EntityTag): boolean {
  return someEntityTag(fieldValue, (_weak, opaque) => opaque === current.opaque);
}
