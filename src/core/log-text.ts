/*
 * Refused values end up in error messages, which end up in log lines. A log line must show
 * the value without being able to break it: `JSON.stringify` escapes C0 controls, quotes and
 * backslashes, but leaves DEL (0x7F), the C1 controls (0x80-0x9F) and the Unicode line and
 * paragraph separators raw, and a terminal or a log viewer may act on any of them.
 */

/** The control characters `JSON.stringify` leaves raw: DEL, C1, U+2028 and U+2029. */
function isRawControl(code: number): boolean {
  return code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029;
}

/**
 * `text` with every control character (C0, DEL, C1) and the line and paragraph separators
 * written as `\uXXXX`; every other character is kept as it is.
 */
export function escapeForLog(text: string): string {
  let escaped = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (!isRawControl(code)) continue;
    escaped += `${text.slice(from, i)}\\u${code.toString(16).padStart(4, '0')}`;
    from = i + 1;
  }
  return from === 0 ? text : escaped + text.slice(from);
}

/**
 * A value as an error message shows it: a string quoted as JSON writes it, with no control
 * character left raw; a number, boolean, bigint, `null` or `undefined` as it prints; a
 * `Date` as its ISO instant (or `an Invalid Date`); another object as JSON when JSON can
 * write it; otherwise only its type (`function`, `symbol`, `object`). Never throws.
 */
export function quoteForLog(value: unknown): string {
  if (typeof value === 'string') return escapeForLog(JSON.stringify(value));
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'an Invalid Date' : value.toISOString();
  if (typeof value === 'object' && value !== null) {
    try {
      const json = JSON.stringify(value);
      if (json !== undefined) return escapeForLog(json);
    } catch {
      // A cycle, a bigint inside, a throwing toJSON: the type is all that can be said.
    }
    return 'object';
  }
  if (typeof value === 'function' || typeof value === 'symbol') return typeof value;
  return String(value);
}
