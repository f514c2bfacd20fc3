import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { ProblemError } from '../../schemas/index.js';
import {
  ackDossier,
  depositDossier,
  fetchDossier,
  listInbox,
  listMyDossiers,
  listStatusesForFrontOffice,
  openAttachment,
  postStatus,
  type FlowActor,
} from '../../flows/index.js';
import {
  CLAIRE,
  FRONT_OFFICE,
  GIRONDE,
  LYON,
  PAUL,
  file,
  pdf,
  refOf,
  restaurationForm,
  startFlowsWorld,
  type FlowsWorld,
} from './world.js';

let w: FlowsWorld;
let n = 0;
beforeAll(async () => {
  w = await startFlowsWorld({ visibilityTimeoutMs: 30_000 });
});
afterAll(async () => {
  await w.stop();
});

const lyonAgent: FlowActor = { kind: 'agent', id: 'agent-lyon', organisationSiret: LYON.siret };
const girondeAgent: FlowActor = { kind: 'agent', id: 'agent-gironde', organisationSiret: GIRONDE.siret };
const asLyon = { subscriberSiret: LYON.siret, actor: lyonAgent };
const asGironde = { subscriberSiret: GIRONDE.siret, actor: girondeAgent };

async function deposit(commune = '69123', pivot = CLAIRE, attachment = pdf(50_000)) {
  w.clock.advance(1000);
  return depositDossier(w.ctx, {
    depositor: FRONT_OFFICE,
    idempotencyKey: `d-${++n}`,
    input: {
      procedureCode: 'aide-restauration-scolaire',
      communeCode: commune,
      applicant: { kind: 'person', pivot },
      form: restaurationForm,
    },
    attachments: [file('justificatif.pdf', attachment)],
  });
}

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ProblemError) return err.code;
    throw err;
  }
  return 'ok';
}

async function drain(s: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

const inboxIds = async (siret: string) => (await listInbox(w.ctx, { subscriberSiret: siret, limit: 500 })).items.map((d) => d.id);

describe('pull delivery', () => {
  test("a deposited dossier is in its subscriber's inbox at once, and only there", async () => {
    const lyon = await deposit('69123');
    const bordeaux = await deposit('33063', PAUL);
    expect(await inboxIds(LYON.siret)).toContain(lyon.dossierId);
    expect(await inboxIds(LYON.siret)).not.toContain(bordeaux.dossierId);
    expect(await inboxIds(GIRONDE.siret)).toEqual([bordeaux.dossierId]);
  });

  test('isolation: another subscriber can neither fetch, download, acknowledge nor post a status', async () => {
    const d = await deposit();
    expect(await code(fetchDossier(w.ctx, { ...asGironde, dossierId: d.dossierId }))).toBe('client.not_found');
    expect(await code(openAttachment(w.ctx, { ...asGironde, dossierId: d.dossierId, n: 1 }))).toBe('client.not_found');
    expect(await code(ackDossier(w.ctx, { ...asGironde, dossierId: d.dossierId }))).toBe('client.not_found');
    expect(await code(postStatus(w.ctx, { ...asGironde, dossierId: d.dossierId, status: 'received' }))).toBe('client.not_found');
    expect(await code(fetchDossier(w.ctx, { ...asGironde, dossierId: 'not-a-uuid' }))).toBe('client.not_found');
    // Nothing of it happened: still undelivered, no status.
    const { rows } = await w.pool.query('SELECT delivery_count, acked_at, current_status FROM flow_dossiers WHERE id = $1', [d.dossierId]);
    expect(rows[0]).toEqual({ delivery_count: 0, acked_at: null, current_status: null });
  });

  test('fetched but not acknowledged: out of the inbox until the visibility timeout, then back', async () => {
    const d = await deposit();
    const first = await fetchDossier(w.ctx, { ...asLyon, dossierId: d.dossierId });
    expect(first).toMatchObject({ id: d.dossierId, deliveryCount: 1, form: restaurationForm });
    expect(await inboxIds(LYON.siret)).not.toContain(d.dossierId);
    w.clock.advance(29_000);
    expect(await inboxIds(LYON.siret)).not.toContain(d.dossierId);
    w.clock.advance(2_000);
    expect(await inboxIds(LYON.siret)).toContain(d.dossierId);
    expect((await fetchDossier(w.ctx, { ...asLyon, dossierId: d.dossierId })).deliveryCount).toBe(2);
  });

  test('acknowledged is final: never back in the inbox; acknowledging twice is harmless; never before a fetch', async () => {
    const d = await deposit();
    expect(await code(ackDossier(w.ctx, { ...asLyon, dossierId: d.dossierId }))).toBe('client.invalid_transition');
    await fetchDossier(w.ctx, { ...asLyon, dossierId: d.dossierId });
    const ack = await ackDossier(w.ctx, { ...asLyon, dossierId: d.dossierId });
    w.clock.advance(3600_000);
    expect(await inboxIds(LYON.siret)).not.toContain(d.dossierId);
    expect(await ackDossier(w.ctx, { ...asLyon, dossierId: d.dossierId })).toEqual(ack);
    const { rows } = await w.pool.query(
      `SELECT count(*)::int AS n FROM ledger_events WHERE detail->>'dossierId' = $1 AND detail->>'action' = 'acknowledged'`,
      [d.dossierId],
    );
    expect(rows[0].n).toBe(1);
  });

  test('the inbox pages by cursor', async () => {
    for (let i = 0; i < 3; i++) await deposit('33281', PAUL);
    const first = await listInbox(w.ctx, { subscriberSiret: GIRONDE.siret, limit: 2 });
    expect(first.items).toHaveLength(2);
    const next = await listInbox(w.ctx, { subscriberSiret: GIRONDE.siret, limit: 2, cursor: first.nextCursor });
    expect(next.items.map((d) => d.id)).not.toContain(first.items[0]!.id);
    expect(first.items.length + next.items.length).toBe((await inboxIds(GIRONDE.siret)).length);
    expect(await code(listInbox(w.ctx, { subscriberSiret: GIRONDE.siret, cursor: "1' OR 1=1" }))).toBe('client.invalid_parameter');
  });

  test('attachments stream with the SHA-256 as ETag, and by range', async () => {
    const content = pdf(300_000, 0x41);
    const d = await deposit('69123', CLAIRE, content);
    const dossier = await fetchDossier(w.ctx, { ...asLyon, dossierId: d.dossierId });
    const sha = createHash('sha256').update(content).digest('hex');
    expect(dossier.attachments).toEqual([
      { n: 1, filename: 'justificatif.pdf', mediaType: 'application/pdf', size: 300_000, sha256: sha, purged: false },
    ]);
    const whole = await openAttachment(w.ctx, { ...asLyon, dossierId: d.dossierId, n: 1 });
    expect(whole.etag).toBe(`"${sha}"`);
    expect(
      createHash('sha256')
        .update(await drain(whole.stream))
        .digest('hex'),
    ).toBe(sha);
    const part = await openAttachment(w.ctx, { ...asLyon, dossierId: d.dossierId, n: 1, range: 'bytes=100-199' });
    expect(part.range).toEqual({ start: 100, end: 199 });
    expect((await drain(part.stream)).equals(content.subarray(100, 200))).toBe(true);
    const tail = await openAttachment(w.ctx, { ...asLyon, dossierId: d.dossierId, n: 1, range: 'bytes=-10' });
    expect((await drain(tail.stream)).equals(content.subarray(-10))).toBe(true);
    expect(await code(openAttachment(w.ctx, { ...asLyon, dossierId: d.dossierId, n: 1, range: 'bytes=300000-' }))).toBe(
      'client.invalid_parameter',
    );
    expect(await code(openAttachment(w.ctx, { ...asLyon, dossierId: d.dossierId, n: 2 }))).toBe('client.not_found');
  });
});

describe('statuses back to the front office and the person', () => {
  test('the subscriber posts statuses; the front office reads its own since a cursor; the person sees them in "Mes démarches"', async () => {
    const d = await deposit('69123', CLAIRE);
    await fetchDossier(w.ctx, { ...asLyon, dossierId: d.dossierId });
    const start = (await listStatusesForFrontOffice(w.ctx, { clientId: FRONT_OFFICE.clientId })).cursor;
    await postStatus(w.ctx, { ...asLyon, dossierId: d.dossierId, status: 'received' });
    await postStatus(w.ctx, {
      ...asLyon,
      dossierId: d.dossierId,
      status: 'info_requested',
      message: 'Merci de joindre l’attestation de la CAF de 2026.',
    });
    await postStatus(w.ctx, { ...asLyon, dossierId: d.dossierId, status: 'accepted', message: 'Tarif réduit accordé.' });
    expect(await code(postStatus(w.ctx, { ...asLyon, dossierId: d.dossierId, status: 'in_progress' }))).toBe('client.invalid_transition');
    await postStatus(w.ctx, { ...asLyon, dossierId: d.dossierId, status: 'closed' });
    expect(await code(postStatus(w.ctx, { ...asLyon, dossierId: d.dossierId, status: 'received' }))).toBe('client.invalid_transition');

    const page = await listStatusesForFrontOffice(w.ctx, { clientId: FRONT_OFFICE.clientId, since: start });
    expect(page.items.filter((s) => s.dossierId === d.dossierId).map((s) => [s.status, s.message])).toEqual([
      ['received', null],
      ['info_requested', 'Merci de joindre l’attestation de la CAF de 2026.'],
      ['accepted', 'Tarif réduit accordé.'],
      ['closed', null],
    ]);
    expect((await listStatusesForFrontOffice(w.ctx, { clientId: FRONT_OFFICE.clientId, since: page.cursor })).items).toEqual([]);
    expect((await listStatusesForFrontOffice(w.ctx, { clientId: 'autre-guichet' })).items).toEqual([]);

    const mine = await listMyDossiers(w.ctx, [refOf(CLAIRE)]);
    const entry = mine.find((m) => m.id === d.dossierId)!;
    expect(entry).toMatchObject({
      procedureTitle: 'Aide à la restauration scolaire',
      administration: { siret: LYON.siret, name: LYON.name },
      status: 'closed',
    });
    expect(entry.statuses.map((s) => s.status)).toEqual(['received', 'info_requested', 'accepted', 'closed']);
    expect((await listMyDossiers(w.ctx, [refOf(PAUL)])).map((m) => m.id)).not.toContain(d.dossierId);

    const { rows: notes } = await w.pool.query(
      'SELECT count(*)::int AS n FROM flow_person_notifications WHERE dossier_id = $1 AND subject_ref = $2',
      [d.dossierId, refOf(CLAIRE)],
    );
    expect(notes[0].n).toBe(4);
    const { rows: sealed } = await w.pool.query(
      'SELECT message_sealed FROM flow_statuses WHERE dossier_id = $1 AND message_sealed IS NOT NULL',
      [d.dossierId],
    );
    expect(sealed.map((r) => r.message_sealed).join()).not.toContain('CAF');
    const { rows: events } = await w.pool.query(
      `SELECT detail FROM ledger_events WHERE detail->>'dossierId' = $1 AND detail->>'action' = 'status' ORDER BY seq`,
      [d.dossierId],
    );
    expect(events.map((e) => e.detail.status)).toEqual(['received', 'info_requested', 'accepted', 'closed']);
    expect(JSON.stringify(events)).not.toContain('CAF');
    expect(events[1].detail.messageSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  test("every step of a dossier is in the ledger, for the person's trail (the administration that received it)", async () => {
    const d = await deposit('69123', CLAIRE);
    await fetchDossier(w.ctx, { ...asLyon, dossierId: d.dossierId });
    await openAttachment(w.ctx, { ...asLyon, dossierId: d.dossierId, n: 1 }).then((a) => drain(a.stream));
    await ackDossier(w.ctx, { ...asLyon, dossierId: d.dossierId });
    const { rows } = await w.pool.query(
      `SELECT detail->>'action' AS action, recipient, subject_ref FROM ledger_events WHERE detail->>'dossierId' = $1 ORDER BY seq`,
      [d.dossierId],
    );
    expect(rows.map((r) => r.action).sort()).toEqual(['acknowledged', 'attachment_delivered', 'delivered', 'deposited', 'routed']);
    expect(new Set(rows.map((r) => `${r.recipient}/${r.subject_ref}`))).toEqual(new Set([`${LYON.siret}/${refOf(CLAIRE)}`]));
  });

  test('no ledger, no delivery: a fetch whose event cannot be recorded hands nothing over and leases nothing', async () => {
    const d = await deposit();
    const failing = {
      ...w.ctx,
      ledger: {
        append: async () => {
          throw new ProblemError('gateway.ledger_unavailable');
        },
      },
    };
    expect(await code(fetchDossier(failing, { ...asLyon, dossierId: d.dossierId }))).toBe('gateway.ledger_unavailable');
    expect(await inboxIds(LYON.siret)).toContain(d.dossierId);
    const before = (await w.pool.query('SELECT count(*)::int AS n FROM flow_dossiers')).rows[0].n;
    expect(
      await code(
        depositDossier(failing, {
          depositor: FRONT_OFFICE,
          idempotencyKey: `d-${++n}`,
          input: {
            procedureCode: 'aide-restauration-scolaire',
            communeCode: '69123',
            applicant: { kind: 'person', pivot: CLAIRE },
            form: restaurationForm,
          },
        }),
      ),
    ).toBe('gateway.ledger_unavailable');
    expect((await w.pool.query('SELECT count(*)::int AS n FROM flow_dossiers')).rows[0].n).toBe(before);
  });
});
