import type { ContractReviewQuery, RegisterEntry } from '../../audit/index.js';
import type { Principal } from '../http/principal.js';
import type { RouteAccess } from '../http/access.js';
import { publicApiStatistics } from '../services/api-statistics.js';
import { guardFields } from './access.js';
import type { GraphQLContext, GraphQLModule } from './context.js';

/** The same guard as `/v1/audit/...`: the platform `auditor` role only. */
const AUDITOR: RouteAccess = { platform: ['auditor'] };

/** The caller, once `guardFields` let an auditor through. */
function requireAuditor(ctx: GraphQLContext): Principal {
  return ctx.principal!;
}

function flatEntry(e: RegisterEntry) {
  return {
    contractId: e.contractId,
    status: e.status,
    version: e.version,
    apiSlug: e.api.slug,
    apiTitle: e.api.title,
    producerSiret: e.producer.siret,
    consumerSiret: e.consumer.siret,
    purpose: e.purpose,
    legalBasis: e.legalBasis?.nature ?? null,
    legalBasisUrl: e.legalBasis?.url ?? null,
    dataElements: e.dataElements.map((d) => d.id),
    scopes: e.scopes,
    recipients: e.recipients,
    retentionMonths: e.retentionMonths,
    controllerName: e.controller?.name ?? null,
    controllerEmail: e.controller?.email ?? null,
    dpoName: e.dpo?.name ?? null,
    dpoEmail: e.dpo?.email ?? null,
    validFrom: e.validFrom,
    validUntil: e.validUntil,
    decidedAt: e.decidedAt,
  };
}

type Args = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const filterOf = (f: unknown): ContractReviewQuery => {
  const o = (f ?? {}) as Record<string, unknown>;
  return {
    producer: str(o.producer),
    consumer: str(o.consumer),
    api: str(o.api),
    sensitivity: str(o.sensitivity),
    status: str(o.status),
    expiresBefore: str(o.expiresBefore),
  };
};

/** GraphQL equivalents of `/v1/audit/...` (every read recorded in the ledger) and the open statistics. */
export const auditModule: GraphQLModule = {
  typeDefs: `#graphql
  type AuditUsage { since: String! calls: Int! served: Int! distinctSubjects: Int! lastCall: String }
  type AuditContract {
    id: ID! status: String! consumerSiret: String! producerSiret: String! apiSlug: String! apiTitle: String sensitivity: String
    currentVersion: Int purpose: String validFrom: String validUntil: String scopesGranted: [String!]! usage: AuditUsage!
  }
  type AuditContractPage { items: [AuditContract!]! nextCursor: String }
  "Un cas du contrôle d'usage : preuves = identifiants d'événements du journal."
  type AuditCase {
    id: ID! kind: String! source: String! status: String! contractId: String consumerSiret: String producerSiret: String apiSlug: String
    summary: String! evidence: [ID!]! conclusion: String openedAt: String! updatedAt: String! closedAt: String
  }
  type AuditCasePage { items: [AuditCase!]! nextCursor: String }
  "Une ligne du registre des traitements."
  type AuditRegisterEntry {
    contractId: ID! status: String! version: Int! apiSlug: String! apiTitle: String producerSiret: String! consumerSiret: String!
    purpose: String legalBasis: String legalBasisUrl: String dataElements: [String!]! scopes: [String!]! recipients: [String!]!
    retentionMonths: Int controllerName: String controllerEmail: String dpoName: String dpoEmail: String validFrom: String validUntil: String decidedAt: String
  }
  type AuditAction { id: ID! occurredAt: String! label: String action: String target: String contractId: String }
  type AuditActionPage { items: [AuditAction!]! nextCursor: String }
  type AuditVerifyReport { ok: Boolean! events: Int! checkpoints: Int! breakCount: Int! elapsedMs: Float! from: String to: String }
  type ApiMonthStats { month: String! suppressed: Boolean! exchanges: Int served: Int denied: Int failed: Int consumers: Int p50LatencyMs: Float p95LatencyMs: Float availability: Float }
  type ApiStatistics { slug: String! title: String! threshold: Int! from: String! to: String! months: [ApiMonthStats!]! }
  input AuditContractFilter { producer: String consumer: String api: String sensitivity: String status: String expiresBefore: String }
  extend type Query {
    "Contrats sous revue (auditeurs)."
    auditContracts(filter: AuditContractFilter, cursor: String, limit: Int): AuditContractPage!
    "Registre des traitements (auditeurs)."
    auditRegister(filter: AuditContractFilter): [AuditRegisterEntry!]!
    auditCases(status: String, kind: String, contract: String, consumer: String, cursor: String, limit: Int): AuditCasePage!
    auditCase(id: ID!): AuditCase!
    "Mes propres actions d'auditeur, telles que journalisées."
    auditMyActions(cursor: String, limit: Int): AuditActionPage!
    "Statistiques ouvertes d'une API publiée (public)."
    apiStatistics(slug: String!, months: Int): ApiStatistics!
  }
  extend type Mutation {
    auditVerifyLedger(from: String, to: String): AuditVerifyReport!
    auditChangeCaseStatus(id: ID!, status: String!, conclusion: String, note: String): AuditCase!
  }
  `,
  resolvers: {
    Query: guardFields('Query', {
      auditContracts: [
        AUDITOR,
        (_: unknown, a: Args, ctx: GraphQLContext) =>
          ctx.services.audit.searchContracts(requireAuditor(ctx), filterOf(a.filter), {
            cursor: str(a.cursor),
            limit: a.limit ?? undefined,
          }),
      ],
      auditRegister: [
        AUDITOR,
        async (_: unknown, a: Args, ctx: GraphQLContext) =>
          (await ctx.services.audit.exportRegister(requireAuditor(ctx), filterOf(a.filter), 'json')).entries.map(flatEntry),
      ],
      auditCases: [
        AUDITOR,
        (_: unknown, a: Args, ctx: GraphQLContext) =>
          ctx.services.audit.searchCases(
            requireAuditor(ctx),
            { status: str(a.status), kind: str(a.kind), contract: str(a.contract), consumer: str(a.consumer) },
            { cursor: str(a.cursor), limit: a.limit ?? undefined },
          ),
      ],
      auditCase: [AUDITOR, (_: unknown, a: Args, ctx: GraphQLContext) => ctx.services.audit.readCase(requireAuditor(ctx), String(a.id))],
      auditMyActions: [
        AUDITOR,
        (_: unknown, a: Args, ctx: GraphQLContext) =>
          ctx.services.audit.myActions(requireAuditor(ctx), { cursor: str(a.cursor), limit: a.limit ?? undefined }),
      ],
      apiStatistics: [
        'public',
        async (_: unknown, a: Args, ctx: GraphQLContext) => {
          const s = await publicApiStatistics(
            ctx.deps,
            String(a.slug),
            typeof a.months === 'number' ? Math.min(Math.max(a.months, 1), 36) : undefined,
          );
          return {
            slug: s.api.slug,
            title: s.api.title,
            threshold: s.threshold,
            from: s.from,
            to: s.to,
            months: s.months.map((m) => ({ ...m, p50LatencyMs: m.latencyMs.p50, p95LatencyMs: m.latencyMs.p95 })),
          };
        },
      ],
    }),
    Mutation: guardFields('Mutation', {
      auditVerifyLedger: [
        AUDITOR,
        (_: unknown, a: Args, ctx: GraphQLContext) => ctx.services.audit.verify(requireAuditor(ctx), { from: a.from, to: a.to }),
      ],
      auditChangeCaseStatus: [
        AUDITOR,
        (_: unknown, a: Args, ctx: GraphQLContext) =>
          ctx.services.audit.changeCase(requireAuditor(ctx), String(a.id), {
            status: a.status,
            conclusion: a.conclusion ?? undefined,
            note: a.note ?? undefined,
          }),
      ],
    }),
  },
};
