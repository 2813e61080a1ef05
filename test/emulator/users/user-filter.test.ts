import { EmulatorHttpError } from '../../../emulator/context';
import { filterFromQuery, filterFromSearchBody, matches, searchFromBody, type UserFilter } from '../../../emulator/users/user-filter';
import cases from './user-filter.cases.json';

interface Case {
  name: string;
  matches?: string[];
  error?: string;
}

const records = cases.records as Record<string, unknown>[];

/** Usernames of the fixture records the filter keeps; every record when there is no filter. */
function run(filter: UserFilter | undefined): string[] {
  return records.filter((record) => !filter || matches(record, filter)).map((record) => record.username as string);
}

function check(testCase: Case, parse: () => UserFilter | undefined): void {
  if (testCase.error !== undefined) {
    let caught: unknown;
    try {
      parse();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(EmulatorHttpError);
    expect((caught as EmulatorHttpError).status).toBe(400);
    expect((caught as EmulatorHttpError).body.message).toContain(testCase.error);
  } else {
    expect(run(parse())).toEqual(testCase.matches);
  }
}

describe('v1 filter from the query string (as qs parses it)', () => {
  it.each(cases.query.map((c) => [c.name, c] as const))('%s', (_name, testCase) => {
    check(testCase, () => filterFromQuery(testCase.filter));
  });

  it('reads no filter as undefined', () => {
    expect(filterFromQuery(undefined)).toBeUndefined();
    expect(filterFromQuery('')).toBeUndefined();
  });
});

describe('/search/systemusers body filter', () => {
  it.each(cases.search.map((c) => [c.name, c] as const))('%s', (_name, testCase) => {
    check(testCase, () => filterFromSearchBody(testCase.filter));
  });
});

describe('/search/systemusers searchFilter', () => {
  it.each(cases.searchFilter.map((c) => [c.name, c] as const))('%s', (_name, testCase) => {
    check(testCase, () => searchFromBody(testCase.searchFilter));
  });
});
