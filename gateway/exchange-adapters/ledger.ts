/**
 * LedgerWriter over the ledger domain's group-commit writer (`createLedgerWriter`/`openLedger`):
 * `append` resolves once the event's batch committed and rejects with
 * `gateway.ledger_unavailable` when the queue is full or the database fails.
 */
import type { LedgerWriter as DomainWriter } from '../../ledger/index.js';
import type { LedgerWriter } from '../../exchange/index.js';

export function ledgerWriterPort(writer: Pick<DomainWriter, 'append'>): LedgerWriter {
  return { append: (event) => writer.append(event) };
}
