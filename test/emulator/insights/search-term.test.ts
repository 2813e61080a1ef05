import { EmulatorHttpError } from '../../../emulator/context';
import { compileSearchTerm } from '../../../emulator/insights/search-term';
import cases from './search-term.cases.json';

describe('DI search_term', () => {
  test.each(cases.matches)('$why -> $expected', ({ term, expected }) => {
    expect(compileSearchTerm(term)(cases.event)).toBe(expected);
  });

  test.each(cases.invalid)('400: $why', ({ term }) => {
    let thrown: unknown;
    try {
      compileSearchTerm(term);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(EmulatorHttpError);
    expect((thrown as EmulatorHttpError).status).toBe(400);
  });
});
