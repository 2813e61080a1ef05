/** On SIGTERM or SIGINT, runs `shutdown` once and exits; a second signal exits at once. */
export function exitOnSignals(shutdown: () => Promise<void>): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) process.exit(130);
    stopping = true;
    console.error(`${signal} received, shutting down`);
    shutdown().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error('shutdown failed:', (err as Error).message);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
