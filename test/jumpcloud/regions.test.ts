import { JUMPCLOUD_REGIONS, resolveEndpoints } from '../../src/jumpcloud';

describe('regions', () => {
  it.each([
    ['us', 'https://console.jumpcloud.com', 'https://api.jumpcloud.com'],
    ['eu', 'https://console.eu.jumpcloud.com', 'https://api.eu.jumpcloud.com'],
  ] as const)('%s', (region, consoleHost, apiHost) => {
    expect(resolveEndpoints({ region })).toEqual({ v1: `${consoleHost}/api`, v2: `${consoleHost}/api/v2`, insights: `${apiHost}/insights/directory/v1` });
  });

  it('defaults to us', () => {
    expect(resolveEndpoints({}).v1).toBe('https://console.jumpcloud.com/api');
  });

  it('a base URL overrides the region and serves all three from one origin', () => {
    expect(resolveEndpoints({ region: 'eu', baseUrl: 'http://127.0.0.1:8089/' })).toEqual({
      v1: 'http://127.0.0.1:8089/api',
      v2: 'http://127.0.0.1:8089/api/v2',
      insights: 'http://127.0.0.1:8089/insights/directory/v1',
    });
  });

  it.each(['not a url', 'ftp://x.test', 'https://user:pw@x.test', 'https://x.test/?key=1'])('refuses base URL %s', (baseUrl) => {
    expect(() => resolveEndpoints({ baseUrl })).toThrow(/base URL/);
  });

  it.each(['ap', 'in'])('refuses region %s (JumpCloud documents only us and eu)', (region) => {
    expect(() => resolveEndpoints({ region: region as never })).toThrow(/region/);
  });

  it('offers exactly the regions JumpCloud documents', () => {
    expect(JUMPCLOUD_REGIONS).toEqual(['us', 'eu']);
  });
});
