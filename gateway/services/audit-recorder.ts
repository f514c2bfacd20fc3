/**
 * The audit part of one app: the ledger port for auditors' own actions ("watching the
 * watchers", issue 8) and the usage-control evaluator. Auditor reads are appended with the
 * process-wide writer (`deps.ledger`, main.ts) or, without one, a writer of this runtime's own
 * chain (tests, tools). The record is awaited BEFORE the answer: no audit read without a trace.
 */
import { randomUUID } from 'node:crypto';
import { auditReadEvent, createRuleEvaluator, type AuditAction, type RuleEvaluator } from '../../audit/index.js';
import { createLedgerWriter, defaultChainId, type LedgerWriter } from '../../ledger/index.js';
import { ProblemError } from '../../schemas/index.js';
import type { AppDeps } from '../deps.js';
import type { Principal } from '../http/principal.js';

export interface AuditRecord {
  action: AuditAction;
  target?: string;
  query?: Record<string, unknown>;
  contractId?: string;
  result?: Record<string, string | number | boolean | null>;
}

export interface AuditRuntime {
  /** Appends the `audit.read` event of an auditor's action; resolves once committed. */
  record(principal: Principal, r: AuditRecord): Promise<string>;
  /** The usage-control evaluator of this process (started by main.ts). */
  evaluator(): RuleEvaluator;
  close(): Promise<void>;
}

const runtimes = new WeakMap<AppDeps, AuditRuntime>();

export function auditRuntime(deps: AppDeps): AuditRuntime {
  let r = runtimes.get(deps);
  if (r) return r;
  let own: LedgerWriter | null = null;
  let evaluator: RuleEvaluator | null = null;
  const writer = (): Pick<LedgerWriter, 'append'> => deps.ledger ?? (own ??= createLedgerWriter({ pool: deps.pool, clock: deps.clock, chainId: `${defaultChainId()}-au` }));
  r = {
    async record(principal, rec) {
      // Our own id, never the caller's X-Request-ID (an offered id could collide with an event's).
      const id = randomUUID();
      try {
        await writer().append(auditReadEvent({ id, occurredAt: deps.clock.now(), actor: { sub: principal.sub, name: principal.name }, ...rec }));
      } catch (err) {
        if (err instanceof ProblemError) throw err;
        throw new ProblemError('gateway.ledger_unavailable', { detail: 'Votre consultation n’a pas pu être journalisée ; rien n’est affiché.', headers: { 'Retry-After': '1' }, cause: err });
      }
      return id;
    },
    evaluator: () => (evaluator ??= createRuleEvaluator({
      pool: deps.pool, clock: deps.clock, onError: (err) => deps.logger.error({ err }, 'usage-control evaluation failed'),
    })),
    async close() {
      await evaluator?.stop();
      await own?.close();
      runtimes.delete(deps);
    },
  };
  runtimes.set(deps, r);
  return r;
}
