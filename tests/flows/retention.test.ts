import {
  ackDossier,
  depositDossier,
  fetchDossier,
  listMyDossiers,
  openAttachment,
  postStatus,
  purgeExpiredDossiers,
  sweepOrphanBlobs,
  type FlowActor,
} from '../../flows/index.js';
import { ProblemError } from '../../schemas/index.js';
import { CLAIRE, FRONT_OFFICE, LYON, file, footprint, pdf, refOf, restaurationForm, startFlowsWorld, type FlowsWorld } from './world.js';

let w: FlowsWorld;
let n = 0;
beforeAll(async () => {
  w = await startFlowsWorld();
});
afterAll(async () => {
  await w.stop();
});

const actor: FlowActor = { kind: 'agent', id: 'agent-lyon', organisationSiret: LYON.siret };
const asLyon = { subscriberSiret: LYON.siret, actor };
const DAY = 86_400_000;

async function deposit(content: Buffer) {
  return depositDossier(w.ctx, {
    depositor: FRONT_OFFICE,
    idempotencyKey: `r-${++n}`,
    input: {
      procedureCode: 'aide-restauration-scolaire',
      communeCode: '69123',
      applicant: { kind: 'person', pivot: CLAIRE },
      form: restaurationForm,
    },
    attachments: [file('avis.pdf', content)],
  });
}

describe("retention: payload and attachments purged after acknowledgement plus the procedure's retention (365 days)", () => {
  test('purges only acknowledged dossiers past retention; a blob shared with a live dossier stays until that one goes too', async () => {
    const shared = pdf(30_000, 0x53);
    const a = await deposit(shared);
    const b = await deposit(shared);
    const unacked = await deposit(pdf(20_000, 0x55));
    await fetchDossier(w.ctx, { ...asLyon, dossierId: a.dossierId });
    await ackDossier(w.ctx, { ...asLyon, dossierId: a.dossierId });
    await postStatus(w.ctx, { ...asLyon, dossierId: a.dossierId, status: 'accepted', message: 'Accordé.' });

    w.clock.advance(364 * DAY);
    expect(await purgeExpiredDossiers(w.ctx)).toEqual({ dossiers: 0, blobsDeleted: 0 });

    w.clock.advance(2 * DAY);
    expect(await purgeExpiredDossiers(w.ctx)).toEqual({ dossiers: 1, blobsDeleted: 0 });
    const purged = await fetchDossier(w.ctx, { ...asLyon, dossierId: a.dossierId });
    expect(purged).toMatchObject({ form: null, applicant: null });
    expect(purged.attachments[0]!.purged).toBe(true);
    await expect(openAttachment(w.ctx, { ...asLyon, dossierId: a.dossierId, n: 1 })).rejects.toMatchObject({ code: 'client.not_found' });
    // b still references the same content.
    const hb = await openAttachment(w.ctx, { ...asLyon, dossierId: b.dossierId, n: 1 });
    hb.stream.destroy();
    // The metadata and the statuses stay: the person still sees the démarche.
    expect((await listMyDossiers(w.ctx, [refOf(CLAIRE)])).find((d) => d.id === a.dossierId)).toMatchObject({ status: 'accepted' });
    const { rows } = await w.pool.query(
      `SELECT detail FROM ledger_events WHERE detail->>'dossierId' = $1 AND detail->>'action' = 'purged'`,
      [a.dossierId],
    );
    expect(rows).toHaveLength(1);

    await fetchDossier(w.ctx, { ...asLyon, dossierId: b.dossierId });
    await ackDossier(w.ctx, { ...asLyon, dossierId: b.dossierId });
    w.clock.advance(366 * DAY);
    const before = (await footprint(w)).blobs.length;
    expect(await purgeExpiredDossiers(w.ctx)).toEqual({ dossiers: 1, blobsDeleted: 1 });
    expect((await footprint(w)).blobs.length).toBe(before - 1);
    // Never acknowledged: never purged.
    const { rows: live } = await w.pool.query('SELECT purged_at, form_sealed IS NOT NULL AS sealed FROM flow_dossiers WHERE id = $1', [
      unacked.dossierId,
    ]);
    expect(live[0]).toEqual({ purged_at: null, sealed: true });
    expect(await purgeExpiredDossiers(w.ctx)).toEqual({ dossiers: 0, blobsDeleted: 0 });
  });

  test('the orphan sweep never removes a referenced blob, however old', async () => {
    const d = await deposit(pdf(12_000, 0x57));
    w.clock.advance(1000 * DAY);
    const report = await sweepOrphanBlobs({ ...w.ctx, clock: { now: () => new Date(Date.now() + 1000 * DAY) } });
    expect(report.deleted).toEqual([]);
    const a = await openAttachment(w.ctx, { ...asLyon, dossierId: d.dossierId, n: 1 });
    a.stream.destroy();
  });

  test('a purge whose ledger event cannot be written purges nothing', async () => {
    const d = await deposit(pdf(9_000, 0x58));
    await fetchDossier(w.ctx, { ...asLyon, dossierId: d.dossierId });
    await ackDossier(w.ctx, { ...asLyon, dossierId: d.dossierId });
    w.clock.advance(400 * DAY);
    const failing = {
      ...w.ctx,
      ledger: {
        append: async () => {
          throw new ProblemError('gateway.ledger_unavailable');
        },
      },
    };
    await expect(purgeExpiredDossiers(failing)).rejects.toMatchObject({ code: 'gateway.ledger_unavailable' });
    const { rows } = await w.pool.query('SELECT purged_at FROM flow_dossiers WHERE id = $1', [d.dossierId]);
    expect(rows[0].purged_at).toBeNull();
  });
});
