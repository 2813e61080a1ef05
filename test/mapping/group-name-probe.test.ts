import { loadGroupMapping, nameSearchRun } from '../../src/mapping';
import { parseFilter } from '../../src/scim/filter';
import cases from './group-name-probe.cases.json';

describe('the name search run: the part of a displayName every search semantics reads literally', () => {
  test.each(cases.runs)('$name -> $run ($why)', ({ name, run }) => {
    expect(nameSearchRun(name)).toBe(run);
  });

  test.each(cases.runs)('displayName eq $name plans a name:search for the run, or a scan without one', ({ name, run }) => {
    const plan = loadGroupMapping().planQuery(parseFilter(`displayName eq ${JSON.stringify(name)}`));
    expect(plan.candidates).toEqual(run === undefined ? { kind: 'name', value: name } : { kind: 'name', value: name, probe: [`name:search:${run}`], run });
  });
});
