// The bridge as `npm start` runs it (startBridge from the environment, graceful stop on SIGTERM),
// in a child process of the soak run. Prints one JSON line with its SCIM base URL once listening.
import { exitOnSignals } from '../../src/cli/signals';
import { loadConfig } from '../../src/config/load-config';
import { startBridge } from '../../src/composition/start-bridge';

startBridge(loadConfig(process.env)).then(
  (bridge) => {
    exitOnSignals(() => bridge.close());
    process.stdout.write(`${JSON.stringify({ listening: bridge.scimBaseUrl })}\n`);
  },
  (err: unknown) => {
    process.stderr.write(`${String(err)}\n`);
    process.exit(1);
  },
);
