/**
 * The citizen's dossier over REST (the /moi pages call the same services): rights by the
 * catalogue's policy of each API, objections (CRPA L114-8 II), reports with their confirmation
 * and the auditors' conclusion, notification choices, representatives (mandates, switching to
 * the represented person's dossier), "Mes données". The auditors read a case's reports and
 * answer the citizen; the operator declares mandates.
 *
 * Citizens reach only their own rows (or, in a switched session, those of the person they
 * represent: `subjectRefsOf`); another's id answers 404 as an unknown one would.
 */
import type { Request } from 'express';
import {
  answerMandate,
  declareMandate,
  listMyMandates,
  listMyObjections,
  listMyReportViews,
  listRepresentations,
  objectTo,
  readCaseReports,
  replyToReport,
  revokeMandate,
  switchRepresentation,
  withdrawObjection,
  type Mandate,
  type MandateDeclarer,
  type MandateKind,
} from '../../consent/index.js';
import { getNotificationPreferences, removeNotificationPreferences, setNotificationPreferences } from '../../notify/index.js';
import { ProblemError, subjectRef, type PersonPivot } from '../../schemas/index.js';
import { requireCsrf } from '../../identity/index.js';
import { problemResponse, type ParameterSpec, type RouteSpec } from '../http/route.js';
import type { Principal } from '../http/principal.js';
import { citizenActor, subjectRefsOf } from '../services/citizen/citizen.js';
import { setActingCookie } from '../services/citizen/acting.js';
import { fileMyReport, labelledValues, listMyRights } from '../services/citizen/dossier.js';
import type { CitizenDossierServices } from '../services/citizen/dossier-services.js';

const SECURITY = ['session', 'bearer'];
const AUTH = { '401': problemResponse('Non authentifié'), '403': problemResponse('Réservé aux particuliers') };
const ID = {
  name: 'id',
  in: 'path',
  required: true,
  schema: { type: 'string', format: 'uuid' },
  description: 'Identifiant',
} satisfies ParameterSpec;
const OBJ = (description: string) => ({ type: 'object', description });
const list = (description: string) => ({ type: 'object', properties: { items: { type: 'array', items: OBJ(description) } } });
const OBJECTION_BODY = {
  type: 'object',
  additionalProperties: false,
  required: ['target'],
  properties: {
    target: {
      type: 'object',
      required: ['kind'],
      properties: {
        kind: { enum: ['api', 'producer', 'consumer'] },
        apiSlug: { type: 'string' },
        producerSiret: { type: 'string' },
        consumerSiret: { type: 'string' },
      },
    },
    dataElements: { type: 'array', items: { type: 'string' }, maxItems: 100 },
  },
};
const REPORT_BODY = {
  type: 'object',
  additionalProperties: false,
  required: ['confirmed'],
  properties: {
    message: { type: 'string', maxLength: 2000 },
    confirmed: { const: true, description: 'La personne a relu et confirmé son signalement' },
  },
};
const PREFS_BODY = {
  type: 'object',
  additionalProperties: false,
  required: ['email'],
  properties: {
    email: { type: 'string', format: 'email' },
    digest: { enum: ['immediate', 'daily'] },
    kinds: {
      type: 'object',
      additionalProperties: false,
      properties: { data_obtained: { type: 'boolean' }, consent_request: { type: 'boolean' }, dossier_status: { type: 'boolean' } },
    },
  },
};
const PIVOT = {
  type: 'object',
  required: ['family_name', 'given_name', 'birthdate', 'gender', 'birthcountry'],
  properties: {
    family_name: { type: 'string' },
    given_name: { type: 'string' },
    birthdate: { type: 'string', format: 'date' },
    gender: { enum: ['male', 'female'] },
    birthplace: { type: 'string' },
    birthcountry: { type: 'string' },
  },
};
const MANDATE_BODY = {
  type: 'object',
  additionalProperties: false,
  required: ['representative', 'represented', 'kind', 'evidenceRef', 'validUntil'],
  properties: {
    representative: PIVOT,
    represented: PIVOT,
    kind: { enum: ['parent_of_minor', 'guardian', 'company_legal_representative'] },
    evidenceRef: { type: 'string', maxLength: 200 },
    validFrom: { type: 'string', format: 'date-time' },
    validUntil: { type: 'string', format: 'date-time' },
  },
};

function body(req: Request): Record<string, unknown> {
  const b = req.body as unknown;
  if (b === null || typeof b !== 'object' || Array.isArray(b))
    throw new ProblemError('client.validation_failed', { detail: 'Corps JSON attendu.' });
  return b as Record<string, unknown>;
}

/** The person whose dossier the request reads (themself, or whom they represent). */
export function dossierRef(p: Principal): string {
  return subjectRefsOf(p)[0]!;
}

function pivotRef(secret: string, v: unknown, pointer: string): string {
  try {
    if (v === null || typeof v !== 'object') throw new TypeError('not an object');
    return subjectRef(secret, { kind: 'person', pivot: v as PersonPivot });
  } catch {
    throw new ProblemError('client.validation_failed', {
      detail: 'Identité invalide.',
      errors: [{ pointer, detail: 'identité pivot invalide' }],
    });
  }
}

function date(v: unknown, pointer: string): Date | undefined {
  if (v === undefined) return undefined;
  const d = typeof v === 'string' ? new Date(v) : new Date(NaN);
  if (Number.isNaN(d.getTime()))
    throw new ProblemError('client.validation_failed', { detail: 'Date invalide.', errors: [{ pointer, detail: 'date-time attendue' }] });
  return d;
}

function citizen(spec: Omit<RouteSpec, 'tags' | 'security' | 'access'> & { responses: RouteSpec['responses'] }): RouteSpec {
  return {
    tags: ['citoyen'],
    security: SECURITY,
    access: 'citizen',
    ...spec,
    responses: { ...spec.responses, ...AUTH },
    before: spec.method === 'get' ? spec.before : [requireCsrf(), ...(spec.before ?? [])],
  };
}

export function citizenDossierRoutes(s: CitizenDossierServices): RouteSpec[] {
  const ctx = s.consent.ctx;
  /** A mandate of the body, declared by the operator or by a producer `s.mandateDeclarers` authorises. */
  const declareFrom = (req: Request, declarer: MandateDeclarer): Promise<Mandate> => {
    const b = body(req);
    return declareMandate(ctx, {
      declarer,
      authorisedProducerSirets: s.mandateDeclarers,
      representativeRef: pivotRef(s.subjectSecret, b.representative, '/representative'),
      representedRef: pivotRef(s.subjectSecret, b.represented, '/represented'),
      kind: b.kind as MandateKind,
      evidenceRef: String(b.evidenceRef ?? ''),
      validFrom: date(b.validFrom, '/validFrom'),
      validUntil: date(b.validUntil, '/validUntil') ?? new Date(NaN),
    });
  };
  return [
    citizen({
      method: 'get',
      path: '/v1/me/rights',
      operationId: 'listMyRights',
      summary: 'Ce que je peux faire pour chaque API qui me concerne (selon sa politique : base légale, consentement, opposition)',
      responses: {
        '200': { description: 'Une entrée par API', schema: list('API, politique, droits (consent, objection), opposition en vigueur') },
      },
      handler: async (req, res) => {
        res
          .set('Cache-Control', 'no-store')
          .json({ items: await listMyRights({ consent: ctx, labels: s.consent.labels }, subjectRefsOf(req.principal)) });
      },
    }),
    citizen({
      method: 'get',
      path: '/v1/me/objections',
      operationId: 'listMyObjections',
      summary: 'Mes oppositions (en vigueur et levées)',
      responses: { '200': { description: 'Les oppositions', schema: list('Une opposition (dernière version)') } },
      handler: async (req, res) => {
        res.set('Cache-Control', 'no-store').json({ items: await listMyObjections(ctx, subjectRefsOf(req.principal)) });
      },
    }),
    citizen({
      method: 'post',
      path: '/v1/me/objections',
      operationId: 'objectToExchanges',
      summary: 'M’opposer aux échanges proactifs d’une API, d’un producteur ou d’une administration (CRPA L114-8 II)',
      requestBody: { schema: OBJECTION_BODY, required: true },
      responses: {
        '201': { description: 'Opposition enregistrée', schema: OBJ('Opposition') },
        '200': { description: 'La même opposition était déjà en vigueur', schema: OBJ('Opposition') },
        '422': problemResponse('Cible invalide'),
      },
      handler: async (req, res) => {
        const b = body(req);
        const r = await objectTo(ctx, {
          subjectRef: dossierRef(req.principal!),
          target: b.target as never,
          dataElements: Array.isArray(b.dataElements) ? (b.dataElements as string[]) : [],
          actor: citizenActor(req.principal!),
        });
        res.status(r.created ? 201 : 200).json(r.objection);
      },
    }),
    citizen({
      method: 'post',
      path: '/v1/me/objections/{id}/withdraw',
      operationId: 'withdrawMyObjection',
      summary: 'Lever mon opposition',
      parameters: [ID],
      responses: {
        '200': { description: 'La nouvelle version (levée)', schema: OBJ('Opposition') },
        '404': problemResponse('Opposition introuvable'),
        '409': problemResponse('Déjà levée'),
      },
      handler: async (req, res) => {
        res.json(
          await withdrawObjection(ctx, {
            subjectRefs: subjectRefsOf(req.principal),
            objectionId: String(req.params.id),
            actor: citizenActor(req.principal!),
          }),
        );
      },
    }),
    citizen({
      method: 'post',
      path: '/v1/me/exchanges/{id}/reports',
      operationId: 'fileMyReport',
      parameters: [ID],
      summary: 'Signaler un accès suspect, après confirmation (le message, scellé, n’est lu que par les contrôleurs)',
      requestBody: { schema: REPORT_BODY, required: true },
      responses: {
        '201': { description: 'Signalement enregistré', schema: OBJ('Signalement : statut du cas, conclusion') },
        '200': { description: 'Déjà signalé', schema: OBJ('Signalement') },
        '404': problemResponse('Échange introuvable'),
        '422': problemResponse('Confirmation manquante ou message trop long'),
      },
      handler: async (req, res) => {
        const b = body(req);
        const r = await fileMyReport(s, {
          refs: subjectRefsOf(req.principal),
          exchangeId: String(req.params.id),
          message: b.message ?? '',
          confirmed: b.confirmed,
          actor: citizenActor(req.principal!),
        });
        res.status(r.created ? 201 : 200).json(r.report);
      },
    }),
    citizen({
      method: 'get',
      path: '/v1/me/report-views',
      operationId: 'listMyReportViews',
      summary: 'Mes signalements : statut du cas et conclusion du contrôleur',
      responses: { '200': { description: 'Les signalements', schema: list('Signalement') } },
      handler: async (req, res) => {
        res
          .set('Cache-Control', 'no-store')
          .json({ items: await listMyReportViews(s.reports, subjectRefsOf(req.principal), s.caseStatusOf) });
      },
    }),
    citizen({
      method: 'get',
      path: '/v1/me/notifications',
      operationId: 'getMyNotificationPreferences',
      summary: 'Mes choix de notification',
      responses: { '200': { description: 'Adresse, rythme, types choisis', schema: OBJ('Préférences') } },
      handler: async (req, res) => {
        res.set('Cache-Control', 'no-store').json(await getNotificationPreferences(s.notify, dossierRef(req.principal!)));
      },
    }),
    citizen({
      method: 'put',
      path: '/v1/me/notifications',
      operationId: 'setMyNotificationPreferences',
      summary: 'Choisir d’être prévenu(e) par courriel (aucune valeur de donnée dans les courriels)',
      requestBody: { schema: PREFS_BODY, required: true },
      responses: {
        '200': { description: 'Les préférences enregistrées', schema: OBJ('Préférences') },
        '422': problemResponse('Préférences invalides'),
      },
      handler: async (req, res) => {
        const b = body(req);
        res.json(
          await setNotificationPreferences(s.notify, dossierRef(req.principal!), {
            email: b.email,
            digest: b.digest,
            kinds: b.kinds as never,
          }),
        );
      },
    }),
    citizen({
      method: 'delete',
      path: '/v1/me/notifications',
      operationId: 'removeMyNotificationPreferences',
      summary: 'Ne plus être prévenu(e) (adresse oubliée)',
      responses: { '204': { description: 'Supprimé' } },
      handler: async (req, res) => {
        await removeNotificationPreferences(s.notify, dossierRef(req.principal!));
        res.status(204).end();
      },
    }),
    citizen({
      method: 'get',
      path: '/v1/me/mandates',
      operationId: 'listMyMandates',
      summary: 'Les mandats qui me désignent comme représentant(e)',
      responses: { '200': { description: 'Mandats', schema: list('Mandat : nature, justificatif, validité, statut') } },
      handler: async (req, res) => {
        res.set('Cache-Control', 'no-store').json({ items: await listMyMandates(ctx, req.principal!.citizen!.subjectRef) });
      },
    }),
    ...(['accept', 'refuse'] as const).map((d) =>
      citizen({
        method: 'post',
        path: `/v1/me/mandates/{id}/${d}`,
        operationId: `${d}Mandate`,
        parameters: [ID],
        summary: d === 'accept' ? 'Accepter un mandat de représentation' : 'Refuser un mandat de représentation',
        responses: {
          '200': { description: 'Le mandat', schema: OBJ('Mandat') },
          '404': problemResponse('Mandat introuvable'),
          '409': problemResponse('Déjà traité'),
        },
        handler: async (req, res) => {
          res.json(
            await answerMandate(ctx, {
              representativeRef: req.principal!.citizen!.subjectRef,
              mandateId: String(req.params.id),
              decision: d,
              actor: citizenActor(req.principal!),
            }),
          );
        },
      }),
    ),
    citizen({
      method: 'post',
      path: '/v1/me/mandates/{id}/revoke',
      operationId: 'renounceMandate',
      parameters: [ID],
      summary: 'Renoncer à un mandat',
      responses: {
        '200': { description: 'Le mandat', schema: OBJ('Mandat') },
        '404': problemResponse('Mandat introuvable'),
        '409': problemResponse('Déjà terminé'),
      },
      handler: async (req, res) => {
        res.json(
          await revokeMandate(ctx, {
            mandateId: String(req.params.id),
            asRepresentativeRef: req.principal!.citizen!.subjectRef,
            actor: citizenActor(req.principal!),
          }),
        );
      },
    }),
    citizen({
      method: 'get',
      path: '/v1/me/representations',
      operationId: 'listMyRepresentations',
      summary: 'Les personnes pour qui je peux agir maintenant, et le dossier ouvert',
      responses: {
        '200': {
          description: 'Représentations',
          schema: {
            type: 'object',
            properties: { items: { type: 'array', items: OBJ('Représentation') }, acting: { type: ['string', 'null'] } },
          },
        },
      },
      handler: async (req, res) => {
        const p = req.principal!;
        res
          .set('Cache-Control', 'no-store')
          .json({ items: await listRepresentations(ctx, p.citizen!.subjectRef), acting: p.citizen!.acting?.mandateId ?? null });
      },
    }),
    citizen({
      method: 'put',
      path: '/v1/me/representation',
      operationId: 'switchRepresentation',
      summary: 'Ouvrir le dossier d’une personne que je représente (ou revenir au mien : null) ; chaque changement est journalisé',
      requestBody: {
        schema: {
          type: 'object',
          additionalProperties: false,
          required: ['mandateId'],
          properties: { mandateId: { type: ['string', 'null'], format: 'uuid' } },
        },
        required: true,
      },
      responses: {
        '200': { description: 'La représentation ouverte, ou null', schema: { type: ['object', 'null'] } },
        '404': problemResponse('Mandat introuvable ou hors validité'),
      },
      handler: async (req, res) => {
        const p = req.principal!;
        const raw = body(req).mandateId;
        const mandateId = raw === null ? null : String(raw);
        const r = await switchRepresentation(ctx, {
          representativeRef: p.citizen!.subjectRef,
          mandateId,
          fromMandateId: p.citizen!.acting?.mandateId ?? null,
          actor: citizenActor(p),
        });
        setActingCookie(res, s.acting.key, p, r ? r.mandateId : null, s.acting.secure);
        res.json(r);
      },
    }),
    citizen({
      method: 'get',
      path: '/v1/me/my-data/{slug}',
      operationId: 'consultMyData',
      summary: 'Mes données : ce que ce producteur détient sur moi (appel journalisé comme ma propre consultation ; rien n’est conservé)',
      parameters: [
        {
          name: 'slug',
          in: 'path',
          required: true,
          schema: { type: 'string', pattern: '^[a-z0-9-]{1,64}$' },
          description: 'API du producteur',
        },
      ],
      responses: {
        '200': { description: 'Les valeurs, pour vous seul(e)', schema: OBJ('Réponses du producteur, libellées') },
        '404': problemResponse('Ce producteur ne le permet pas'),
      },
      handler: async (req, res) => {
        const p = req.principal!;
        if (p.citizen!.acting)
          throw new ProblemError('client.forbidden', { detail: '« Mes données » se consulte pour soi-même, depuis son propre dossier.' });
        const r = await s.myData.consult({ apiSlug: String(req.params.slug), pivot: p.citizen!.pivot });
        const answers = await Promise.all(
          r.answers.map(async (a) => ({
            operationId: a.call.operationId,
            summary: a.call.summary,
            exchangeId: a.exchangeId,
            status: a.status,
            problemCode: a.problemCode,
            values: a.data === null ? [] : await labelledValues(ctx.pool, s.consent.labels, r.plan.apiSlug, a.data),
          })),
        );
        res.set('Cache-Control', 'no-store').json({ apiSlug: r.plan.apiSlug, apiTitle: r.plan.apiTitle, answers });
      },
    }),
    {
      method: 'post',
      path: '/v1/operator/mandates',
      operationId: 'declareMandate',
      tags: ['opérateur'],
      security: SECURITY,
      access: { platform: ['admin'] },
      summary:
        'Déclarer un mandat de représentation (parent d’un mineur, tuteur, représentant légal), à faire accepter par le représentant',
      requestBody: { schema: MANDATE_BODY, required: true },
      responses: {
        '201': { description: 'Mandat déclaré', schema: OBJ('Mandat') },
        '401': problemResponse('Non authentifié'),
        '403': problemResponse('Réservé à l’opérateur'),
        '422': problemResponse('Mandat invalide'),
      },
      before: [requireCsrf()],
      handler: async (req, res) => {
        res.status(201).json(await declareFrom(req, { kind: 'operator', id: req.principal!.sub }));
      },
    },
    {
      method: 'post',
      path: '/v1/producers/{siret}/mandates',
      operationId: 'declareMandateAsProducer',
      tags: ['producteurs'],
      security: SECURITY,
      access: { agent: ['instructor', 'admin'], scope: 'path:siret' },
      summary:
        'Déclarer un mandat de représentation au nom d’un producteur habilité (il détient le justificatif : prestations familiales pour la filiation, etc.), à faire accepter par le représentant',
      parameters: [{ name: 'siret', in: 'path', required: true, schema: { type: 'string', pattern: '^[0-9]{14}$' } }],
      requestBody: { schema: MANDATE_BODY, required: true },
      responses: {
        '201': { description: 'Mandat déclaré', schema: OBJ('Mandat') },
        '401': problemResponse('Non authentifié'),
        '403': problemResponse('Organisation non habilitée à déclarer des représentants'),
        '422': problemResponse('Mandat invalide'),
      },
      before: [requireCsrf()],
      handler: async (req, res) => {
        const declarer = { kind: 'producer' as const, id: req.principal!.sub, organisationSiret: String(req.params.siret) };
        res.status(201).json(await declareFrom(req, declarer));
      },
    },
    {
      method: 'get',
      path: '/v1/audit/cases/{id}/reports',
      operationId: 'auditReadCaseReports',
      tags: ['audit'],
      security: SECURITY,
      access: { platform: ['auditor'] },
      summary:
        'Les signalements des personnes pour ce cas : message (déchiffré pour le contrôleur, empreinte dans le journal), réponse donnée',
      parameters: [ID],
      responses: {
        '200': { description: 'Signalements', schema: list('Signalement et réponse') },
        '401': problemResponse('Non authentifié'),
        '403': problemResponse('Réservé aux contrôleurs'),
      },
      handler: async (req, res) => {
        const items = await readCaseReports(s.reports, String(req.params.id));
        await s.recorder.record(req.principal!, { action: 'case.read', target: String(req.params.id), result: { reports: items.length } });
        res.set('Cache-Control', 'no-store').json({ items: items.map(({ subjectRef: _ref, ...r }) => r) });
      },
    },
    {
      method: 'post',
      path: '/v1/audit/cases/{id}/reports/{reportId}/reply',
      operationId: 'auditReplyToReport',
      tags: ['audit'],
      security: SECURITY,
      access: { platform: ['auditor'] },
      summary: 'Répondre à la personne qui a signalé l’accès (conclusion écrite pour elle)',
      parameters: [ID, { ...ID, name: 'reportId' }],
      requestBody: {
        schema: {
          type: 'object',
          additionalProperties: false,
          required: ['reply'],
          properties: { reply: { type: 'string', maxLength: 4000 } },
        },
        required: true,
      },
      responses: {
        '200': { description: 'Réponse enregistrée', schema: OBJ('Version de la réponse') },
        '401': problemResponse('Non authentifié'),
        '403': problemResponse('Réservé aux contrôleurs'),
        '404': problemResponse('Signalement introuvable'),
        '422': problemResponse('Réponse vide ou trop longue'),
      },
      before: [requireCsrf()],
      handler: async (req, res) => {
        const p = req.principal!;
        res.json(
          await replyToReport(s.reports, {
            auditCaseId: String(req.params.id),
            reportId: String(req.params.reportId),
            reply: body(req).reply,
            author: { kind: 'auditor', id: p.sub },
          }),
        );
      },
    },
  ];
}
