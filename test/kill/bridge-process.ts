// The bridge as `npm start` runs it (startBridge from the environment), in a child process the
// kill test can SIGKILL. Prints one JSON line with its URL once listening; SIGTERM closes it
// gracefully (so a profiling flag such as --cpu-prof gets to write its file).
import { loadConfig } from '../../src/config/load-config';
import { startBridge } from '../../src/composition/start-bridge';

startBridge(loadConfig(process.env)).then(
  (bridge) => {
    process.once('SIGTERM', () => void bridge.close().then(() => process.exit(0)));
    process.stdout.write(`${JSON.stringify({ listening: bridge.scimBaseUrl })}\n`);
  },
  (err: unknown) => {
    process.stderr.write(`${String(err)}\n`);
    process.exit(1);
  },
);
