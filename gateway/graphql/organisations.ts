import { ProblemError } from '../../schemas/index.js';
import { getOrganisation, listOrganisations } from '../../catalog/index.js';
import type { RouteAccess } from '../http/access.js';
import { guardFields } from './access.js';
import type { GraphQLContext, GraphQLModule } from './context.js';

const ADMIN: RouteAccess = { platform: ['admin'] };

export const organisationsModule: GraphQLModule = {
  typeDefs: `#graphql
  "Une administration, identifiée par son SIRET."
  type Organisation {
    siret: ID!
    siren: String!
    name: String!
    acronym: String
    kind: String!
    roles: [String!]!
    createdAt: String!
    updatedAt: String!
  }
  type OrganisationPage { items: [Organisation!]! nextCursor: String }
  extend type Query {
    "Annuaire des organisations (administrateurs de la plateforme)."
    organisations(cursor: String, limit: Int, role: String): OrganisationPage!
    organisation(siret: ID!): Organisation
  }
  `,
  resolvers: {
    Query: guardFields('Query', {
      organisations: [
        ADMIN,
        async (_: unknown, args: { cursor?: string; limit?: number; role?: string }, ctx: GraphQLContext) => {
          if (args.role && args.role !== 'producer' && args.role !== 'consumer')
            throw new ProblemError('client.invalid_parameter', { detail: 'role doit valoir producer ou consumer.' });
          return listOrganisations(ctx.deps.pool, {
            cursor: args.cursor,
            limit: args.limit,
            role: (args.role as 'producer' | 'consumer' | undefined) ?? null,
          });
        },
      ],
      organisation: [ADMIN, async (_: unknown, args: { siret: string }, ctx: GraphQLContext) => getOrganisation(ctx.deps.pool, args.siret)],
    }),
  },
};
