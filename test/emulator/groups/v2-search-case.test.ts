import { matchesV2Filters, parseV2Filters, type V2SearchCase, type V2SearchSemantics } from '../../../emulator/groups/v2-filter';
import cases from './v2-search-case.cases.json';

const SEMANTICS: V2SearchSemantics[] = ['substring', 'regex', 'wildcard'];
const CASES: V2SearchCase[] = ['insensitive', 'sensitive'];

function found(value: string, semantics: V2SearchSemantics, searchCase: V2SearchCase): string[] {
  const filters = parseV2Filters(`name:search:${value}`, semantics, searchCase);
  return cases.names.filter((name) => matchesV2Filters({ name }, filters));
}

describe('v2 search operator case (v2SearchCase)', () => {
  describe.each(CASES)('%s', (searchCase) => {
    describe.each(SEMANTICS)('%s', (semantics) => {
      test.each(cases.cases)('name:search:$value ($why)', (testCase) => {
        expect(found(testCase.value, semantics, searchCase)).toEqual(testCase[searchCase][semantics]);
      });
    });
  });

  it('ignores case when no case is given (the default)', () => {
    expect(cases.names.filter((name) => matchesV2Filters({ name }, parseV2Filters('name:search:ENG*', 'wildcard')))).toEqual(['Engineering', 'ENGINEERING', 'engineering', 'Eng.Ops', 'eng-ops']);
    expect(cases.names.filter((name) => matchesV2Filters({ name }, parseV2Filters('name:search:ENGINEERING')))).toEqual(['Engineering', 'ENGINEERING', 'engineering']);
  });

  it('leaves eq case-sensitive under both values', () => {
    for (const searchCase of CASES) expect(cases.names.filter((name) => matchesV2Filters({ name }, parseV2Filters('name:eq:engineering', 'wildcard', searchCase)))).toEqual(['engineering']);
  });
});
