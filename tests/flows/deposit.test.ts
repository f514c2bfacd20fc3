import { Readable } from 'node:stream';
import { Zip, ZipDeflate, ZipPassThrough, zipSync, strToU8 } from 'fflate';
import { ProblemError } from '../../schemas/index.js';
import {
  decideSubscription,
  declareProcedure,
  depositDossier,
  fetchDossier,
  requestSubscription,
  type DepositInput,
} from '../../flows/index.js';
import {
  CLAIRE,
  FRONT_OFFICE,
  GIRONDE,
  LYON,
  OWNER,
  exe,
  file,
  footprint,
  pdf,
  refOf,
  restaurationForm,
  stagingFiles,
  startFlowsWorld,
  type FlowsWorld,
} from './world.js';

let w: FlowsWorld;
let n = 0;
beforeAll(async () => {
  w = await startFlowsWorld();
  await declareProcedure(w.ctx, {
    code: 'test-petit',
    title: 'Démarche de test aux petites pièces',
    ownerSiret: OWNER.siret,
    routingLevel: 'commune',
    dataElements: [],
    retentionDays: 1,
    attachments: { allowed: [{ mediaType: 'application/pdf', maxBytes: 100 * 1024 }], maxCount: 2 },
    formSchema: { type: 'object', additionalProperties: false, properties: { note: { type: 'string' } } },
  });
  const s = await requestSubscription(w.ctx, {
    procedureCode: 'test-petit',
    subscriberSiret: LYON.siret,
    subscriberName: LYON.name,
    territories: [{ level: 'commune', code: '69123' }],
    delivery: { mode: 'pull' },
  });
  await decideSubscription(w.ctx, { id: s.id, action: 'approve', actor: { kind: 'agent', id: 'a', organisationSiret: OWNER.siret } });
});
afterAll(async () => {
  await w.stop();
});

const key = () => `key-${++n}`;
const restauration = (communeCode: string, over: Partial<DepositInput> = {}): DepositInput => ({
  procedureCode: 'aide-restauration-scolaire',
  communeCode,
  applicant: { kind: 'person', pivot: CLAIRE },
  form: restaurationForm,
  ...over,
});

async function refused(p: Promise<unknown>): Promise<{ code: string; status: number; errors?: { pointer: string; detail: string }[] }> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ProblemError) return { code: err.code, status: err.status, errors: err.errors };
    throw err;
  }
  throw new Error('expected a refusal');
}

/** Streams zeros deflated into a zip, chunk by chunk (never the whole content in memory). */
function zipOfZeros(bytes: number): Buffer {
  const parts: Uint8Array[] = [];
  const zip = new Zip((_err, data) => {
    parts.push(data);
  });
  const entry = new ZipDeflate('zeros.txt', { level: 6 });
  zip.add(entry);
  const chunk = new Uint8Array(1 << 20);
  for (let i = 0; i < bytes / chunk.length; i++) entry.push(chunk, false);
  entry.push(new Uint8Array(0), true);
  zip.end();
  return Buffer.concat(parts);
}

describe('routing picks the most specific active subscription', () => {
  test('a commune with its own subscriber: the commune', async () => {
    const r = await depositDossier(w.ctx, {
      depositor: FRONT_OFFICE,
      idempotencyKey: key(),
      input: restauration('69123'),
      attachments: [file('justificatif.pdf', pdf())],
    });
    expect(r).toMatchObject({ subscriberSiret: LYON.siret, replayed: false });
  });

  test('a municipal arrondissement (Lyon 1er) goes to its commune', async () => {
    const r = await depositDossier(w.ctx, { depositor: FRONT_OFFICE, idempotencyKey: key(), input: restauration('69381') });
    expect(r.subscriberSiret).toBe(LYON.siret);
  });

  test('a commune without its own subscriber: the département-level one', async () => {
    const r = await depositDossier(w.ctx, { depositor: FRONT_OFFICE, idempotencyKey: key(), input: restauration('33063') });
    expect(r).toMatchObject({ subscriberSiret: GIRONDE.siret, subscriberName: GIRONDE.name });
  });

  test('once a commune subscribes, it wins over its département; its neighbours stay with the département', async () => {
    const s = await requestSubscription(w.ctx, {
      procedureCode: 'aide-restauration-scolaire',
      subscriberSiret: '21330063500017',
      subscriberName: 'CCAS de Bordeaux',
      territories: [{ level: 'commune', code: '33063' }],
      delivery: { mode: 'pull' },
    });
    const before = await depositDossier(w.ctx, { depositor: FRONT_OFFICE, idempotencyKey: key(), input: restauration('33063') });
    expect(before.subscriberSiret).toBe(GIRONDE.siret);
    await decideSubscription(w.ctx, { id: s.id, action: 'approve', actor: { kind: 'agent', id: 'a', organisationSiret: OWNER.siret } });
    expect(
      (await depositDossier(w.ctx, { depositor: FRONT_OFFICE, idempotencyKey: key(), input: restauration('33063') })).subscriberSiret,
    ).toBe('21330063500017');
    expect(
      (await depositDossier(w.ctx, { depositor: FRONT_OFFICE, idempotencyKey: key(), input: restauration('33281') })).subscriberSiret,
    ).toBe(GIRONDE.siret);
  });

  test('only the owner approves; an overlapping approval is a conflict', async () => {
    const s = await requestSubscription(w.ctx, {
      procedureCode: 'aide-restauration-scolaire',
      subscriberSiret: '21690266800013',
      subscriberName: 'Autre',
      territories: [{ level: 'commune', code: '69123' }],
      delivery: { mode: 'pull' },
    });
    expect(
      (
        await refused(
          decideSubscription(w.ctx, { id: s.id, action: 'approve', actor: { kind: 'agent', id: 'x', organisationSiret: LYON.siret } }),
        )
      ).code,
    ).toBe('client.forbidden');
    expect(
      (
        await refused(
          decideSubscription(w.ctx, { id: s.id, action: 'approve', actor: { kind: 'agent', id: 'a', organisationSiret: OWNER.siret } }),
        )
      ).code,
    ).toBe('client.conflict');
  });
});

describe('refused deposits store nothing', () => {
  async function expectNothingStored(run: () => Promise<unknown>, code: string, status: number) {
    const before = await footprint(w);
    const err = await refused(run());
    expect([err.code, err.status]).toEqual([code, status]);
    expect(await footprint(w)).toEqual(before);
    expect(stagingFiles(w)).toEqual([]);
    return err;
  }

  test('no competent administration (a commune nobody covers)', async () => {
    await expectNothingStored(
      () =>
        depositDossier(w.ctx, {
          depositor: FRONT_OFFICE,
          idempotencyKey: key(),
          input: restauration('75056'),
          attachments: [file('a.pdf', pdf())],
        }),
      'client.no_competent_administration',
      422,
    );
  });

  test('unknown commune', async () => {
    await expectNothingStored(
      () => depositDossier(w.ctx, { depositor: FRONT_OFFICE, idempotencyKey: key(), input: restauration('99999') }),
      'client.unknown_commune',
      422,
    );
  });

  test('schema-invalid form: every violation, in French, with its pointer', async () => {
    const err = await expectNothingStored(
      () =>
        depositDossier(w.ctx, {
          depositor: FRONT_OFFICE,
          idempotencyKey: key(),
          input: restauration('69123', { form: { numeroAllocataire: '12', enfants: [], extra: 1 } }),
        }),
      'client.validation_failed',
      422,
    );
    const pointers = err.errors!.map((e) => e.pointer).sort();
    expect(pointers).toEqual(['/form/enfants', '/form/extra', '/form/numeroAllocataire']);
    expect(err.errors!.find((e) => e.pointer === '/form/enfants')!.detail).toBe('ne doit pas contenir moins de 1 élément');
  });

  test('an executable renamed .pdf', async () => {
    await expectNothingStored(
      () =>
        depositDossier(w.ctx, {
          depositor: FRONT_OFFICE,
          idempotencyKey: key(),
          input: restauration('69123'),
          attachments: [file('attestation.pdf', exe())],
        }),
      'client.unsupported_media_type',
      415,
    );
  });

  test('an attachment over its size limit (refused while streaming)', async () => {
    await expectNothingStored(
      () =>
        depositDossier(w.ctx, {
          depositor: FRONT_OFFICE,
          idempotencyKey: key(),
          input: { procedureCode: 'test-petit', communeCode: '69123', applicant: { kind: 'person', pivot: CLAIRE }, form: {} },
          attachments: [file('petit.pdf', pdf(10 * 1024)), file('gros.pdf', pdf(100 * 1024 + 1))],
        }),
      'client.payload_too_large',
      413,
    );
  });

  test('a zip bomb (40 MiB of zeros in a few dozen KiB)', async () => {
    const bomb = zipOfZeros(40 * 1024 * 1024);
    expect(bomb.length).toBeLessThan(200 * 1024);
    await expectNothingStored(
      () =>
        depositDossier(w.ctx, {
          depositor: FRONT_OFFICE,
          idempotencyKey: key(),
          input: restauration('69123'),
          attachments: [file('pieces.zip', bomb)],
        }),
      'client.archive_rejected',
      422,
    );
  });

  test('too many attachments', async () => {
    await expectNothingStored(
      () =>
        depositDossier(w.ctx, {
          depositor: FRONT_OFFICE,
          idempotencyKey: key(),
          input: { procedureCode: 'test-petit', communeCode: '69123', applicant: { kind: 'person', pivot: CLAIRE }, form: {} },
          attachments: [file('1.pdf', pdf()), file('2.pdf', pdf(3000)), file('3.pdf', pdf(4000))],
        }),
      'client.validation_failed',
      422,
    );
  });

  test('a replayed Idempotency-Key with another form, or another attachment', async () => {
    const k = key();
    await depositDossier(w.ctx, {
      depositor: FRONT_OFFICE,
      idempotencyKey: k,
      input: restauration('69123'),
      attachments: [file('a.pdf', pdf(5000))],
    });
    await expectNothingStored(
      () =>
        depositDossier(w.ctx, {
          depositor: FRONT_OFFICE,
          idempotencyKey: k,
          input: restauration('69123', { form: { ...restaurationForm, numeroAllocataire: '7654321' } }),
          attachments: [file('a.pdf', pdf(5000))],
        }),
      'client.idempotency_conflict',
      409,
    );
    await expectNothingStored(
      () =>
        depositDossier(w.ctx, {
          depositor: FRONT_OFFICE,
          idempotencyKey: k,
          input: restauration('69123'),
          attachments: [file('a.pdf', pdf(5000, 0x21))],
        }),
      'client.idempotency_conflict',
      409,
    );
  });

  test('a missing Idempotency-Key', async () => {
    await expectNothingStored(
      () => depositDossier(w.ctx, { depositor: FRONT_OFFICE, idempotencyKey: '', input: restauration('69123') }),
      'client.invalid_request',
      400,
    );
  });
});

describe('Idempotency-Key', () => {
  test('same key, same content: the same dossier, stored once, recorded once', async () => {
    const k = key();
    const first = await depositDossier(w.ctx, {
      depositor: FRONT_OFFICE,
      idempotencyKey: k,
      input: restauration('69123'),
      attachments: [file('a.pdf', pdf(6000))],
    });
    const before = await footprint(w);
    const again = await depositDossier(w.ctx, {
      depositor: FRONT_OFFICE,
      idempotencyKey: k,
      input: restauration('69123'),
      attachments: [file('a.pdf', pdf(6000))],
    });
    expect(again).toMatchObject({ dossierId: first.dossierId, replayed: true, subscriberSiret: LYON.siret });
    expect(await footprint(w)).toEqual(before);
  });

  test('the same key from another front office is another dossier', async () => {
    const k = key();
    const a = await depositDossier(w.ctx, { depositor: FRONT_OFFICE, idempotencyKey: k, input: restauration('69123') });
    const b = await depositDossier(w.ctx, { depositor: { clientId: 'autre-guichet' }, idempotencyKey: k, input: restauration('69123') });
    expect(a.dossierId).not.toBe(b.dossierId);
  });

  test('concurrent deposits with one key make one dossier', async () => {
    const k = key();
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        depositDossier(w.ctx, {
          depositor: FRONT_OFFICE,
          idempotencyKey: k,
          input: restauration('69123'),
          attachments: [file('a.pdf', pdf(7000))],
        }),
      ),
    );
    expect(new Set(results.map((r) => r.dossierId)).size).toBe(1);
    const { rows } = await w.pool.query('SELECT id FROM flow_dossiers WHERE idempotency_key = $1', [k]);
    expect(rows).toHaveLength(1);
  });
});

describe('what a dossier keeps', () => {
  test('the form sealed at rest, digests in the ledger, a safe file name, the sniffed type', async () => {
    const archive = Buffer.from(zipSync({ 'bulletin.txt': strToU8('quotient familial 2026') }));
    const r = await depositDossier(w.ctx, {
      depositor: FRONT_OFFICE,
      idempotencyKey: key(),
      input: restauration('69123'),
      attachments: [file('../../etc/avis imposition.exe', pdf(3000)), file('pieces.zip', archive), file('..', Readable.from([pdf(1000)]))],
    });
    const { rows } = await w.pool.query('SELECT form_sealed, subject_ref FROM flow_dossiers WHERE id = $1', [r.dossierId]);
    expect(rows[0].form_sealed).toMatch(/^v1\./);
    expect(rows[0].form_sealed).not.toContain('Léa');
    expect(rows[0].subject_ref).toBe(refOf(CLAIRE));
    const d = await fetchDossier(w.ctx, {
      subscriberSiret: LYON.siret,
      dossierId: r.dossierId,
      actor: { kind: 'agent', id: 'agent-lyon', organisationSiret: LYON.siret },
    });
    expect(d.form).toEqual(restaurationForm);
    expect(d.applicant).toEqual({ kind: 'person', pivot: CLAIRE });
    expect(d.attachments.map((a) => [a.filename, a.mediaType])).toEqual([
      ['avis imposition.pdf', 'application/pdf'],
      ['pieces.zip', 'application/zip'],
      ['piece-jointe-3.pdf', 'application/pdf'],
    ]);
    const { rows: events } = await w.pool.query(
      `SELECT detail, body_sha256, recipient, subject_ref FROM ledger_events WHERE type = 'dossier.event' AND detail->>'dossierId' = $1 ORDER BY seq`,
      [r.dossierId],
    );
    expect(events.map((e) => e.detail.action)).toEqual(expect.arrayContaining(['deposited', 'routed', 'delivered']));
    const text = JSON.stringify(events);
    expect(text).not.toMatch(/Léa|Martin|1234567|Jean Macé/);
    expect(events.find((e) => e.detail.action === 'deposited')).toMatchObject({ recipient: LYON.siret, subject_ref: refOf(CLAIRE) });
  });
});

describe('zip containers other than .zip', () => {
  test('an office document (ODT) hiding a bomb is refused although the procedure declares no archive rules', async () => {
    await declareProcedure(w.ctx, {
      code: 'test-odt',
      title: 'Démarche acceptant des documents ODT',
      ownerSiret: OWNER.siret,
      routingLevel: 'commune',
      dataElements: [],
      retentionDays: 1,
      attachments: { allowed: [{ mediaType: 'application/vnd.oasis.opendocument.text', maxBytes: 1024 * 1024 }], maxCount: 1 },
      formSchema: { type: 'object' },
    });
    const s = await requestSubscription(w.ctx, {
      procedureCode: 'test-odt',
      subscriberSiret: LYON.siret,
      subscriberName: LYON.name,
      territories: [{ level: 'commune', code: '69123' }],
      delivery: { mode: 'pull' },
    });
    await decideSubscription(w.ctx, { id: s.id, action: 'approve', actor: { kind: 'agent', id: 'a', organisationSiret: OWNER.siret } });
    const parts: Uint8Array[] = [];
    const zip = new Zip((_err, data) => {
      parts.push(data);
    });
    const mimetype = new ZipPassThrough('mimetype');
    zip.add(mimetype);
    mimetype.push(strToU8('application/vnd.oasis.opendocument.text'), true);
    const content = new ZipDeflate('content.xml', { level: 6 });
    zip.add(content);
    for (let i = 0; i < 20; i++) content.push(new Uint8Array(1 << 20), false);
    content.push(new Uint8Array(0), true);
    zip.end();
    const odt = Buffer.concat(parts);
    const before = await footprint(w);
    await expect(
      depositDossier(w.ctx, {
        depositor: FRONT_OFFICE,
        idempotencyKey: key(),
        input: { procedureCode: 'test-odt', communeCode: '69123', applicant: { kind: 'person', pivot: CLAIRE }, form: {} },
        attachments: [file('lettre.odt', odt)],
      }),
    ).rejects.toMatchObject({ code: 'client.archive_rejected' });
    expect(await footprint(w)).toEqual(before);
  });

  test('compressed formats that are not inflated on the way in cannot be allowed', async () => {
    await expect(
      declareProcedure(w.ctx, {
        code: 'test-gzip',
        title: 'x',
        ownerSiret: OWNER.siret,
        routingLevel: 'commune',
        dataElements: [],
        retentionDays: 1,
        attachments: { allowed: [{ mediaType: 'application/gzip', maxBytes: 1000 }], maxCount: 1 },
        formSchema: { type: 'object' },
      }),
    ).rejects.toMatchObject({ code: 'client.validation_failed' });
  });
});
