/**
 * A depositing process for the crash tests. `hang`: one deposit whose ledger append never
 * returns (the process is killed between publishing its blob and its COMMIT). `burst`: deposits
 * in a loop with the real ledger writer, printing `ok <dossierId> <sha256>` for each deposit
 * answered (what a front office would have received as 201).
 */
import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import { createKeySealer, systemClock } from '../../schemas/index.js';
import { createLedgerWriter } from '../../ledger/index.js';
import { createFolderBlobStore, depositDossier, type FlowsContext } from '../../flows/index.js';
import { CLAIRE, FRONT_OFFICE, SEALING_SECRET, SECRET, file, pdf, restaurationForm } from './world.js';

const [url, blobDir, mode] = process.argv.slice(2) as [string, string, 'hang' | 'burst'];
const pool = new pg.Pool({ connectionString: url, max: 8 });
pool.on('error', () => undefined);
const ledger =
  mode === 'hang'
    ? {
        append: () => {
          process.stdout.write('appending\n');
          return new Promise<never>(() => undefined);
        },
      }
    : createLedgerWriter({ pool, chainId: `flows-burst-${process.pid}`, clock: systemClock });
const ctx: FlowsContext = {
  pool,
  clock: systemClock,
  ledger,
  blobs: createFolderBlobStore(blobDir),
  sealer: createKeySealer(SEALING_SECRET, 'flow-payloads'),
  subjectSecret: SECRET,
};
const input = {
  procedureCode: 'aide-restauration-scolaire',
  communeCode: '69123',
  applicant: { kind: 'person' as const, pivot: CLAIRE },
  form: restaurationForm,
};

if (mode === 'hang') {
  await depositDossier(ctx, {
    depositor: FRONT_OFFICE,
    idempotencyKey: `hang-${process.pid}`,
    input,
    attachments: [file('orphelin.pdf', pdf(40_000, 0x4f))],
  });
} else {
  let i = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (;;) {
        const content = Buffer.concat([pdf(1024), randomBytes(20_000)]);
        const r = await depositDossier(ctx, {
          depositor: FRONT_OFFICE,
          idempotencyKey: `burst-${process.pid}-${i++}`,
          input,
          attachments: [file('piece.pdf', content)],
        });
        process.stdout.write(`ok ${r.dossierId} ${createHash('sha256').update(content).digest('hex')}\n`);
      }
    }),
  );
}
