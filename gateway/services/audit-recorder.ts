/**
 * Auditors' own actions in the ledger ("watching the watchers"): every read of an auditor is
 * appended with the process's one ledger writer, awaited BEFORE the answer — no audit read
 * without a trace.
 */
import { randomUUID } from 'node:crypto';
import { auditReadEvent, type AuditAction } from '../../audit/index.js';
import type { LedgerWriter } from '../../ledger/index.js';
import { ProblemError, type Clock } from '../../schemas/index.js';
import type { Principal } from '../../schemas/index.js';

export interface AuditRecord {
  action: AuditAction;
  target?: string;
  query?: Record<string, unknown>;
  contractId?: string;
  result?: Record<string, string | number | boolean | null>;
}

export interface AuditRecorder {
  /** Appends the `audit.read` event of an auditor's action; resolves once committed. */
  record(principal: Principal, r: AuditRecord): Promise<string>;
}

export function createAuditRecorder(deps: { clock: Clock; ledger: Pick<LedgerWriter, 'append'> }): AuditRecorder {
  return {
    async record(principal, rec) {
      // Our own id, never the caller's X-Request-ID (an offered id could collide with an event's).
      const id = randomUUID();
      try {
        await deps.ledger.append(
          auditReadEvent({ id, occurredAt: deps.clock.now(), actor: { sub: principal.sub, name: principal.name }, ...rec }),
        );
      } catch (err) {
        if (err instanceof ProblemError) throw err;
        throw new ProblemError('gateway.ledger_unavailable', {
          detail: 'Votre consultation n’a pas pu être journalisée ; rien n’est affiché.',
          headers: { 'Retry-After': '1' },
          cause: err,
        });
      }
      return id;
    },
  };
}
