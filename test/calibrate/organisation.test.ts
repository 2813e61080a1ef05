import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import nock from 'nock';
import { learnOrganisation, namesOrganisation } from '../../src/calibrate/organisation';
import { WireClient } from '../../src/calibrate/wire-client';

interface OrganisationCase {
  title: string;
  orgId?: string;
  status: number;
  body: unknown;
  date?: string;
  expected: Record<string, string>;
}

const CASES = JSON.parse(readFileSync(join(__dirname, 'organisation.cases.json'), 'utf8')) as OrganisationCase[];
const KEY = 'organisation-test-key';

describe('learnOrganisation: which organisation the key would write to (GET /api/organizations)', () => {
  it.each(CASES.map((row) => [row.title, row] as const))('%s', async (_title, row) => {
    const headers: Record<string, string> = row.date ? { Date: row.date } : {};
    if (row.status === 302) headers.Location = 'https://console.jumpcloud.com/login';
    const scope = nock('https://console.jumpcloud.com', { reqheaders: { 'x-api-key': KEY, ...(row.orgId ? { 'x-org-id': row.orgId } : {}) } })
      .get('/api/organizations')
      .query({ limit: '100' })
      .reply(row.status, row.body as nock.Body, headers);
    const learned = await learnOrganisation(new WireClient({ apiKey: KEY, region: 'us', orgId: row.orgId, timeoutMs: 2000 }), row.orgId);
    const shown = 'serverTime' in learned && learned.serverTime ? { ...learned, serverTime: learned.serverTime.toISOString() } : { ...learned };
    expect(shown).toEqual(row.expected);
    scope.done();
  });

  it.each([
    ['the same id', '64b0a1f2c3d4e5f6a7b8c9aa', true],
    ['the same id in upper case, with spaces around', ' 64B0A1F2C3D4E5F6A7B8C9AA ', true],
    ['another id', '64b0a1f2c3d4e5f6a7b8c9bb', false],
    ['nothing', undefined, false],
  ])('--yes-write-to %s', (_title, given, expected) => {
    expect(namesOrganisation(given, { id: '64b0a1f2c3d4e5f6a7b8c9aa', displayName: 'Sandbox' })).toBe(expected);
  });
});
