import { describeLeaks, findLeaks, maskSecret } from '../support/log-scan/find-leaks';
import { registerAuthorization, registerSecretsInBody } from '../support/log-scan/sent-credentials';
import { logScanState, recordOutput, registerSecret, takePendingLines, type CapturedLine, type SecretKind } from '../support/log-scan/scan-state';
import { scanCapturedOutput } from '../support/log-scan/scan-now';

const TOKEN = 'scan-test-scim-token-0123456789';
const PASSWORD = 'Scan-Test-Passw0rd"1';
const secrets = new Map<string, SecretKind>([
  [TOKEN, 'SCIM bearer token'],
  [PASSWORD, 'password sent to the bridge'],
]);
const line = (text: string, number = 1): CapturedLine => ({ source: 'bridge log', number, text });

describe('findLeaks', () => {
  it('reports a planted secret: its kind, where, and the line with the secret masked', () => {
    const leaks = findLeaks([line('{"level":"info","message":"ok"}'), line(`{"level":"debug","message":"auth with ${TOKEN}"}`, 2)], secrets);
    expect(leaks).toEqual([{ kind: 'SCIM bearer token', masked: 'sc…(31 chars)', source: 'bridge log', line: 2, excerpt: '{"level":"debug","message":"auth with sc…(31 chars)"}' }]);
    expect(describeLeaks(leaks)).toContain('SCIM bearer token sc…(31 chars) in bridge log line 2');
    expect(describeLeaks(leaks)).not.toContain(TOKEN);
  });

  it('finds a secret as a JSON log line writes it (escaped) and as a URL writes it (encoded)', () => {
    const inJson = JSON.stringify({ message: `body ${PASSWORD}` });
    const inUrl = `GET /Users?filter=${encodeURIComponent(PASSWORD)}`;
    expect(inJson).not.toContain(PASSWORD);
    const leaks = findLeaks([line(inJson, 1), line(inUrl, 2)], secrets);
    expect(leaks.map((leak) => [leak.kind, leak.line])).toEqual([
      ['password sent to the bridge', 1],
      ['password sent to the bridge', 2],
    ]);
    for (const leak of leaks) expect(leak.excerpt).not.toContain(encodeURIComponent(PASSWORD));
  });

  it('reports every secret of a line, each masked in the excerpt', () => {
    const [first, second] = findLeaks([line(`${TOKEN} and ${PASSWORD}`)], secrets);
    expect([first?.kind, second?.kind]).toEqual(['SCIM bearer token', 'password sent to the bridge']);
    expect(first?.excerpt).toBe(`sc…(31 chars) and ${maskSecret(PASSWORD)}`);
  });

  it('finds nothing in clean lines', () => {
    expect(findLeaks([line('{"level":"http","message":"request","status":201}')], secrets)).toEqual([]);
  });
});

describe('scanCapturedOutput', () => {
  it('throws the report for a captured line holding a registered secret, and reads each line once', () => {
    registerSecret('admin token', 'scan-test-admin-token-0123456789');
    recordOutput('serve stderr', 'first line\nadmin scan-test-admin-token-0123456789 in a line\n');
    expect(() => scanCapturedOutput()).toThrow('admin token sc…(32 chars) in serve stderr line 2: admin sc…(32 chars) in a line');
    expect(() => scanCapturedOutput()).not.toThrow();
  });

  it('ignores values too short to tell from ordinary words', () => {
    registerSecret('password sent to the bridge', 'secret');
    expect(logScanState().secrets.has('secret')).toBe(false);
  });
});

describe('registering what a test sends', () => {
  afterEach(() => takePendingLines());

  it('registers passwords at any depth, a PATCH value whose path is the password, and form-encoded client secrets', () => {
    registerSecretsInBody({ userName: 'ada', password: 'Body-Passw0rd-1' });
    registerSecretsInBody({ Operations: [{ op: 'replace', path: 'password', value: 'Patch-Passw0rd-2' }, { op: 'replace', value: { password: 'Value-Passw0rd-3' } }] });
    registerSecretsInBody(JSON.stringify({ Operations: [{ method: 'POST', data: { password: 'Bulk-Passw0rd-4' } }] }));
    registerSecretsInBody('grant_type=client_credentials&client_id=sailpoint&client_secret=form-client-secret-0123');
    const { secrets } = logScanState();
    expect(['Body-Passw0rd-1', 'Patch-Passw0rd-2', 'Value-Passw0rd-3', 'Bulk-Passw0rd-4'].map((value) => secrets.get(value))).toEqual(Array(4).fill('password sent to the bridge'));
    expect(secrets.get('form-client-secret-0123')).toBe('OAuth client secret');
    expect(secrets.has('sailpoint')).toBe(false);
  });

  it('registers a bearer credential, and a Basic credential with the password inside it', () => {
    registerAuthorization('Bearer sent-bearer-token-0123456789');
    const basic = Buffer.from('sailpoint:sent-basic-password-0123').toString('base64');
    registerAuthorization(`Basic ${basic}`);
    const { secrets } = logScanState();
    expect([secrets.get('sent-bearer-token-0123456789'), secrets.get(basic), secrets.get('sent-basic-password-0123')]).toEqual([
      'credential sent to the bridge',
      'credential sent to the bridge',
      'Basic password',
    ]);
  });
});
