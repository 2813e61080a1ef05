import { dryRunClient, type JumpCloudClient } from '../jumpcloud';
import type { AuditJournal, JournalEntry } from '../lifecycle/audit-journal';
import type { Logger } from '../logging/logger';
import type { ChangedResource, ChangedSincePage, ResourceKind, ResourceState, StateStore } from '../state/state-store';

/** What the SCIM providers are built over. */
export interface ProviderDependencies {
  jumpcloud: JumpCloudClient;
  state: StateStore;
  journal?: AuditJournal;
}

/**
 * DRY_RUN: the same providers over dependencies that write nothing. The JumpCloud client skips
 * every write and reports it on the journal's call log (flagged `dryRun`); the state store keeps
 * `meta.lastModified` as it was (a write that did not happen changed nothing); the journal settles
 * each write as `dry_run` instead of `succeeded`, with the calls made and the calls skipped.
 */
export function dryRunDependencies(deps: ProviderDependencies, logger?: Logger): ProviderDependencies {
  const jumpcloud = dryRunClient(deps.jumpcloud, { onCall: deps.journal?.calls.record, logger });
  return { jumpcloud, state: new ReadOnlyStateStore(deps.state), journal: deps.journal && dryRunJournal(deps.journal) };
}

/** Reads the real store; records nothing. */
class ReadOnlyStateStore implements StateStore {
  constructor(private readonly inner: StateStore) {}

  get(kind: ResourceKind, id: string): Promise<ResourceState | undefined> {
    return this.inner.get(kind, id);
  }

  getMany(kind: ResourceKind, ids: readonly string[]): Promise<Map<string, ResourceState>> {
    return this.inner.getMany(kind, ids);
  }

  changedSince(kind: ResourceKind, since: Date, inclusive: boolean, page?: ChangedSincePage): Promise<ChangedResource[]> {
    return this.inner.changedSince(kind, since, inclusive, page);
  }

  async recordChange(): Promise<undefined> {
    return undefined;
  }

  async forget(): Promise<void> {}
}

/** The journal whose entries settle a write that "succeeded" as `dry_run` (nothing was written). */
function dryRunJournal(journal: AuditJournal): AuditJournal {
  return new Proxy(journal, {
    get(target, property) {
      if (property === 'begin') {
        return async (...args: Parameters<AuditJournal['begin']>) => dryRunEntry(await target.begin(...args));
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

function dryRunEntry(entry: JournalEntry): JournalEntry {
  return new Proxy(entry, {
    get(target, property) {
      if (property === 'succeed') return (...args: Parameters<JournalEntry['succeed']>) => target.dryRun(...args);
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
