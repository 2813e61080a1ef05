import { GroupSearchCase } from '../../src/jumpcloud';
import cases from './group-search-case.cases.json';

describe('what a client learns of the case of name:search', () => {
  test.each(cases)('$why', ({ run, names, learned }) => {
    const searchCase = new GroupSearchCase();
    expect(searchCase.knownInsensitive).toBe(false);
    searchCase.learn(run, names);
    expect(searchCase.knownInsensitive).toBe(learned);
  });

  it('keeps what it learned: a later answer never unlearns it', () => {
    const searchCase = new GroupSearchCase();
    searchCase.learn('eng', ['ENG']);
    searchCase.learn('eng', []);
    expect(searchCase.knownInsensitive).toBe(true);
  });
});
