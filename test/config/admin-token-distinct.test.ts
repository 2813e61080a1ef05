import { loadConfig } from '../../src/config/load-config';
import { problemsOf } from '../support/config-problems';
import cases from './admin-token-distinct.cases.json';

// Long enough for every secret setting's minimum length (OAUTH_SIGNING_SECRET needs 32).
const ADMIN = 'admin-token-0123456789-0123456789-abcdef';

/** The case's environment with its ADMIN placeholder replaced by the admin token. */
function envOf(env: Record<string, string | undefined>): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).map(([name, value]) => [name, value?.replace('ADMIN', ADMIN)]));
}

describe('ADMIN_TOKEN differs from every other secret', () => {
  it.each(cases)('is refused when it equals $name, naming the setting and never the value', ({ env, names }) => {
    const problems = problemsOf({ ...envOf(env), ADMIN_TOKEN: ADMIN });
    const adminProblems = problems.filter((problem) => problem.startsWith('ADMIN_TOKEN:'));
    expect(adminProblems).toEqual(names.map((name) => `ADMIN_TOKEN: must differ from every ${name} (the admin endpoints take their own credential)`));
    expect(problems.join('\n')).not.toContain(ADMIN);
  });

  it.each(cases)('is accepted beside $name when the values differ', ({ env }) => {
    expect(loadConfig({ ...envOf(env), ADMIN_TOKEN: 'another-admin-token-0123456789-0123456789' }).adminToken).toBe('another-admin-token-0123456789-0123456789');
  });
});
