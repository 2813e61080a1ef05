import nock from 'nock';
import { JumpCloudClient } from '../../../src/jumpcloud';
import { CONTRACT_CASES, defineJumpCloudClientContract, type ContractTarget } from './jumpcloud-client.contract';
import { RECORDINGS } from './jumpcloud-recordings';

const ORIGIN = 'https://console.jumpcloud.com';
const INSIGHTS = 'https://api.jumpcloud.com';
const KEY = 'recorded-good-key';
const BAD_KEY = 'recorded-bad-key';

/** Installs one case's exchanges; each answers once, only to the exact path, query and key recorded. */
function install(caseName: (typeof CONTRACT_CASES)[number]): void {
  const exchanges = RECORDINGS[caseName];
  if (!exchanges || exchanges.length === 0) throw new Error(`no recording for contract case "${caseName}"`);
  for (const exchange of exchanges) {
    const [pathname, search = ''] = exchange.path.split('?');
    const origin = exchange.path.startsWith('/insights/') ? INSIGHTS : ORIGIN;
    const scope = nock(origin, { reqheaders: { 'x-api-key': exchange.badKey ? BAD_KEY : KEY } });
    scope
      .intercept(pathname as string, exchange.method)
      .query(Object.fromEntries(new URLSearchParams(search)))
      .reply(exchange.status, exchange.body === undefined ? '' : (exchange.body as nock.Body), exchange.headers);
  }
}

const target: ContractTarget = {
  begin: async (caseName) => install(caseName as (typeof CONTRACT_CASES)[number]),
  end: async () => {
    // Every recorded exchange must have been used: the client made exactly the recorded calls.
    expect(nock.pendingMocks()).toEqual([]);
  },
  client: () => new JumpCloudClient({ apiKey: KEY, timeoutMs: 2000, retry: { maxAttempts: 1 } }),
  badKeyClient: () => new JumpCloudClient({ apiKey: BAD_KEY, timeoutMs: 2000, retry: { maxAttempts: 1 } }),
};

afterEach(() => nock.cleanAll());

describe('JumpCloud client contract: recorded JumpCloud traffic (nock)', () => {
  it('has a recording for every case', () => {
    expect(Object.keys(RECORDINGS).sort()).toEqual([...CONTRACT_CASES].sort());
  });
  defineJumpCloudClientContract(() => target);
});
