import { EmulatorHttpError } from '../../../emulator/context';
import { matchesV2Filters, parseV2Filters, searchMatcher, type V2SearchSemantics } from '../../../emulator/groups/v2-filter';
import cases from './v2-search-operator.cases.json';

const SEMANTICS: V2SearchSemantics[] = ['substring', 'regex', 'wildcard'];

function found(value: string, semantics: V2SearchSemantics): string[] {
  const filters = parseV2Filters(`name:search:${value}`, semantics);
  return cases.names.filter((name) => matchesV2Filters({ name }, filters));
}

describe('v2 search operator semantics (v2SearchOperator)', () => {
  describe.each(SEMANTICS)('%s', (semantics) => {
    test.each(cases.cases)('name:search:$value ($why)', (testCase) => {
      expect(found(testCase.value, semantics)).toEqual(testCase[semantics]);
    });
  });

  test.each(cases.invalid)('an invalid regular expression "$value" is a 400 under regex only ($why)', ({ value }) => {
    let thrown: unknown;
    try {
      parseV2Filters(`name:search:${value}`, 'regex');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(EmulatorHttpError);
    expect((thrown as EmulatorHttpError).status).toBe(400);
    expect(() => parseV2Filters(`name:search:${value}`, 'substring')).not.toThrow();
    expect(() => parseV2Filters(`name:search:${value}`, 'wildcard')).not.toThrow();
  });

  it('defaults to substring when no semantics is given', () => {
    expect(cases.names.filter((name) => matchesV2Filters({ name }, parseV2Filters('name:search:a.b')))).toEqual(['a.b']);
  });

  it('wildcard ? is exactly one character and * may be empty', () => {
    const oneChar = searchMatcher('a?c', 'wildcard');
    expect([oneChar('abc'), oneChar('ac'), oneChar('xxABCxx')]).toEqual([true, false, true]);
    const anyRun = searchMatcher('a*c', 'wildcard');
    expect([anyRun('ac'), anyRun('a--c'), anyRun('ab')]).toEqual([true, true, false]);
  });
});
