import { TenantsFileError, type TenantDefinition } from './tenants-file';

/** The log lines a reload writes (the bridge's logger satisfies it). */
export interface ReloadLog {
  info(message: string, meta?: Record<string, unknown>): unknown;
  warn(message: string, meta?: Record<string, unknown>): unknown;
  error(message: string, meta?: Record<string, unknown>): unknown;
}

export interface TenantsReloadOptions {
  /** Reads and validates the tenants file (loadTenants bound to its path, base config and environment). */
  load: () => TenantDefinition[];
  /** Puts the new tenants in service; called only with a file that validated. */
  apply: (tenants: TenantDefinition[]) => Promise<void>;
  log: ReloadLog;
}

/**
 * Reloads the tenants on SIGHUP, validating first: a file that does not load keeps the tenants in
 * service as they are and logs why (a warning listing the problems, never a secret, as
 * TenantsFileError guarantees); a good one is handed to `apply`. Reloads never overlap: a SIGHUP
 * during one makes one more run after it (several collapse into that one, which reads the newest
 * file). Returns stop(), which removes the handler (a reload in progress finishes).
 */
export function watchTenantsOnSignal(options: TenantsReloadOptions): () => void {
  const { load, apply, log } = options;
  let running = false;
  let again = false;

  const reload = async (): Promise<void> => {
    let tenants: TenantDefinition[];
    try {
      tenants = load();
    } catch (err) {
      const problems = err instanceof TenantsFileError ? err.problems : [(err as Error).message];
      log.warn('tenants file not reloaded: the tenants in service are kept', { problems });
      return;
    }
    try {
      await apply(tenants);
      log.info('tenants file reloaded', { tenants: tenants.map((tenant) => tenant.id) });
    } catch (err) {
      log.error('tenants file validated but not applied', { error: (err as Error).message });
    }
  };

  const onSignal = (): void => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    void (async () => {
      do {
        again = false;
        await reload();
      } while (again);
      running = false;
    })();
  };

  process.on('SIGHUP', onSignal);
  return () => {
    process.off('SIGHUP', onSignal);
  };
}
