import { depositDossier, fetchDossier, postStatus, relayPersonNotifications, type PersonNotification } from '../../flows/index.js';
import { CLAIRE, FRONT_OFFICE, LYON, refOf, restaurationForm, startFlowsWorld, type FlowsWorld } from './world.js';

let w: FlowsWorld;
beforeAll(async () => {
  w = await startFlowsWorld();
});
afterAll(async () => {
  await w.stop();
});

test('each status is handed to the notification relay once; a failing handler leaves it pending', async () => {
  const d = await depositDossier(w.ctx, {
    depositor: FRONT_OFFICE,
    idempotencyKey: 'n-1',
    input: {
      procedureCode: 'aide-restauration-scolaire',
      communeCode: '69123',
      applicant: { kind: 'person', pivot: CLAIRE },
      form: restaurationForm,
    },
  });
  const asLyon = { subscriberSiret: LYON.siret, actor: { kind: 'agent' as const, id: 'a', organisationSiret: LYON.siret } };
  await fetchDossier(w.ctx, { ...asLyon, dossierId: d.dossierId });
  await postStatus(w.ctx, { ...asLyon, dossierId: d.dossierId, status: 'received' });
  await postStatus(w.ctx, { ...asLyon, dossierId: d.dossierId, status: 'in_progress', message: 'Dossier en cours.' });

  await expect(
    relayPersonNotifications(w.ctx, async () => {
      throw new Error('outbox down');
    }),
  ).rejects.toThrow('outbox down');
  const handed: PersonNotification[] = [];
  expect(
    await relayPersonNotifications(w.ctx, async (_db, n) => {
      handed.push(n);
    }),
  ).toBe(2);
  expect(handed.map((n) => [n.subjectRef, n.dossierId, n.procedureCode, n.status])).toEqual([
    [refOf(CLAIRE), d.dossierId, 'aide-restauration-scolaire', 'received'],
    [refOf(CLAIRE), d.dossierId, 'aide-restauration-scolaire', 'in_progress'],
  ]);
  expect(
    await relayPersonNotifications(w.ctx, async (_db, n) => {
      handed.push(n);
    }),
  ).toBe(0);
  expect(handed).toHaveLength(2);
});
