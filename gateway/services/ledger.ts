/**
 * The ledger's services of a process (docs/architecture.md, "Ledger"): the trust anchors read
 * from the configuration (pinned keys, witnesses, quorum) shared by every verification and by
 * the published keys; the browser proof verifier, bundled once; and the retention job, started
 * by gateway/background.ts.
 */
import { bundleProofVerifier, type LedgerWriter, type RetentionJob } from '../../ledger/index.js';
import type { AppDeps } from '../deps.js';
import { loadLedgerTrust, type LedgerTrustSettings } from '../process/ledger-trust.js';
import { ledgerRetentionJob } from '../process/ledger-process.js';

export interface LedgerServices {
  trust: LedgerTrustSettings;
  /** `/assets/preuve.js`: the offline proof check for the verifier page. */
  verifierScript: string;
  /** Null without pinned keys, or when the process's writer cannot checkpoint (a test's bare `append`). */
  retention: RetentionJob | null;
}

export async function createLedgerServices(
  deps: Pick<AppDeps, 'config' | 'pool' | 'clock' | 'logger' | 'ledger'>,
): Promise<LedgerServices> {
  const trust = await loadLedgerTrust(deps.config);
  const writer = deps.ledger as Partial<LedgerWriter>;
  const retention =
    typeof writer.checkpointNow === 'function'
      ? ledgerRetentionJob({
          pool: deps.pool,
          writer: writer as LedgerWriter,
          clock: deps.clock,
          config: deps.config,
          trust,
          logger: deps.logger,
        })
      : null;
  return { trust, verifierScript: await bundleProofVerifier(), retention };
}
