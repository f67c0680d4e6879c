import { RequestMethod } from '@nestjs/common';
import { ETagFromBody, LastModifiedFromResult } from '../../src/declarations/from-response';
import {
  type PlanDefaults,
  decidesOnRender,
  earlyValidatorSources,
  planRoute,
  readsRepresentation,
  renderedKinds,
} from '../../src/pipeline/plan-route';
import type { RouteDeclarations } from '../../src/pipeline/route-declarations';
import type { RoutePlan } from '../../src/request/route-plan';

/** The pure step from a route's declarations to its plan: no Nest, no reflection. */
const ROUTE: RouteDeclarations = {
  route: 'EntriesController.findOne',
  method: RequestMethod.GET,
  etag: undefined,
  lastModified: undefined,
  ownETag: undefined,
  ownLastModified: undefined,
  addedETag: { onClass: [], onMethod: [] },
  addedLastModified: { onClass: [], onMethod: [] },
  requirePrecondition: undefined,
  validatorTimeout: undefined,
  cacheFields: undefined,
  vary: [],
  declaredHeaders: [],
};
const DEFAULTS: PlanDefaults = { requirePrecondition: false, validatorTimeout: undefined };
const etag = () => 'v1';
const lastModified = () => new Date(0);
const fromBody = new ETagFromBody(false);
const fromResult = new LastModifiedFromResult({ field: 'updatedAt', listKeys: ['items'] });
const route = (declared: Partial<RouteDeclarations>): RouteDeclarations => ({ ...ROUTE, ...declared });

describe('planRoute', () => {
  it.each<[string, Partial<RouteDeclarations>, Partial<PlanDefaults>, Partial<RoutePlan>]>([
    ['early validators only', { etag, lastModified }, {}, { validates: true, renderedKinds: 0, rendered: undefined }],
    [
      'cache fields only',
      { cacheFields: { onSuccess: [['Cache-Control', 'no-cache']], onError: [] } },
      {},
      { validates: false },
    ],
    [
      '@ETag() from the body',
      { etag: fromBody },
      {},
      {
        validates: true,
        renderedKinds: 1,
        rendered: {
          whenDeferred: { hashBody: true, strong: false, evaluate: true },
          whenDecidedEarly: { hashBody: true, strong: false, evaluate: false },
        },
      },
    ],
    [
      '@ETag({ strong: true }) and @LastModified() from the result',
      { etag: new ETagFromBody(true), lastModified: fromResult },
      {},
      {
        renderedKinds: 3,
        lastModifiedFromResult: fromResult.fields,
        rendered: {
          whenDeferred: { hashBody: true, strong: true, evaluate: true },
          whenDecidedEarly: { hashBody: true, strong: true, evaluate: false },
        },
      },
    ],
    [
      'a class-level @ETag() on a PUT: no validator there',
      { method: RequestMethod.PUT, etag: fromBody },
      {},
      { validates: false, renderedKinds: 0, rendered: undefined },
    ],
    [
      'the route over the module',
      { requirePrecondition: false, validatorTimeout: 50 },
      { requirePrecondition: true, validatorTimeout: 10 },
      {
        requirePrecondition: false,
        validatorTimeout: 50,
      },
    ],
    [
      'the module when the route says nothing',
      {},
      { requirePrecondition: true, validatorTimeout: 10 },
      { requirePrecondition: true, validatorTimeout: 10 },
    ],
    [
      '@Vary() names, merged into one field',
      { vary: ['Accept-Language', 'Authorization'] },
      {},
      {
        vary: ['Accept-Language', 'Authorization'],
        varyField: 'Accept-Language, Authorization',
      },
    ],
    [
      'the version header joins Vary',
      { vary: ['Accept-Language'] },
      { versionHeader: 'X-API-Version' },
      {
        vary: ['Accept-Language', 'X-API-Version'],
        varyField: 'Accept-Language, X-API-Version',
      },
    ],
    ['no Vary at all', {}, {}, { vary: undefined, varyField: undefined }],
    [
      'the @Header() fields a 304 repeats, and no others',
      {
        declaredHeaders: [
          { name: 'cache-control', value: 'max-age=5' },
          { name: 'X-Other', value: 'x' },
          { name: 'Content-Location', value: '/entries/1' },
        ],
      },
      {},
      {
        notModifiedHeaders: [
          { name: 'cache-control', value: 'max-age=5' },
          { name: 'Content-Location', value: '/entries/1' },
        ],
      },
    ],
  ])('%s', (_name, declared, defaults, expected) => {
    const declarations = route(declared);
    const plan = planRoute(declarations, { ...DEFAULTS, ...defaults }, earlyValidatorSources(declarations) as never);
    expect(plan).toMatchObject({ route: ROUTE.route, ...expected });
  });

  it('keeps the bound validators it is given', () => {
    const bound = { etag: () => 'bound', lastModified: () => 0 };
    const plan = planRoute(route({ etag: class {}, lastModified }), DEFAULTS, bound);
    expect(plan.etag).toBe(bound.etag);
    expect(plan.lastModified).toBe(bound.lastModified);
  });
});

describe('the route facts planRoute reads', () => {
  it.each<[RequestMethod | undefined, boolean]>([
    [RequestMethod.GET, true],
    [RequestMethod.HEAD, true],
    [RequestMethod.ALL, true],
    [undefined, true],
    [RequestMethod.PUT, false],
    [RequestMethod.POST, false],
  ])('method %s reads the representation: %s', (method, reads) => {
    expect(readsRepresentation(route({ method }))).toBe(reads);
  });

  it('refuses a validator from the response declared on a write method itself', () => {
    expect(() =>
      readsRepresentation(route({ method: RequestMethod.PATCH, ownETag: fromBody, etag: fromBody })),
    ).toThrow(
      'nestjs-conditional: EntriesController.findOne is a PATCH route; @ETag() and @LastModified() without a validator describe a GET/HEAD response.',
    );
    expect(() => readsRepresentation(route({ method: RequestMethod.PUT, ownLastModified: fromResult }))).toThrow(
      /is a PUT route/,
    );
  });

  it('renderedKinds and decidesOnRender', () => {
    expect(renderedKinds(route({ etag: fromBody, lastModified }))).toBe(1);
    expect(renderedKinds(route({ lastModified: fromResult }))).toBe(2);
    expect(renderedKinds(route({ etag, lastModified }))).toBe(0);
    expect(decidesOnRender(route({ etag }))).toBe(true);
    expect(decidesOnRender(route({ method: RequestMethod.PUT, etag }))).toBe(false);
    expect(decidesOnRender(route({ cacheFields: { onSuccess: [], onError: [] } }))).toBe(false);
  });

  it('earlyValidatorSources leaves out validators from the response', () => {
    expect(earlyValidatorSources(route({ etag: fromBody, lastModified }))).toEqual({ etag: undefined, lastModified });
  });
});
