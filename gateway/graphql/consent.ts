/**
 * GraphQL over the citizen space and consent requests: the same domain functions and rules as
 * `/v1/me/*` and `/v1/consent-requests` (a citizen reaches only their own rows; cursors are
 * bound to them; someone else's id is `client.not_found`).
 */
import { GraphQLScalarType } from 'graphql';
import { ProblemError } from '../../schemas/index.js';
import {
  changeConsentStatus,
  createConsentRequest,
  decideConsentRequest,
  getConsentRequestForConsumer,
  listMyConsentRequests,
  listMyConsents,
  type ConsentAction,
} from '../../consent/index.js';
import type { Principal } from '../http/principal.js';
import { citizenActor, subjectRefsOf } from '../services/citizen/citizen.js';
import { readTrail } from '../services/citizen/trail.js';
import { listMyReportViews } from '../services/citizen/report.js';
import { fileMyReport } from '../services/citizen/dossier.js';
import { guardFields } from './access.js';
import type { GraphQLContext, GraphQLModule } from './context.js';

function citizen(ctx: GraphQLContext): Principal {
  const p = ctx.principal;
  if (!p) throw new ProblemError('client.unauthenticated');
  if (p.kind !== 'citizen' || !p.citizen) throw new ProblemError('client.forbidden', { detail: 'Réservé aux particuliers connectés.' });
  return p;
}

function agent(ctx: GraphQLContext, role?: 'applicant'): { p: Principal; sirets: string[] } {
  const p = ctx.principal;
  if (!p) throw new ProblemError('client.unauthenticated');
  if (p.kind !== 'agent') throw new ProblemError('client.forbidden', { detail: 'Réservé aux agents des administrations consommatrices.' });
  return { p, sirets: p.memberships.filter((m) => !role || m.roles.includes(role)).map((m) => m.siret) };
}

function day(v: string | null | undefined, name: string): Date | undefined {
  if (!v) return undefined;
  const d = new Date(`${v}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(d.getTime()))
    throw new ProblemError('client.invalid_parameter', {
      detail: `${name} : date AAAA-MM-JJ attendue.`,
      errors: [{ pointer: `/${name}`, detail: 'date invalide' }],
    });
  return d;
}

interface ExchangeArgs {
  from?: string | null;
  to?: string | null;
  administration?: string | null;
  dataElement?: string | null;
  cursor?: string | null;
  limit?: number | null;
}

function hideRef<T extends { subjectRef: string }>(x: T): Omit<T, 'subjectRef'> {
  const { subjectRef: _s, ...rest } = x;
  return rest;
}

const consentMutation = (action: ConsentAction) => async (_: unknown, a: { id: string }, ctx: GraphQLContext) => {
  const p = citizen(ctx);
  return changeConsentStatus(ctx.services.consent.ctx, { subjectRefs: subjectRefsOf(p), consentId: a.id, action, actor: citizenActor(p) });
};

const decision = (d: 'accept' | 'refuse') => async (_: unknown, a: { id: string }, ctx: GraphQLContext) => {
  const p = citizen(ctx);
  const r = await decideConsentRequest(ctx.services.consent.ctx, {
    subjectRefs: subjectRefsOf(p),
    requestId: a.id,
    decision: d,
    actor: citizenActor(p),
  });
  return hideRef(r.request);
};

const JSONScalar = new GraphQLScalarType({
  name: 'ConsentJSON',
  description: 'Objet JSON (corps d’une demande de consentement, voir consent-request.json)',
  serialize: (v) => v,
  parseValue: (v) => v,
});

export const consentModule: GraphQLModule = {
  typeDefs: `#graphql
  scalar ConsentJSON
  type TrailOrg { siret: String name: String }
  type TrailApi { slug: String title: String }
  type TrailDataElement { id: String! label: String! }
  type TrailLegalBasis { nature: String! url: String }
  type TrailReport { reportId: ID! status: String! }
  "Un échange me concernant : jamais les valeurs, seulement qui, quand, quoi, pourquoi, sur quelle base."
  type MyExchange {
    id: ID! occurredAt: String! outcome: String! outcomeLabel: String! problemCode: String
    consumer: TrailOrg! recipient: String producer: TrailOrg! api: TrailApi! dataElements: [TrailDataElement!]!
    context: String object: String legalBasis: TrailLegalBasis report: TrailReport
  }
  type MyExchangePage { items: [MyExchange!]! nextCursor: String }
  type ConsentFrequency { max: Int! period: String! }
  type Consent {
    id: ID! version: Int! subjectKind: String! consumerSiret: String apiSlug: String! dataElements: [String!]! purpose: String!
    validFrom: String! validUntil: String! frequency: ConsentFrequency status: String! requestId: ID createdAt: String!
  }
  type ConsentRequest {
    id: ID! consumerSiret: String! subjectKind: String! apiSlug: String! dataElements: [String!]! purpose: String!
    durationDays: Int! frequency: ConsentFrequency status: String! createdAt: String! expiresAt: String! decidedAt: String consentId: ID
  }
  "Mon signalement d’un accès suspect ; status : open, investigating, closed (examen par les contrôleurs)."
  type CitizenReport { id: ID! eventId: ID! message: String! status: String! createdAt: String! }
  extend type Query {
    "Qui a consulté mes données ? (particulier connecté)"
    myExchanges(from: String, to: String, administration: String, dataElement: String, cursor: String, limit: Int): MyExchangePage!
    myConsents: [Consent!]!
    myConsentRequests: [ConsentRequest!]!
    myReports: [CitizenReport!]!
    "Issue d’une demande (agents de l’organisation consommatrice)"
    consentRequest(id: ID!): ConsentRequest!
  }
  extend type Mutation {
    revokeConsent(id: ID!): Consent!
    pauseConsent(id: ID!): Consent!
    resumeConsent(id: ID!): Consent!
    acceptConsentRequest(id: ID!): ConsentRequest!
    refuseConsentRequest(id: ID!): ConsentRequest!
    "Signaler un accès suspect, après confirmation de la personne (confirmed: true)."
    reportExchange(id: ID!, message: String, confirmed: Boolean!): CitizenReport!
    createConsentRequest(input: ConsentJSON!): ConsentRequest!
  }`,
  resolvers: {
    ConsentJSON: JSONScalar as unknown as Record<string, unknown>,
    Query: guardFields('Query', {
      myExchanges: [
        'citizen',
        async (_: unknown, a: ExchangeArgs, ctx: GraphQLContext) => {
          const p = citizen(ctx);
          if (a.administration && !/^\d{14}$/.test(a.administration))
            throw new ProblemError('client.invalid_parameter', { detail: 'SIRET attendu.' });
          const to = day(a.to, 'to');
          const limit = a.limit ?? 50;
          if (!Number.isInteger(limit) || limit < 1 || limit > 200)
            throw new ProblemError('client.invalid_parameter', { detail: 'limit : de 1 à 200.' });
          return readTrail(
            ctx.deps,
            ctx.services.consent,
            subjectRefsOf(p),
            {
              from: day(a.from, 'from'),
              to: to ? new Date(to.getTime() + 86_400_000) : undefined,
              administration: a.administration ?? undefined,
              dataElement: a.dataElement ?? undefined,
            },
            a.cursor ?? null,
            limit,
          );
        },
      ],
      myConsents: [
        'citizen',
        async (_: unknown, __: unknown, ctx: GraphQLContext) => listMyConsents(ctx.services.consent.ctx, subjectRefsOf(citizen(ctx))),
      ],
      myConsentRequests: [
        'citizen',
        async (_: unknown, __: unknown, ctx: GraphQLContext) =>
          (await listMyConsentRequests(ctx.services.consent.ctx, subjectRefsOf(citizen(ctx)))).map(hideRef),
      ],
      myReports: [
        'citizen',
        async (_: unknown, __: unknown, ctx: GraphQLContext) => listMyReportViews(ctx.deps, subjectRefsOf(citizen(ctx))),
      ],
      consentRequest: [
        { agent: 'any', scope: 'resource-party' },
        async (_: unknown, a: { id: string }, ctx: GraphQLContext) =>
          hideRef(await getConsentRequestForConsumer(ctx.services.consent.ctx, a.id, agent(ctx).sirets)),
      ],
    }),
    Mutation: guardFields('Mutation', {
      revokeConsent: ['citizen', consentMutation('revoke')],
      pauseConsent: ['citizen', consentMutation('pause')],
      resumeConsent: ['citizen', consentMutation('resume')],
      acceptConsentRequest: ['citizen', decision('accept')],
      refuseConsentRequest: ['citizen', decision('refuse')],
      reportExchange: [
        'citizen',
        async (_: unknown, a: { id: string; message?: string | null; confirmed: boolean }, ctx: GraphQLContext) => {
          const p = citizen(ctx);
          return (
            await fileMyReport(ctx.services.citizen, {
              refs: subjectRefsOf(p),
              exchangeId: a.id,
              message: a.message ?? '',
              confirmed: a.confirmed,
              actor: citizenActor(p),
            })
          ).report;
        },
      ],
      createConsentRequest: [
        { agent: ['applicant'], scope: 'body-organisation' },
        async (_: unknown, a: { input: unknown }, ctx: GraphQLContext) => {
          const { p, sirets } = agent(ctx, 'applicant');
          const org = (a.input as { consumerSiret?: unknown } | null)?.consumerSiret;
          return hideRef(
            await createConsentRequest(ctx.services.consent.ctx, {
              body: a.input,
              subjectSecret: ctx.deps.config.SUBJECT_HMAC_SECRET,
              authorisedSirets: sirets,
              actor: { kind: 'agent', id: p.sub, ...(typeof org === 'string' ? { organisationSiret: org } : {}) },
            }),
          );
        },
      ],
    }),
  },
};
