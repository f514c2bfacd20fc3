import { listPartyExchanges } from '../services/exchanges.js';
import { guardFields } from './access.js';
import type { GraphQLContext, GraphQLModule } from './context.js';

export const exchangesModule: GraphQLModule = {
  typeDefs: `#graphql
  "Un échange vu par ses parties (jamais le pseudonyme de la personne concernée)."
  type Exchange {
    id: ID! type: String! occurredAt: String! outcome: String! status: Int problemCode: String latencyMs: Int
    consumerSiret: String clientId: String contractId: String contractVersion: Int producerSiret: String
    api: String endpoint: String fields: [String!]! dataElements: [String!]! subjectKind: String
    recipient: String context: String object: String bodySha256: String
    delegation: ExchangeDelegation
  }
  "Appel d’un éditeur sous délégation."
  type ExchangeDelegation { id: String editorSiret: String! software: String }
  type ExchangePage { items: [Exchange!]! nextCursor: String }
  extend type Query {
    "Échanges de mon organisation : side = consumer (mes appels), producer (appels sur mes API) ou editor (mes appels sous délégation)."
    exchanges(organisation: String, side: String, cursor: String, limit: Int): ExchangePage!
  }
  `,
  resolvers: {
    Query: guardFields('Query', {
      exchanges: [
        { agent: 'any', scope: 'query:organisation' },
        (_: unknown, args: { organisation?: string; side?: string; cursor?: string; limit?: number }, ctx: GraphQLContext) =>
          listPartyExchanges(ctx.deps.pool, ctx.principal, args),
      ],
    }),
  },
};
