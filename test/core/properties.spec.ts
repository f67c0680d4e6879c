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
const entityTag = fc.tuple(fc.boolean(), opaqueTag).map(([weak, opaque]) => toEntityTag(weak ? `W/"${opaque}"` : `"${opaque}"`));
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
      'if-modified-since': fc.option(fc.oneof(headerText, fc.date({ noInvalidDate: true }).map((d) => formatHttpDate(d.getTime()))), { nil: undefined }),
      'if-unmodified-since': anyHeader,
    }),
  });
  const validators = fc.record({
    etag: fc.option(entityTag, { nil: undefined }),
    lastModified: fc.option(fc.integer({ min: 0, max: Date.UTC(2100, 0, 1) }).map((ms) => Math.floor(ms / 1000) * 1000), { nil: undefined }),
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

describe('malformed members never turn a non-match into a match', () => {
  /** Members that are not entity tags: no quotes, unbalanced, bad characters, lower-case w/. */
  const malformed = fc.oneof(
    opaqueTag.filter((text) => text.length > 0 && !text.includes(',') && !text.startsWith('"') && text.trim() === text && text !== '*'),
    opaqueTag.map((text) => `w/"${text.replace(/[",]/g, '')}"`),
    opaqueTag.map((text) => `"${text.replace(/[",]/g, '')} x"`),
    fc.constantFrom('W/', '"', 'W/"', '""x', '*', '"a" "b"'),
  );

  it('in If-None-Match (weak) and If-Match (strong)', () => {
    fc.assert(
      fc.property(fc.array(entityTag, { maxLength: 5 }), fc.array(malformed, { maxLength: 5 }), entityTag, (tags, junk, current) => {
        const wellFormed = tags.map((tag) => tag.value).join(', ');
        const weakBefore = listMatchesWeakly(wellFormed, current);
        const strongBefore = listMatchesStrongly(wellFormed, current);
        // Junk goes after the tags: an unbalanced quote may hide what follows it, never add.
        const withJunk = [wellFormed, ...junk].filter((part) => part !== '').join(', ');
        if (!weakBefore) expect(listMatchesWeakly(withJunk, current)).toBe(false);
        if (!strongBefore) expect(listMatchesStrongly(withJunk, current)).toBe(false);
      }),
      RUNS,
    );
  });

  it('anywhere in the list, when their quotes are balanced (an unbalanced one can only hide what follows)', () => {
    const balancedJunk = fc
      .string({ unit: fc.constantFrom('"', ' ', 'W', '/', 'a', 'v', '1', 'x') })
      .filter((text) => text.split('"').length % 2 === 1 && (parseEntityTagList(text) as unknown[]).length === 0);
    fc.assert(
      fc.property(
        fc.array(entityTag, { maxLength: 4 }),
        fc.array(fc.tuple(balancedJunk, fc.nat()), { maxLength: 4 }),
        entityTag,
        (tags, junk, current) => {
          const members = tags.map((tag) => tag.value);
          const before = listMatchesWeakly(members.join(', '), current);
          for (const [text, at] of junk) members.splice(at % (members.length + 1), 0, text);
          if (!before) expect(listMatchesWeakly(members.join(', '), current)).toBe(false);
        },
      ),
      { numRuns: 5000 },
    );
  });
});
