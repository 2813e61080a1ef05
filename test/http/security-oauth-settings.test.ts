import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, secretValues } from '../../src/config/load-config';
import { problemsOf } from '../support/config-problems';


describe('OAUTH_* settings', () => {
  it('default: no clients, 900 s tokens, a per-process signing key', () => {
    expect(loadConfig({}).oauth).toEqual({ clients: [], tokenTtlSeconds: 900, signingSecret: undefined });
  });

  it('reads id:secret pairs (a secret may hold colons) and the JSON object form', () => {
    expect(loadConfig({ OAUTH_CLIENTS: ' sailpoint:secret-0123456789abcdef , okta:with:colons-0123456789 ' }).oauth.clients).toEqual([
      { id: 'sailpoint', secret: 'secret-0123456789abcdef' },
      { id: 'okta', secret: 'with:colons-0123456789' },
    ]);
    expect(loadConfig({ OAUTH_CLIENTS: '{"sailpoint.isc":"a secret, with a comma!"}' }).oauth.clients).toEqual([{ id: 'sailpoint.isc', secret: 'a secret, with a comma!' }]);
  });

  it('reads the JSON form from OAUTH_CLIENTS_FILE (a Docker/Kubernetes secret), trailing newline and all', () => {
    const dir = mkdtempSync(join(tmpdir(), 'oauth-clients-'));
    try {
      const file = join(dir, 'clients.json');
      writeFileSync(file, '{"sailpoint": "file-secret-0123456789"}\n');
      expect(loadConfig({ OAUTH_CLIENTS_FILE: file }).oauth.clients).toEqual([{ id: 'sailpoint', secret: 'file-secret-0123456789' }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    ['a short secret', 'sailpoint:short', 'OAUTH_CLIENTS: the secret of client "sailpoint" must be a string of at least 16 characters'],
    ['a pair without a secret', 'sailpoint', 'OAUTH_CLIENTS: the secret of client "sailpoint" must be a string of at least 16 characters'],
    ['a client id with a space', 'sail point:secret-0123456789abcdef', 'OAUTH_CLIENTS: client id "sail point" must be 1-128 letters, digits or . _ ~ -'],
    ['a client listed twice', 'a:secret-0123456789abcdef,a:other-secret-0123456789', 'OAUTH_CLIENTS: client "a" is listed twice'],
    ['broken JSON', '{"broken": }', 'OAUTH_CLIENTS: the JSON form must be an object {"client_id": "client_secret", ...}'],
    ['a JSON secret that is not a string', '{"sailpoint": 1234567890123456789}', 'OAUTH_CLIENTS: the secret of client "sailpoint" must be a string of at least 16 characters'],
    ['only commas', ',,', 'OAUTH_CLIENTS: names no client'],
  ])('refuses %s, never echoing a secret', (_name, value, problem) => {
    const problems = problemsOf({ OAUTH_CLIENTS: value });
    expect(problems).toContain(problem);
    expect(problems.join('\n')).not.toContain('other-secret');
  });

  it.each([
    [{ OAUTH_TOKEN_TTL_SECONDS: '30' }, 'OAUTH_TOKEN_TTL_SECONDS: must be >= 60; got 30'],
    [{ OAUTH_SIGNING_SECRET: 'too-short' }, 'OAUTH_SIGNING_SECRET: must NOT have fewer than 32 characters'],
  ])('refuses %j', (env, problem) => {
    expect(problemsOf(env)).toContain(problem);
  });

  it('redacts every client secret and the signing key from the logs', () => {
    const config = loadConfig({ OAUTH_CLIENTS: 'a:secret-a-0123456789abcdef,b:secret-b-0123456789abcdef', OAUTH_SIGNING_SECRET: 'signing-key-0123456789abcdef0123456789' });
    expect(secretValues(config)).toEqual(expect.arrayContaining(['secret-a-0123456789abcdef', 'secret-b-0123456789abcdef', 'signing-key-0123456789abcdef0123456789']));
  });
});
