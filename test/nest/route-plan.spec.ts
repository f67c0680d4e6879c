import { InvalidValidatorValueError } from '../../src';
import {
  type RoutePlan,
  isPassThrough,
  notModifiedHeaders,
  passThroughPlan,
  toCurrentValidators,
} from '../../src/request/route-plan';

const plan: RoutePlan = {
  route: 'EntriesController.findOne',
  requirePrecondition: false,
  validatorTimeout: undefined,
  notModifiedHeaders: [
    { name: 'Cache-Control', value: 'max-age=5' },
    { name: 'Expires', value: () => 'Thu, 01 Dec 2094 16:00:00 GMT' },
  ],
  validates: true,
  renderedKinds: 0,
};
const NOW = Date.UTC(2026, 0, 1);

describe('toCurrentValidators', () => {
  it('names the route and the validator in the error, and says what is wrong', () => {
    expect(() => toCurrentValidators(plan, 'v1\r\nSet-Cookie: x=1', undefined, NOW)).toThrow(
      new InvalidValidatorValueError(
        'EntriesController.findOne: the etag validator returned a value that cannot be sent: the ETag "v1\\r\\nSet-Cookie: x=1" contains a line break (CR/LF)',
      ),
    );
    expect(() => toCurrentValidators(plan, undefined, new Date(Number.NaN), NOW)).toThrow(
      'EntriesController.findOne: the lastModified validator returned a value that cannot be sent: a Last-Modified must be a valid date',
    );
  });

  it('null and undefined mean "no validator"', () => {
    expect(toCurrentValidators(plan, null, undefined, NOW)).toEqual({ etag: undefined, lastModified: undefined });
  });
});

describe('notModifiedHeaders', () => {
  it('sends the validators, then the declared cache headers, computing lazy values', () => {
    const current = toCurrentValidators(plan, 'v1', NOW - 1500, NOW);
    expect(notModifiedHeaders(plan, current, { etag: 'ETag', lastModified: 'Last-Modified' })).toEqual([
      ['ETag', '"v1"'],
      ['Last-Modified', 'Wed, 31 Dec 2025 23:59:58 GMT'],
      ['Cache-Control', 'max-age=5'],
      ['Expires', 'Thu, 01 Dec 2094 16:00:00 GMT'],
    ]);
  });

  it('names the validators as the platform spells them', () => {
    const current = toCurrentValidators(plan, 'v1', NOW - 1500, NOW);
    expect(notModifiedHeaders(plan, current, { etag: 'etag', lastModified: 'last-modified' }).slice(0, 2)).toEqual([
      ['etag', '"v1"'],
      ['last-modified', 'Wed, 31 Dec 2025 23:59:58 GMT'],
    ]);
  });
});

describe('isPassThrough', () => {
  it("is true of passThroughPlan()'s plan, and false of one that validates, requires a precondition or sets fields", () => {
    const nothing = passThroughPlan('BaseController.read');
    expect(isPassThrough(nothing)).toBe(true);
    expect(isPassThrough(plan)).toBe(false);
    expect(isPassThrough({ ...nothing, requirePrecondition: true })).toBe(false);
    expect(isPassThrough({ ...nothing, vary: ['Accept'] })).toBe(false);
    expect(isPassThrough({ ...nothing, cacheFields: { onSuccess: [], onError: [] } })).toBe(false);
  });
});
