import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { citizenIdentity } from '../../identity/index.js';
import { createSessionStore } from '../../identity/session/session-store.js';
import type { LedgerEventInput } from '../../ledger/index.js';
import { manualClock } from '../../schemas/index.js';
import { DEMO_ORGANISATIONS } from '../../gateway/demo/organisations.js';
import { seedApi } from '../contracts/fixtures.js';
import type { AuditWorld } from '../audit/world.js';

export const DGFIP = DEMO_ORGANISATIONS.dgfip.siret;

/** One kind of exchange event of the known ledger: how many, and how each is recorded. */
export interface Batch {
  n: number;
  at: string;
  over: Partial<LedgerEventInput>;
}

const failed = (problemCode: string, status: number): Partial<LedgerEventInput> => ({
  type: 'exchange.failed',
  outcome: 'failed',
  problemCode,
  status,
  fields: undefined,
});
const denied = (problemCode: string, status: number): Partial<LedgerEventInput> => ({
  type: 'exchange.denied',
  outcome: 'denied',
  problemCode,
  status,
  fields: undefined,
});

/**
 * The known ledger of the indicators tests (October and November 2026). Figures expected from it
 * are worked out by hand in the tests; change one and the other together.
 */
export function knownLedger(lyon: string, gironde: string): Batch[] {
  const oct = '2026-10-15T10:00:00Z';
  const qf = { apiSlug: 'cnaf-qf', consumerSiret: lyon };
  return [
    // cnaf-qf, Lyon: 40 delivered (30 at 20 ms, 10 at 100 ms), 12 not found, 10 timeouts,
    // 11 producer failures, 1 platform failure, 10 client mistakes, 3 refusals.
    { n: 30, at: oct, over: { ...qf, latencyMs: 20 } },
    { n: 10, at: oct, over: { ...qf, latencyMs: 100 } },
    { n: 12, at: oct, over: { ...qf, ...failed('provider.not_found', 404) } },
    { n: 10, at: oct, over: { ...qf, ...failed('provider.timeout', 504) } },
    { n: 6, at: oct, over: { ...qf, ...failed('provider.unavailable', 502) } },
    { n: 5, at: oct, over: { ...qf, ...failed('provider.circuit_open', 503) } },
    { n: 1, at: oct, over: { ...qf, ...failed('gateway.internal', 500) } },
    { n: 6, at: oct, over: { ...qf, ...denied('client.missing_traceability', 400) } },
    { n: 4, at: oct, over: { ...qf, ...denied('client.invalid_parameter', 400) } },
    { n: 2, at: oct, over: { ...qf, ...denied('client.scope_not_granted', 403) } },
    { n: 1, at: oct, over: { ...qf, ...denied('client.consent_missing', 403) } },
    // cnaf-qf, Gironde: 10 delivered at 400 ms.
    { n: 10, at: oct, over: { apiSlug: 'cnaf-qf', consumerSiret: gironde, recipient: gironde, latencyMs: 400 } },
    // dgfip-rfr, Lyon: 5 delivered at 50 ms and 2 timeouts — 7 exchanges, withheld.
    { n: 5, at: oct, over: { apiSlug: 'dgfip-rfr', producerSiret: DGFIP, consumerSiret: lyon, latencyMs: 50 } },
    {
      n: 2,
      at: oct,
      over: { apiSlug: 'dgfip-rfr', producerSiret: DGFIP, consumerSiret: lyon, ...failed('provider.timeout', 504) },
    },
    // November: 9 delivered on cnaf-qf — a month below the threshold.
    { n: 9, at: '2026-11-03T10:00:00Z', over: { ...qf, latencyMs: 20 } },
  ];
}

/** Appends the batches through a world's real ledger writer (its default event: served on cnaf-qf). */
export async function appendBatches(world: AuditWorld, contractId: string, batches: Batch[]): Promise<number> {
  return appendWith((at, over) => world.call(contractId, at, over), batches);
}

/** Appends the batches with `call` (one event each, in parallel within a batch: the writer groups them). */
export async function appendWith(
  call: (at: string, over: Partial<LedgerEventInput>) => Promise<unknown>,
  batches: Batch[],
): Promise<number> {
  let total = 0;
  for (const b of batches) {
    await Promise.all(Array.from({ length: b.n }, () => call(b.at, b.over)));
    total += b.n;
  }
  return total;
}

/** A served exchange of Lyon on cnaf-qf at `at`, with `over` applied (what AuditWorld.call appends). */
export function exchangeEvent(at: string, over: Partial<LedgerEventInput>, lyon: string, cnaf: string): LedgerEventInput {
  return {
    id: randomUUID(),
    type: 'exchange.served',
    occurredAt: new Date(at),
    consumerSiret: lyon,
    clientId: 'dp_client',
    producerSiret: cnaf,
    apiSlug: 'cnaf-qf',
    endpoint: 'getQuotientFamilial',
    fields: ['/quotient_familial/valeur'],
    subjectRef: 'a'.repeat(64),
    subjectKind: 'person',
    recipient: lyon,
    context: 'Cantine',
    object: 'Dossier 1',
    outcome: 'served',
    status: 200,
    latencyMs: 20,
    ...over,
  };
}

export async function seedDgfipApi(pool: pg.Pool): Promise<void> {
  await seedApi(pool, { slug: 'dgfip-rfr', producerSiret: DGFIP });
}

const SECRET = 'test-subject-hmac-secret-0123456789abcdef';
/** Distinct given names (the canonical pivot keeps letters only). */
const NAMES = 'Alice Bruno Chloé Denis Emma Fabien Gaëlle Hugo Inès Jules Katia Léo Manon Nina Oscar'.split(' ');

/** Citizens log in through the real session store (the principal as FranceConnect gives it). */
export async function citizenLogins(pool: pg.Pool, logins: { who: number; at: string }[]): Promise<void> {
  const clock = manualClock();
  const store = createSessionStore(pool, clock, 3600);
  for (const l of logins) {
    clock.set(l.at);
    const p = citizenIdentity(
      'https://fc.example',
      `sub-${l.who}`,
      {
        given_name: NAMES[l.who % NAMES.length]!,
        family_name: 'DUPONT',
        birthdate: '1980-01-01',
        gender: 'female',
        birthplace: '75056',
        birthcountry: '99100',
      },
      SECRET,
    );
    await store.create({ kind: 'citizen', issuer: 'https://fc.example', sub: p.sub, principal: p as unknown as Record<string, unknown> });
  }
}
