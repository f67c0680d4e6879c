import { escapeForLog, quoteForLog } from '../../src/core';

/** Every character a log line must never carry raw: C0, DEL, C1, and the line and paragraph separators. */
const CONTROLS = [
  ...Array.from({ length: 0x20 }, (_, code) => code),
  ...Array.from({ length: 0x21 }, (_, i) => 0x7f + i),
  0x2028,
  0x2029,
].map((code) => String.fromCharCode(code));

const RAW_CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

describe('escapeForLog', () => {
  it.each<[string, string, string]>([
    ['plain text, as it is', 'v1 "quoted" \\ back', 'v1 "quoted" \\ back'],
    ['the empty string', '', ''],
    ['DEL', 'a\x7fb', 'a\\u007fb'],
    ['a C1 control (NEL)', '\x85', '\\u0085'],
    ['the last C1 control', 'x\x9f', 'x\\u009f'],
    ['CR LF', 'a\r\nb', 'a\\u000d\\u000ab'],
    ['ESC, as in a terminal colour sequence', '\x1b[31m', '\\u001b[31m'],
    ['the line and paragraph separators', '\u2028\u2029', '\\u2028\\u2029'],
    ['obs-text above the C1 range, as it is', '\xa0caf\xe9\xff', '\xa0caf\xe9\xff'],
    ['other Unicode, as it is', '\u20ac\u{1f600}', '\u20ac\u{1f600}'],
  ])('%s', (_name, text, expected) => {
    expect(escapeForLog(text)).toBe(expected);
  });

  it('leaves no control character raw, whichever it is', () => {
    for (const control of CONTROLS) {
      const escaped = escapeForLog(`a${control}b`);
      expect(escaped).not.toMatch(RAW_CONTROL);
      expect(escaped).toBe(`a\\u${control.charCodeAt(0).toString(16).padStart(4, '0')}b`);
    }
  });
});

describe('quoteForLog', () => {
  const circular: Record<string, unknown> = {};
  circular.self = circular;

  it.each<[string, unknown, string]>([
    ['a string, quoted as JSON', 'a "b"', '"a \\"b\\""'],
    ['a string with a DEL, escaped after JSON', 'v\x7f1', '"v\\u007f1"'],
    ['a string with C0 controls, as JSON writes them', 'v\u00001\n', '"v\\u00001\\n"'],
    ['a number', 42, '42'],
    ['NaN (JSON would say null)', Number.NaN, 'NaN'],
    ['Infinity', Number.POSITIVE_INFINITY, 'Infinity'],
    ['a bigint (JSON would throw)', 10n, '10'],
    ['a boolean', true, 'true'],
    ['null', null, 'null'],
    ['undefined', undefined, 'undefined'],
    ['a Date, as its instant', new Date(0), '1970-01-01T00:00:00.000Z'],
    ['an invalid Date (JSON would say null)', new Date('nope'), 'an Invalid Date'],
    ['an object, as JSON', { a: 1 }, '{"a":1}'],
    ['an object holding a DEL', { a: 'x\x7f' }, '{"a":"x\\u007f"}'],
    ['an empty object', {}, '{}'],
    ['an object JSON cannot write (a cycle)', circular, 'object'],
    ['an object holding a bigint', { n: 1n }, 'object'],
    ['an object whose toJSON gives nothing', { toJSON: () => undefined }, 'object'],
    ['a function, without its source', () => 1, 'function'],
    ['a symbol', Symbol('x\x7f'), 'symbol'],
  ])('%s', (_name, value, expected) => {
    expect(quoteForLog(value)).toBe(expected);
  });
});
