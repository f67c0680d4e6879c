import { Test } from '@nestjs/testing';
import { ConditionalModule, RangeableBody, Ranges } from '../../src';

/** Bad arguments of @Ranges(), the module's `ranges` and RangeableBody: clear errors, at start-up. */
describe('range options and bodies', () => {
  it.each<[unknown, string]>([
    [null, '@Ranges(): the range options must be an object, got null'],
    [[], '@Ranges(): the range options must be an object, got object'],
    [{ maxRange: 2 }, '@Ranges(): unknown range option "maxRange" (known: maxRanges, maxOverlapping, maxOutOfOrder)'],
    [{ maxRanges: 0 }, '@Ranges(): maxRanges must be a whole number of at least 1, got 0'],
    [{ maxRanges: 1.5 }, '@Ranges(): maxRanges must be a whole number of at least 1, got 1.5'],
    [{ maxOverlapping: -1 }, '@Ranges(): maxOverlapping must be a whole number, got -1'],
    [{ maxOutOfOrder: '3' }, '@Ranges(): maxOutOfOrder must be a whole number, got 3'],
  ])('@Ranges(%j) is refused', (options, message) => {
    expect(() => Ranges(options as never)).toThrow(new TypeError(message));
  });

  it('accepts limits of zero overlaps and zero reversals', () => {
    expect(() => Ranges({ maxOverlapping: 0, maxOutOfOrder: 0, maxRanges: 1 })).not.toThrow();
  });

  it('refuses bad module ranges when the module starts', async () => {
    const start = Test.createTestingModule({
      imports: [ConditionalModule.forRoot({ ranges: { maxRanges: -3 } })],
    }).compile();
    await expect(start).rejects.toThrow(
      'ConditionalModule: ranges: maxRanges must be a whole number of at least 1, got -3',
    );
  });

  it.each<[() => unknown, string]>([
    [() => RangeableBody.file(''), 'RangeableBody.file(): path must be a non-empty string'],
    [() => RangeableBody.bytes('text' as never), 'RangeableBody.bytes(): data must be a Buffer or a Uint8Array'],
    [
      () => RangeableBody.stream(-1, () => undefined as never),
      'RangeableBody.stream(): length must be a whole number of bytes, got -1',
    ],
    [
      () => RangeableBody.stream(10, 'open' as never),
      'RangeableBody.stream(): open must be a function (start, end) => Readable',
    ],
  ])('%s is refused', (make, message) => {
    expect(make).toThrow(new TypeError(message));
  });
});
