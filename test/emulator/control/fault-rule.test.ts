import { EmulatorHttpError } from '../../../emulator/context';
import { isRegexPath, readFaultRule } from '../../../emulator/control/fault-rule';
import cases from './fault-rule.cases.json';

describe('fault rule validation', () => {
  test.each(cases.valid)('accepts $rule', ({ rule, expected }) => {
    expect(readFaultRule(rule)).toEqual(expected);
  });

  test.each(cases.invalid)('400: $why', ({ rule }) => {
    let thrown: unknown;
    try {
      readFaultRule(rule);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(EmulatorHttpError);
    expect((thrown as EmulatorHttpError).status).toBe(400);
  });

  it('reads /…/ as a regular expression and anything else as a prefix', () => {
    expect(isRegexPath('/^\\/api/')).toBe(true);
    expect(isRegexPath('/api/v2/usergroups')).toBe(false);
    expect(isRegexPath('/')).toBe(false);
  });
});
