import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import {
  approveHabilitationRequest,
  catalogueApiLookup,
  changeContractStatus,
  createArtefactSigner,
  createHabilitationRequest,
  createSigningKeys,
  submitHabilitationRequest,
  type ContractsContext,
  type HabilitationForm,
} from '../../contracts/index.js';
import { createLedgerWriter, loadLedgerSigner, type LedgerEventInput, type LedgerWriter } from '../../ledger/index.js';
import { manualClock } from '../../schemas/index.js';
import { createRuleEvaluator, DEFAULT_RULE_OPTIONS, type RuleEvaluator, type RuleOptions } from '../../audit/index.js';
import { seedWorld, CAST, fullForm, LYON, CNAF, GIRONDE } from '../contracts/fixtures.js';

export { LYON, CNAF, GIRONDE, fullForm };
export const KEY_SECRET = 'test-key-encryption-secret-0123456789abcdef';

export interface AuditWorld {
  pool: pg.Pool;
  clock: ReturnType<typeof manualClock>;
  ctx: ContractsContext;
  writer: LedgerWriter;
  evaluator: RuleEvaluator;
  /** An active contract of Lyon on `cnaf-qf` (validated now). */
  contract(form?: Partial<HabilitationForm>): Promise<string>;
  revoke(contractId: string): Promise<void>;
  /** Appends an exchange event (served by default) under a contract, at `at`. */
  call(contractId: string | null, at: Date | string, over?: Partial<LedgerEventInput>): Promise<string>;
  close(): Promise<void>;
}

/** The real contracts and ledger domains on a test database, and an evaluator with test thresholds. */
export async function auditWorld(
  pool: pg.Pool,
  rules: Partial<RuleOptions> = {},
  start = '2026-11-23T09:00:00Z',
  opts: { signed?: boolean } = {},
): Promise<AuditWorld> {
  await seedWorld(pool);
  const clock = manualClock(start);
  const keys = createSigningKeys({ pool, clock, secret: KEY_SECRET, tokenTtlSeconds: 600 });
  const ctx: ContractsContext = {
    pool,
    clock,
    lookupApi: catalogueApiLookup(pool),
    signArtefact: createArtefactSigner(keys, 'http://localhost:3000'),
  };
  const signer = opts.signed ? await loadLedgerSigner(pool) : undefined;
  const writer = createLedgerWriter({ pool, chainId: `test-${randomUUID().slice(0, 8)}`, clock, signer });
  const evaluator = createRuleEvaluator({ pool, clock, rules: { ...DEFAULT_RULE_OPTIONS, ...rules } });
  return {
    pool,
    clock,
    ctx,
    writer,
    evaluator,
    async contract(form = {}) {
      const c = await createHabilitationRequest(ctx, CAST.alice, { apiSlug: 'cnaf-qf', consumerSiret: LYON, form: fullForm(form) });
      await submitHabilitationRequest(ctx, CAST.alice, c.id);
      await approveHabilitationRequest(ctx, CAST.ivan, c.id, {});
      return c.id;
    },
    async revoke(contractId) {
      await changeContractStatus(ctx, CAST.ivan, contractId, 'revoke', 'Usage non conforme');
    },
    async call(contractId, at, over = {}) {
      const id = randomUUID();
      await writer.append({
        id,
        type: 'exchange.served',
        occurredAt: new Date(at),
        consumerSiret: LYON,
        clientId: 'dp_client',
        contractId: contractId ?? undefined,
        contractVersion: 1,
        producerSiret: CNAF,
        apiSlug: 'cnaf-qf',
        endpoint: 'getQuotientFamilial',
        fields: ['/quotient_familial/valeur'],
        subjectRef: 'a'.repeat(64),
        subjectKind: 'person',
        recipient: LYON,
        context: 'Cantine',
        object: 'Dossier 1',
        outcome: 'served',
        status: 200,
        latencyMs: 20,
        ...over,
      });
      return id;
    },
    async close() {
      await writer.close();
    },
  };
}

/** The cases of a kind, for assertions. */
export async function casesOf(
  pool: pg.Pool,
  kind: string,
): Promise<{ id: string; evidence: string[]; contract_id: string | null; consumer_siret: string | null; summary: string }[]> {
  const { rows } = await pool.query(
    'SELECT id, evidence, contract_id, consumer_siret, summary FROM audit_cases WHERE kind = $1 ORDER BY opened_at',
    [kind],
  );
  return rows;
}
