/**
 * The second yardstick of `npm run bench` (issue 13): the bridge's own stack with nothing between
 * its two ends. Express 5 answers `GET /Users/:id` by one call of the bridge's JumpCloud client
 * (axios with the lean adapter, retry policy, concurrency limit) and a JSON body of four fields:
 * no middleware, authentication, mapping, projection, ETag, state, metrics or logging. Its CPU per
 * request is what express and the client alone cost here, the floor under the bridge's figure.
 * Usage: `node stack-floor.js <JumpCloud origin>` with the key in JUMPCLOUD_API_KEY; prints
 * `stack floor listening on http://127.0.0.1:PORT` when ready.
 */
import express from 'express';
import type { AddressInfo } from 'node:net';
import { JumpCloudClient } from '../../src/jumpcloud';

const client = new JumpCloudClient({ apiKey: process.env.JUMPCLOUD_API_KEY ?? '', baseUrl: process.argv[2] ?? '' });
const app = express();
app.get('/Users/:id', async (req, res) => {
  const user = await client.users.get(req.params.id);
  res.type('application/scim+json').send(JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], id: user._id, userName: user.username, active: user.activated }));
});
const server = app.listen(0, '127.0.0.1', () => {
  console.log(`stack floor listening on http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
server.keepAliveTimeout = 60_000;
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
