/**
 * Reports that reach the auditors: confirmed before filing, the message sealed at rest and
 * never in the ledger (the event carries its SHA-256), read by the auditors of the case, and
 * the auditor's conclusion for the citizen shown to them with the case's status.
 */
import { createHash, randomUUID } from 'node:crypto';
import { changeCaseStatus, getCase, openCase } from '../../audit/index.js';
import {
  fileReport,
  linkReportToCase,
  listMyReportViews,
  readCaseReports,
  replyToReport,
  reportExchange,
  sealClearReportMessages,
  type CaseStatusOf,
} from '../../consent/index.js';
import { CNAF_API, LYON, PIVOT_A, PIVOT_B, startDomainWorld, type DomainWorld } from './domain-world.js';

let w: DomainWorld;
let A: string;
let B: string;
const MESSAGE = 'Je ne connais pas la Ville de Lyon, je n’habite pas là-bas : pourquoi ont-ils consulté mon quotient familial ?';
const caseStatusOf =
  (wd: DomainWorld): CaseStatusOf =>
  (id) =>
    getCase(wd.db.pool, id).then(
      (c) => c.status,
      () => null,
    );

beforeAll(async () => {
  w = await startDomainWorld({ catalog: false });
  A = w.refOf(PIVOT_A);
  B = w.refOf(PIVOT_B);
});
afterAll(async () => {
  await w.stop();
});

const exchange = () => ({ id: randomUUID(), subjectRef: A, subjectKind: 'person' as const, consumerSiret: LYON, apiSlug: CNAF_API });

test('without the confirmation step nothing is filed', async () => {
  await expect(
    fileReport(w.ctx, { event: exchange(), message: MESSAGE, confirmed: undefined, actor: { kind: 'citizen', id: A } }),
  ).rejects.toMatchObject({ code: 'client.validation_failed', errors: [{ pointer: '/confirmed' }] });
  expect((await w.db.pool.query('SELECT count(*)::int AS n FROM citizen_reports')).rows[0].n).toBe(0);
  expect(await w.ledger()).toHaveLength(0);
});

test('the message is sealed at rest, its digest alone in the ledger; auditors read it, the citizen reads the status and the conclusion written for them', async () => {
  const ev = exchange();
  const filed = await fileReport(w.ctx, { event: ev, message: MESSAGE, confirmed: true, actor: { kind: 'citizen', id: A } });
  expect(filed).toMatchObject({ created: true, report: { message: MESSAGE } });
  expect(await fileReport(w.ctx, { event: ev, message: 'autre chose', confirmed: true, actor: { kind: 'citizen', id: A } })).toMatchObject({
    created: false,
    report: { id: filed.report.id, message: MESSAGE },
  });

  // At rest: no clear text, a digest, a confirmation time.
  const {
    rows: [row],
  } = await w.db.pool.query('SELECT * FROM citizen_reports WHERE id = $1', [filed.report.id]);
  const digest = createHash('sha256').update(MESSAGE).digest('hex');
  expect(row).toMatchObject({ message: null, message_sha256: digest });
  expect(row.confirmed_at).toBeInstanceOf(Date);
  expect(row.message_sealed).toMatch(/^v1\./);
  expect(JSON.stringify(row)).not.toContain('quotient');
  // Sealed to its row: the same ciphertext under another report id does not open.
  expect(() => w.ctx.sealer.open(`report:${randomUUID()}`, row.message_sealed)).toThrow();

  // In the ledger: the digest, never the message.
  const ledger = await w.ledger();
  expect(ledger).toHaveLength(1);
  expect(ledger[0]).toMatchObject({
    type: 'citizen.report',
    subject_ref: A,
    detail: { caseId: filed.report.id, exchangeId: ev.id, messageSha256: digest },
  });
  expect(JSON.stringify(ledger)).not.toContain('quotient familial');

  // The citizen: pending until the case exists.
  expect((await listMyReportViews(w.ctx, [A], caseStatusOf(w)))[0]).toMatchObject({
    id: filed.report.id,
    status: 'pending',
    reply: null,
    message: MESSAGE,
  });

  // The auditors' case (what the audit domain opens from the ledger event or at once).
  const opened = await openCase(
    w.db.pool,
    { kind: 'citizen_report', source: 'citizen', dedupKey: `exchange:${ev.id}`, evidence: [ev.id], summary: 'Signalement d’un usager.' },
    w.clock,
  );
  await linkReportToCase(w.ctx, filed.report.id, opened.case.id);
  const forAuditors = await readCaseReports(w.ctx, opened.case.id);
  expect(forAuditors).toEqual([
    expect.objectContaining({
      reportId: filed.report.id,
      eventId: ev.id,
      subjectRef: A,
      message: MESSAGE,
      messageSha256: digest,
      reply: null,
    }),
  ]);
  expect(await readCaseReports(w.ctx, randomUUID())).toEqual([]);
  expect((await listMyReportViews(w.ctx, [A], caseStatusOf(w)))[0]).toMatchObject({ status: 'open' });

  // The auditor concludes, and writes to the citizen.
  const auditor = { kind: 'auditor' as const, id: 'auditeur' };
  await changeCaseStatus(
    w.db.pool,
    { sub: 'auditeur' },
    opened.case.id,
    { status: 'closed', conclusion: 'Contrat de Lyon suspendu : appel sans dossier.' },
    w.clock,
  );
  const reply = 'Nous avons vérifié : la Ville de Lyon a consulté vos données par erreur. Son accès a été suspendu.';
  await expect(
    replyToReport(w.ctx, { auditCaseId: randomUUID(), reportId: filed.report.id, reply, author: auditor }),
  ).rejects.toMatchObject({ code: 'client.not_found' });
  expect(await replyToReport(w.ctx, { auditCaseId: opened.case.id, reportId: filed.report.id, reply, author: auditor })).toEqual({
    version: 1,
  });
  const mine = await listMyReportViews(w.ctx, [A], caseStatusOf(w));
  expect(mine).toEqual([expect.objectContaining({ status: 'closed', reply: { text: reply, at: expect.any(String) } })]);
  // The reply too is sealed, and only its digest is in the ledger.
  const {
    rows: [stored],
  } = await w.db.pool.query('SELECT reply_sealed, reply_sha256 FROM citizen_report_replies');
  expect(stored.reply_sealed).not.toContain('Lyon');
  const last = (await w.ledger()).at(-1)!;
  expect(last).toMatchObject({
    type: 'citizen.report',
    detail: { action: 'replied', version: 1, replySha256: createHash('sha256').update(reply).digest('hex') },
  });
  expect(last.detail).not.toHaveProperty('exchangeId');
  expect(JSON.stringify(await w.ledger())).not.toContain('par erreur');

  // Another person sees nothing of it.
  expect(await listMyReportViews(w.ctx, [B], caseStatusOf(w))).toEqual([]);
});

test('a message too long is refused with its pointer', async () => {
  await expect(
    fileReport(w.ctx, { event: exchange(), message: 'x'.repeat(2001), confirmed: true, actor: { kind: 'citizen', id: A } }),
  ).rejects.toMatchObject({ code: 'client.validation_failed', errors: [{ pointer: '/message' }] });
});

test('reports filed in clear by the earlier path are sealed in place, and still read the same', async () => {
  const ev = exchange();
  const old = await reportExchange(w.ctx, { event: ev, message: 'Message déposé avant le scellement', actor: { kind: 'citizen', id: A } });
  expect((await w.db.pool.query('SELECT message FROM citizen_reports WHERE id = $1', [old.report.id])).rows[0].message).toBe(
    'Message déposé avant le scellement',
  );
  expect(await sealClearReportMessages(w.ctx)).toBe(1);
  expect(await sealClearReportMessages(w.ctx)).toBe(0);
  const {
    rows: [row],
  } = await w.db.pool.query('SELECT message, message_sealed, message_sha256 FROM citizen_reports WHERE id = $1', [old.report.id]);
  expect(row).toMatchObject({
    message: null,
    message_sha256: createHash('sha256').update('Message déposé avant le scellement').digest('hex'),
  });
  expect(row.message_sealed).not.toContain('scellement');
  expect((await listMyReportViews(w.ctx, [A], caseStatusOf(w))).find((r) => r.id === old.report.id)).toMatchObject({
    message: 'Message déposé avant le scellement',
  });
});
