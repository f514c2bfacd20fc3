/**
 * The flows test world: a database of its own (the migrated template), the real ledger
 * writer, a real folder blob store in a temporary directory, the real sealer, a manual clock,
 * and the demo procedures with a few subscriptions.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type pg from 'pg';
import { createKeySealer, manualClock, subjectRef, type PersonPivot, type Subject } from '../../schemas/index.js';
import { createLedgerWriter, type LedgerWriter } from '../../ledger/index.js';
import { DATA_ELEMENTS, putDataElement } from '../../catalog/index.js';
import { createFolderBlobStore, seedFlowsDemo, type FlowsContext } from '../../flows/index.js';
import { createTestDatabase, type TestDatabase } from '../helpers/pg.js';

export const SECRET = 'flows-test-subject-secret-0123456789abcdef';
export const SEALING_SECRET = 'flows-test-sealing-secret-0123456789abcdef';
export const OWNER = { siret: '13000600000017', name: 'Direction interministérielle du numérique' };
export const LYON = { siret: '21690123100011', name: 'Ville de Lyon — CCAS', communeCode: '69123' };
export const GIRONDE = { siret: '22330001300016', name: 'Département de la Gironde', code: '33' };
export const FRONT_OFFICE = { clientId: 'service-public-fr', siret: '13000600000017' };

/** A database of its own, copied from the migrated template (the migrations runner lists the flows folder). */
export async function createFlowsDatabase(): Promise<TestDatabase> {
  return createTestDatabase();
}

export interface FlowsWorld {
  db: TestDatabase;
  pool: pg.Pool;
  clock: ReturnType<typeof manualClock>;
  ledger: LedgerWriter;
  blobDir: string;
  ctx: FlowsContext;
  stop(): Promise<void>;
}

export async function startFlowsWorld(o: { seed?: boolean; visibilityTimeoutMs?: number } = {}): Promise<FlowsWorld> {
  const db = await createFlowsDatabase();
  const clock = manualClock('2026-11-29T09:00:00Z');
  const ledger = createLedgerWriter({ pool: db.pool, chainId: `flows-test-${db.name}`, clock });
  const blobDir = mkdtempSync(join(tmpdir(), 'dp-flows-'));
  const ctx: FlowsContext = {
    pool: db.pool,
    clock,
    ledger,
    blobs: createFolderBlobStore(blobDir),
    sealer: createKeySealer(SEALING_SECRET, 'flow-payloads'),
    subjectSecret: SECRET,
    visibilityTimeoutMs: o.visibilityTimeoutMs ?? 60_000,
  };
  for (const e of DATA_ELEMENTS) await putDataElement(db.pool, e);
  if (o.seed !== false) await seedFlowsDemo(db.pool, { clock, organisations: { owner: OWNER, communes: [LYON], departement: GIRONDE } });
  return {
    db,
    pool: db.pool,
    clock,
    ledger,
    blobDir,
    ctx,
    stop: async () => {
      await ledger.close();
      await db.drop();
      rmSync(blobDir, { recursive: true, force: true });
    },
  };
}

export const CLAIRE: PersonPivot = {
  family_name: 'Martin',
  given_name: 'Claire Anne',
  birthdate: '1988-04-12',
  gender: 'female',
  birthplace: '69381',
  birthcountry: '99100',
};
export const PAUL: PersonPivot = {
  family_name: 'Durand',
  given_name: 'Paul',
  birthdate: '1990-01-02',
  gender: 'male',
  birthplace: '33063',
  birthcountry: '99100',
};

export function refOf(pivot: PersonPivot): string {
  return subjectRef(SECRET, { kind: 'person', pivot } satisfies Subject);
}

/** The smallest valid PDF-looking file of a given size (magic bytes first). */
export function pdf(size = 2048, fill = 0x20): Buffer {
  const head = Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n', 'latin1');
  const body = Buffer.alloc(Math.max(size - head.length, 0), fill);
  return Buffer.concat([head, body]).subarray(0, size);
}

/** A Windows executable (MZ … PE) whatever its name. */
export function exe(): Buffer {
  const b = Buffer.alloc(4096);
  b.write('MZ', 0, 'latin1');
  b.writeUInt32LE(0x80, 0x3c);
  b.write('PE\0\0', 0x80, 'latin1');
  return b;
}

export function file(filename: string, content: Buffer | Readable) {
  return { filename, content: Buffer.isBuffer(content) ? Readable.from([content]) : content };
}

export const restaurationForm = { numeroAllocataire: '1234567', enfants: [{ prenom: 'Léa', ecole: 'École Jean Macé' }] };

/** Every row count that a deposit could change, and the blobs on disk. */
export async function footprint(w: FlowsWorld): Promise<{ dossiers: number; attachments: number; events: number; blobs: string[] }> {
  const one = async (sql: string) => Number((await w.pool.query<{ n: string }>(sql)).rows[0]!.n);
  const blobsRoot = join(w.blobDir, 'blobs');
  const blobs: string[] = [];
  for (const p of readdirSync(blobsRoot)) for (const f of readdirSync(join(blobsRoot, p))) blobs.push(f);
  return {
    dossiers: await one('SELECT count(*) AS n FROM flow_dossiers'),
    attachments: await one('SELECT count(*) AS n FROM flow_attachments'),
    events: await one(`SELECT count(*) AS n FROM ledger_events WHERE type = 'dossier.event'`),
    blobs: blobs.sort(),
  };
}

export function stagingFiles(w: FlowsWorld): string[] {
  return readdirSync(join(w.blobDir, 'staging'));
}
