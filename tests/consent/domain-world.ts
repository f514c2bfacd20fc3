/**
 * The consent domain on its own, with real parts: a database of its own with the demo
 * organisations and catalogue, the REAL ledger writer behind the domain's ledger port, a manual
 * clock, and the report sealer. No HTTP: the surfaces call these same functions.
 */
import pino from 'pino';
import { seedDemoOrganisations } from '../../gateway/demo/organisations.js';
import { seedDemoCatalog } from '../../gateway/demo/catalog.js';
import { createLedgerWriter, type LedgerEventInput, type LedgerWriter } from '../../ledger/index.js';
import { createKeySealer, manualClock, subjectRef, type PersonPivot } from '../../schemas/index.js';
import type { ConsentLedgerEvent, ReportContext } from '../../consent/index.js';
import { createTestDatabase, type TestDatabase } from '../helpers/pg.js';

export const SECRET = 'test-subject-secret-0123456789abcdef';
export const SEAL_SECRET = 'test-key-encryption-secret-0123456789abcdef';
export const LYON = '21690123100011';
export const GIRONDE = '22330001300016';
export const CNAF = '18000100000017';
export const CNAF_API = 'cnaf-quotient-familial';

export const PIVOT_A: PersonPivot = {
  family_name: 'Martin',
  given_name: 'Claire Anne',
  birthdate: '1990-04-12',
  gender: 'female',
  birthplace: '69123',
  birthcountry: '99100',
};
export const PIVOT_B: PersonPivot = {
  family_name: 'Durand',
  given_name: 'Paul',
  birthdate: '1985-11-02',
  gender: 'male',
  birthplace: '33063',
  birthcountry: '99100',
};

export interface DomainWorld {
  db: TestDatabase;
  clock: ReturnType<typeof manualClock>;
  writer: LedgerWriter;
  ctx: ReportContext;
  refOf(p: PersonPivot): string;
  /** The ledger rows the domain appended (type, detail, subject), oldest first. */
  ledger(): Promise<
    {
      type: string;
      subject_ref: string | null;
      detail: Record<string, unknown> | null;
      actor: unknown;
      api_slug: string | null;
      consumer_siret: string | null;
    }[]
  >;
  stop(): Promise<void>;
}

/** The domain's ledger port over the real writer (what the gateway's consent runtime does). */
export function appendTo(writer: Pick<LedgerWriter, 'append'>) {
  return async (e: ConsentLedgerEvent): Promise<void> => {
    const input: LedgerEventInput = {
      id: e.id,
      type: e.type,
      occurredAt: e.occurredAt,
      outcome: 'recorded',
      actor: {
        kind: e.actor.kind,
        ...(e.actor.kind !== 'citizen' ? { id: e.actor.id } : {}),
        ...(e.actor.organisationSiret ? { organisationSiret: e.actor.organisationSiret } : {}),
      },
      subjectRef: e.subjectRef,
      subjectKind: e.subjectKind,
      consumerSiret: e.consumerSiret,
      apiSlug: e.apiSlug,
      dataElements: e.dataElements,
      detail: e.detail,
    };
    await writer.append(input);
  };
}

export async function startDomainWorld(opts: { catalog?: boolean } = {}): Promise<DomainWorld> {
  const db = await createTestDatabase();
  if (opts.catalog !== false) {
    const logger = pino({ level: 'silent' });
    await seedDemoOrganisations(db.pool);
    await seedDemoCatalog(db.pool, logger);
  }
  const clock = manualClock(new Date());
  const writer = createLedgerWriter({ pool: db.pool, clock, chainId: `consent-domain-${process.pid}` });
  const ctx: ReportContext = {
    pool: db.pool,
    clock,
    recordConsentEvent: appendTo(writer),
    sealer: createKeySealer(SEAL_SECRET, 'report-messages'),
  };
  return {
    db,
    clock,
    writer,
    ctx,
    refOf: (p) => subjectRef(SECRET, { kind: 'person', pivot: p }),
    ledger: async () =>
      (
        await db.pool.query(
          `SELECT type, subject_ref, detail, actor, api_slug, consumer_siret FROM ledger_events ORDER BY recorded_at, seq`,
        )
      ).rows,
    stop: async () => {
      await writer.close();
      await db.drop();
    },
  };
}
