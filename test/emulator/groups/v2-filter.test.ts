import { EmulatorHttpError } from '../../../emulator/context';
import { matchesV2Filters, parseV2Filters } from '../../../emulator/groups/v2-filter';
import cases from './v2-filter.cases.json';

describe('v2 filter', () => {
  test.each(cases.matches)('$filters -> $expected ($why)', ({ filters, expected }) => {
    expect(matchesV2Filters(cases.record, parseV2Filters(filters))).toBe(expected);
  });

  test.each(cases.invalid)('"$filter" is a 400 ($why)', ({ filter }) => {
    let thrown: unknown;
    try {
      parseV2Filters(filter);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(EmulatorHttpError);
    expect((thrown as EmulatorHttpError).status).toBe(400);
    expect(typeof (thrown as EmulatorHttpError).body.message).toBe('string');
  });

  it('reads a single filter and a repeated one alike', () => {
    expect(parseV2Filters('name:eq:a')).toEqual([{ field: 'name', op: 'eq', value: 'a' }]);
    expect(parseV2Filters(['name:eq:a', 'type:ne:b'])).toHaveLength(2);
    expect(parseV2Filters(undefined)).toEqual([]);
  });

  it('refuses a qs object (filter[0]=… is v1 syntax)', () => {
    expect(() => parseV2Filters({ 0: 'name:eq:a' })).toThrow(EmulatorHttpError);
  });
});
