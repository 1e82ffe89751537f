/**
 * The sandbox's state folder (`SandboxOptions.stateDir`, CLI `--state DIR`): the signing key,
 * refresh-token state and the write journal, so the sandbox can be killed and restarted (even
 * with `kill -9`) without losing an acknowledged write, a valid token or a refresh token.
 * One sandbox process per folder at a time.
 */
import type { RefreshPersistence } from '../auth/grants';
import type { SigningKeyPair } from '../auth/tokens';
import type { ResourceStore } from '../fhir/store';
import { ensureStateDir } from './files';
import { refreshPersistence } from './grant-file';
import { WriteJournal } from './journal';
import { loadOrCreateSigningKey } from './signing-key';

export interface SandboxState {
  signingKey: SigningKeyPair;
  refresh: RefreshPersistence;
  /** Replays the journal into `store` (after generated and loaded data), then journals every later write. */
  attach(store: ResourceStore): void;
  close(): void;
}

export async function openSandboxState(
  dir: string,
  log: (line: string) => void,
): Promise<SandboxState> {
  ensureStateDir(dir);
  const signingKey = await loadOrCreateSigningKey(dir);
  const refresh = refreshPersistence(dir);
  const { journal, entries } = WriteJournal.open(dir, log);
  return {
    signingKey,
    refresh,
    attach(store) {
      for (const r of entries)
        store.put(r, { lastUpdated: r.meta.lastUpdated, versionId: r.meta.versionId });
      if (entries.length > 0)
        log(`sandbox state: replayed ${String(entries.length)} writes from ${journal.path}`);
      store.writeAhead = (stored) => {
        journal.append(stored);
      };
    },
    close() {
      journal.close();
    },
  };
}
