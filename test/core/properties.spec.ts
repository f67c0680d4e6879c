import fc from 'fast-check';
import {
  EARLIEST_HTTP_DATE,
  evaluatePreconditions,
  formatHttpDate,
  lacksRequiredPrecondition,
  listMatchesStrongly,
  listMatchesWeakly,
  parseEntityTagList,
  parseHttpDate,
  toEntityTag,
  validatorsNeeded,
} from '../../src/core';

/*
 * Properties of the pure core over generated input: the parsers are total, dates round-trip,
 * evaluation always gives one of its three outcomes, and malformed list members never make
 * a list match.
 */

const RUNS = { numRuns: 2000 };
const OUTCOMES = ['proceed', 'not-modified', 'precondition-failed'];
const METHODS = ['GET', 'HEAD', 'PUT', 'PATCH', 'DELETE', 'POST', 'OPTIONS', 'TRACE', 'CONNECT', 'get', ''];

/** Header text as a hostile client could send it: any 8-bit character, quotes, commas, W/. */
const headerText = fc.oneof(
  fc.string({ unit: 'binary-ascii' }),
  fc.string({ unit: fc.constantFrom('"', ',', ' ', '\t', 'W', '/', '*', 'a', '\u00a0', '\u00ff') }),
  fc.string({ unit: fc.integer({ min: 0, max: 0xff }).map((code) => String.fromCharCode(code)) }),
);
const opaqueTag = fc.string({ unit: fc.integer({ min: 0x23, max: 0x7e }).map((code) => String.fromCharCode(code)) });
const entityTag = fc
  .tuple(fc.boolean(), opaqueTag)
  .map(([weak, opaque]) => toEntityTag(weak ? `W/"${opaque}"` : `"${opaque}"`));
const anyHeader = fc.option(fc.oneof(headerText, fc.constant('*')), { nil: undefined });

describe('the parsers never throw', () => {
  it('parseEntityTagList, on any string', () => {
    fc.assert(
      fc.property(headerText, (value) => {
        const parsed = parseEntityTagList(value);
        expect(parsed === '*' || Array.isArray(parsed)).toBe(true);
      }),
      RUNS,
    );
  });

  it('parseHttpDate, on any string: a whole second or undefined', () => {
    fc.assert(
      fc.property(headerText, (value) => {
        const parsed = parseHttpDate(value);
        expect(parsed === undefined || (Number.isInteger(parsed) && parsed % 1000 === 0)).toBe(true);
      }),
      RUNS,
    );
  });
});

describe('HTTP-dates round-trip', () => {
  it('formatting then parsing gives the same second, for every date from 1970 to 9999', () => {
    const latest = Date.UTC(9999, 11, 31, 23, 59, 59);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: latest }), (epochMs) => {
        expect(parseHttpDate(formatHttpDate(epochMs))).toBe(Math.floor(epochMs / 1000) * 1000);
      }),
      { numRuns: 10_000 },
    );
  });

  it('and from year 0000 to 1969', () => {
    fc.assert(
      fc.property(fc.integer({ min: EARLIEST_HTTP_DATE, max: -1 }), (epochMs) => {
        expect(parseHttpDate(formatHttpDate(epochMs))).toBe(Math.floor(epochMs / 1000) * 1000);
      }),
      RUNS,
    );
  });
});

describe('evaluation is total', () => {
  const request = fc.record({
    method: fc.constantFrom(...METHODS),
    headers: fc.record({
      'if-match': anyHeader,
      'if-none-match': anyHeader,
      'if-modified-since': fc.option(
        fc.oneof(
          headerText,
          fc.date({ noInvalidDate: true }).map((d) => formatHttpDate(d.getTime())),
        ),
        { nil: undefined },
      ),
      'if-unmodified-since': anyHeader,
    }),
  });
  const validators = fc.record({
    etag: fc.option(entityTag, { nil: undefined }),
    lastModified: fc.option(
      fc.integer({ min: 0, max: Date.UTC(2100, 0, 1) }).map((ms) => Math.floor(ms / 1000) * 1000),
      { nil: undefined },
    ),
  });

  it('always returns one of its three outcomes, and never throws', () => {
    fc.assert(
      fc.property(request, validators, (req, current) => {
        expect(OUTCOMES).toContain(evaluatePreconditions(req, current));
        expect([0, 1, 2, 3]).toContain(validatorsNeeded(req));
        expect(typeof lacksRequiredPrecondition(req)).toBe('boolean');
      }),
      RUNS,
    );
  });

  it('needs no more validators than validatorsNeeded says: the others do not change the answer', () => {
    fc.assert(
      fc.property(request, validators, (req, current) => {
        const needs = validatorsNeeded(req);
        const given = {
          etag: needs & 1 ? current.etag : undefined,
          lastModified: needs & 2 ? current.lastModified : undefined,
        };
        expect(evaluatePreconditions(req, given)).toBe(evaluatePreconditions(req, current));
      }),
      RUNS,
    );
  });
});

describe('malformed members change nothing: the well-formed members around them all count, and only they', () => {
  /** Members that are not entity tags: no quotes, unbalanced, bad characters, lower-case w/. */
  const malformed = fc.oneof(
    opaqueTag.filter(
      (text) => text.length > 0 && !text.includes(',') && !text.startsWith('"') && text.trim() === text && text !== '*',
    ),
    opaqueTag.map((text) => `w/"${text.replace(/[",]/g, '')}"`),
    opaqueTag.map((text) => `"${text.replace(/[",]/g, '')} x"`),
    fc.constantFrom('W/', '"', 'W/"', '""x', '*', '"a" "b"', '"""', 'W', 'W,', '"a,', '"a,b" x', 'x"a,b"'),
  );
  /** Any hostile text that holds no well-formed tag of its own. */
  const junkText = headerText.filter((text) => {
    const parsed = parseEntityTagList(text);
    return parsed !== '*' && parsed.length === 0;
  });

  it.each([
    ['malformed members', malformed],
    ['any text without a tag of its own, unbalanced quotes and commas included', junkText],
  ])(
    '%s, anywhere in the list: the same tags, in order (so If-Match and If-None-Match answer the same)',
    (_name, junkMember) => {
      fc.assert(
        fc.property(
          fc.array(entityTag, { maxLength: 4 }),
          fc.array(fc.tuple(junkMember, fc.nat()), { maxLength: 4 }),
          entityTag,
          (tags, junk, current) => {
            const members = tags.map((tag) => tag.value);
            const clean = members.join(', ');
            for (const [text, at] of junk) members.splice(at % (members.length + 1), 0, text);
            const withJunk = members.join(', ');
            fc.pre(parseEntityTagList(withJunk) !== '*');
            expect(parseEntityTagList(withJunk)).toEqual(tags);
            expect(listMatchesWeakly(withJunk, current)).toBe(listMatchesWeakly(clean, current));
            expect(listMatchesStrongly(withJunk, current)).toBe(listMatchesStrongly(clean, current));
          },
        ),
        { numRuns: 5000 },
      );
    },
  );
});
