/**
 * One journey through the domain, as the gateway will drive it: a front office deposits two
 * dossiers with attachments (one for a commune with its own subscriber, one for a commune its
 * département covers), each subscriber finds its own in its inbox, downloads the attachment
 * (digest checked against the ETag), acknowledges, posts statuses; the front office reads them
 * by cursor and the person sees both démarches with their statuses.
 */
import { createHash } from 'node:crypto';
import {
  ackDossier,
  depositDossier,
  fetchDossier,
  listInbox,
  listMyDossiers,
  listStatusesForFrontOffice,
  openAttachment,
  postStatus,
} from '../../flows/index.js';
import { CLAIRE, FRONT_OFFICE, GIRONDE, LYON, file, pdf, refOf, restaurationForm, startFlowsWorld, type FlowsWorld } from './world.js';

let w: FlowsWorld;
beforeAll(async () => {
  w = await startFlowsWorld();
});
afterAll(async () => {
  await w.stop();
});

test('deposit → routed → inbox → download → ack → statuses → front office → Mes démarches', async () => {
  const cursor0 = (await listStatusesForFrontOffice(w.ctx, { clientId: FRONT_OFFICE.clientId })).cursor;
  const files = { lyon: pdf(120_000, 0x61), bordeaux: pdf(80_000, 0x62) };
  const deposit = (key: string, communeCode: string, content: Buffer) => {
    w.clock.advance(1000);
    return depositDossier(w.ctx, {
      depositor: FRONT_OFFICE,
      idempotencyKey: key,
      attachments: [file('avis.pdf', content)],
      input: {
        procedureCode: 'aide-restauration-scolaire',
        communeCode,
        applicant: { kind: 'person', pivot: CLAIRE },
        form: restaurationForm,
      },
    });
  };
  // Lyon 5e (a municipal arrondissement) and Bordeaux (no subscriber of its own: the Gironde).
  const deposits = { lyon: await deposit('j-lyon', '69385', files.lyon), bordeaux: await deposit('j-bdx', '33063', files.bordeaux) };
  expect([deposits.lyon.subscriberSiret, deposits.bordeaux.subscriberSiret]).toEqual([LYON.siret, GIRONDE.siret]);

  for (const [who, siret] of [
    ['lyon', LYON.siret],
    ['bordeaux', GIRONDE.siret],
  ] as const) {
    const actor = { kind: 'agent' as const, id: `agent-${who}`, organisationSiret: siret };
    const inbox = await listInbox(w.ctx, { subscriberSiret: siret });
    expect(inbox.items.map((d) => d.id)).toEqual([deposits[who].dossierId]);
    const dossier = await fetchDossier(w.ctx, { subscriberSiret: siret, dossierId: deposits[who].dossierId, actor });
    expect(dossier.form).toEqual(restaurationForm);
    const download = await openAttachment(w.ctx, { subscriberSiret: siret, dossierId: dossier.id, n: 1, actor });
    const h = createHash('sha256');
    for await (const c of download.stream) h.update(c as Buffer);
    expect(`"${h.digest('hex')}"`).toBe(download.etag);
    expect(download.etag).toBe(`"${createHash('sha256').update(files[who]).digest('hex')}"`);
    await ackDossier(w.ctx, { subscriberSiret: siret, dossierId: dossier.id, actor });
    expect((await listInbox(w.ctx, { subscriberSiret: siret })).items).toEqual([]);
    await postStatus(w.ctx, { subscriberSiret: siret, dossierId: dossier.id, status: 'received', actor });
    await postStatus(w.ctx, { subscriberSiret: siret, dossierId: dossier.id, status: 'accepted', message: `Accordé par ${who}.`, actor });
  }

  const statuses = await listStatusesForFrontOffice(w.ctx, { clientId: FRONT_OFFICE.clientId, since: cursor0 });
  expect(statuses.items.map((s) => [s.dossierId, s.status])).toEqual([
    [deposits.lyon.dossierId, 'received'],
    [deposits.lyon.dossierId, 'accepted'],
    [deposits.bordeaux.dossierId, 'received'],
    [deposits.bordeaux.dossierId, 'accepted'],
  ]);
  const mine = await listMyDossiers(w.ctx, [refOf(CLAIRE)]);
  expect(mine.map((d) => [d.id, d.administration.name, d.status, d.statuses.at(-1)?.message])).toEqual([
    [deposits.bordeaux.dossierId, GIRONDE.name, 'accepted', 'Accordé par bordeaux.'],
    [deposits.lyon.dossierId, LYON.name, 'accepted', 'Accordé par lyon.'],
  ]);
});
