import http from 'node:http';
import { startEmulator, type RunningEmulator } from '../../../emulator/server';

const KEY = 'test-key-server';

function get(url: string, agent: http.Agent, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent, headers }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

describe('startEmulator', () => {
  let running: RunningEmulator | undefined;
  const agent = new http.Agent({ keepAlive: true });

  afterEach(async () => {
    await running?.close();
    running = undefined;
  });
  afterAll(() => agent.destroy());

  it('listens on an ephemeral loopback port, seeded, and closes despite keep-alive sockets', async () => {
    running = await startEmulator({ options: { apiKey: KEY }, seed: { users: [{ username: 'srv', email: 'srv@example.com' }] } });
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(running.port).toBeGreaterThan(0);
    const res = await get(`${running.url}/api/systemusers?filter=username:%24eq:srv`, agent, { 'x-api-key': KEY });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ totalCount: 1, results: [{ username: 'srv' }] });
    // The keep-alive socket is still open here; close() must not wait for it to time out.
    await running.close();
    running = undefined;
  });

  it('reports a port already in use', async () => {
    running = await startEmulator({ options: { apiKey: KEY } });
    await expect(startEmulator({ port: running.port, options: { apiKey: KEY } })).rejects.toThrow(/EADDRINUSE/);
  });
});
