import { ProblemError, compileValidator } from '../../schemas/index.js';
import {
  approveHabilitationRequest,
  changeContractStatus,
  createHabilitationRequest,
  getContract,
  listContractEvents,
  listContracts,
  refuseHabilitationRequest,
  reopenContract,
  requestChanges,
  submitHabilitationRequest,
  updateHabilitationRequest,
  type Actor,
  type ContractView,
  type ContractVersionView,
  type ContractEvent,
  type Decision,
} from '../../contracts/index.js';
import type { RouteAccess } from '../http/access.js';
import { guardFields } from './access.js';
import type { GraphQLContext, GraphQLModule } from './context.js';

/** The same declarations as `/v1/contracts` (gateway/routes/contracts.ts); the domain checks the contract's own parties. */
const LISTER: RouteAccess = { agent: 'any', scope: 'own-rows', platform: ['admin', 'auditor'] };
const READER: RouteAccess = { agent: 'any', scope: 'resource-party', platform: ['admin', 'auditor'] };
const APPLICANT: RouteAccess = { agent: ['applicant'], scope: 'resource-party' };
const INSTRUCTOR: RouteAccess = { agent: ['instructor', 'dpo'], scope: 'resource-party' };
const MANAGER: RouteAccess = { agent: ['instructor', 'dpo'], scope: 'resource-party', platform: ['admin'] };
const validateDecision = compileValidator<Decision>('contract-decision.json');

function actor(ctx: GraphQLContext): Actor {
  if (!ctx.principal) throw new ProblemError('client.unauthenticated');
  return ctx.principal;
}

function json(text: string | null | undefined): unknown {
  if (text === null || text === undefined) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new ProblemError('client.malformed_json', { detail: 'formJson doit être un document JSON.' });
  }
}

type Args = { id: string; decision?: Decision; reason?: string };
const domain = (ctx: GraphQLContext) => ctx.services.contracts.ctx;
const decision = (a: Args) => validateDecision.assert(a.decision ?? {});
/** Non-parties get the 404 of an unknown contract before any other check (nothing of its state leaks). */
const asParty =
  <A extends { id: string }>(fn: (_: unknown, a: A, ctx: GraphQLContext) => Promise<ContractView>) =>
  async (_: unknown, a: A, ctx: GraphQLContext): Promise<ContractView> => {
    await getContract(domain(ctx), actor(ctx), a.id);
    return fn(_, a, ctx);
  };

/** Contracts over GraphQL: the same domain functions and codes as `/v1/contracts` (docs/architecture.md, "Errors"). */
export const contractsModule: GraphQLModule = {
  typeDefs: `#graphql
  "Une version d’un contrat : une demande d’habilitation et son instruction."
  type ContractVersion {
    version: Int!
    status: String!
    awaitingSecondApproval: Boolean!
    "Champs de la demande (schemas/habilitation-request.json), en JSON."
    formJson: String!
    "Conditions accordées et signées, en JSON (versions validées)."
    grantedJson: String
    validFrom: String
    validUntil: String
    submittedAt: String
    decidedAt: String
  }
  "Une transition de l’historique : qui, quand, de, vers, motif, différences."
  type ContractEvent {
    id: ID!
    version: Int!
    action: String!
    from: String
    to: String!
    actorSub: String!
    actorName: String
    actorSiret: String
    actorRole: String
    reason: String
    diffJson: String
    occurredAt: String!
  }
  "Un contrat (habilitation) entre un consommateur et le producteur d’une API."
  type Contract {
    id: ID!
    consumerSiret: String!
    producerSiret: String!
    apiSlug: String!
    status: String!
    currentVersion: Int
    openVersion: Int
    versions: [ContractVersion!]!
    events: [ContractEvent!]!
    createdAt: String!
    updatedAt: String!
  }
  input ContractDecision { reason: String scopes: [String!] endpoints: [String!] rateLimitPerMinute: Int validUntil: String }
  extend type Query {
    "Contrats visibles : side = consumer (mes demandes), producer (à instruire) ou any."
    contracts(side: String): [Contract!]!
    contract(id: ID!): Contract
  }
  extend type Mutation {
    createHabilitationRequest(apiSlug: String!, consumerSiret: String!, formJson: String): Contract!
    updateHabilitationRequest(id: ID!, formJson: String!): Contract!
    submitHabilitationRequest(id: ID!): Contract!
    approveHabilitationRequest(id: ID!, decision: ContractDecision): Contract!
    requestHabilitationChanges(id: ID!, decision: ContractDecision!): Contract!
    refuseHabilitationRequest(id: ID!, decision: ContractDecision!): Contract!
    suspendContract(id: ID!, reason: String!): Contract!
    resumeContract(id: ID!, reason: String): Contract!
    revokeContract(id: ID!, reason: String!): Contract!
    reopenContract(id: ID!): Contract!
  }
  `,
  resolvers: {
    Query: guardFields('Query', {
      contracts: [
        LISTER,
        async (_: unknown, a: { side?: string }, ctx: GraphQLContext) => {
          const side = a.side ?? 'any';
          if (side !== 'consumer' && side !== 'producer' && side !== 'any')
            throw new ProblemError('client.invalid_parameter', { detail: 'side vaut consumer, producer ou any.' });
          return listContracts(domain(ctx), actor(ctx), { side });
        },
      ],
      contract: [READER, (_: unknown, a: Args, ctx: GraphQLContext) => getContract(domain(ctx), actor(ctx), a.id)],
    }),
    Mutation: guardFields('Mutation', {
      createHabilitationRequest: [
        { agent: ['applicant'], scope: 'body-organisation' },
        (_: unknown, a: { apiSlug: string; consumerSiret: string; formJson?: string }, ctx: GraphQLContext) =>
          createHabilitationRequest(domain(ctx), actor(ctx), {
            apiSlug: a.apiSlug,
            consumerSiret: a.consumerSiret,
            form: json(a.formJson),
          }),
      ],
      updateHabilitationRequest: [
        APPLICANT,
        asParty((_: unknown, a: { id: string; formJson: string }, ctx: GraphQLContext) =>
          updateHabilitationRequest(domain(ctx), actor(ctx), a.id, json(a.formJson)),
        ),
      ],
      submitHabilitationRequest: [
        APPLICANT,
        asParty((_: unknown, a: Args, ctx: GraphQLContext) => submitHabilitationRequest(domain(ctx), actor(ctx), a.id)),
      ],
      approveHabilitationRequest: [
        INSTRUCTOR,
        asParty((_: unknown, a: Args, ctx: GraphQLContext) => approveHabilitationRequest(domain(ctx), actor(ctx), a.id, decision(a))),
      ],
      requestHabilitationChanges: [
        INSTRUCTOR,
        asParty((_: unknown, a: Args, ctx: GraphQLContext) => requestChanges(domain(ctx), actor(ctx), a.id, decision(a))),
      ],
      refuseHabilitationRequest: [
        INSTRUCTOR,
        asParty((_: unknown, a: Args, ctx: GraphQLContext) => refuseHabilitationRequest(domain(ctx), actor(ctx), a.id, decision(a))),
      ],
      suspendContract: [
        MANAGER,
        asParty((_: unknown, a: Args, ctx: GraphQLContext) => changeContractStatus(domain(ctx), actor(ctx), a.id, 'suspend', a.reason)),
      ],
      resumeContract: [
        MANAGER,
        asParty((_: unknown, a: Args, ctx: GraphQLContext) =>
          changeContractStatus(domain(ctx), actor(ctx), a.id, 'resume', a.reason ?? undefined),
        ),
      ],
      revokeContract: [
        MANAGER,
        asParty((_: unknown, a: Args, ctx: GraphQLContext) => changeContractStatus(domain(ctx), actor(ctx), a.id, 'revoke', a.reason)),
      ],
      reopenContract: [APPLICANT, asParty((_: unknown, a: Args, ctx: GraphQLContext) => reopenContract(domain(ctx), actor(ctx), a.id))],
    }),
    Contract: {
      events: (c: ContractView, _: unknown, ctx: GraphQLContext) => listContractEvents(domain(ctx), actor(ctx), c.id),
    },
    ContractVersion: {
      formJson: (v: ContractVersionView) => JSON.stringify(v.form),
      grantedJson: (v: ContractVersionView) => (v.granted ? JSON.stringify(v.granted) : null),
    },
    ContractEvent: {
      actorSub: (e: ContractEvent) => e.actor.sub,
      actorName: (e: ContractEvent) => e.actor.name,
      actorSiret: (e: ContractEvent) => e.actor.siret,
      actorRole: (e: ContractEvent) => e.actor.role,
      diffJson: (e: ContractEvent) => (e.diff ? JSON.stringify(e.diff) : null),
    },
  },
};
