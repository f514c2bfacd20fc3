import { ProblemError } from '../../schemas/index.js';
import { getOrganisation, listOrganisations } from '../../catalog/index.js';
import { hasPlatformRole } from '../http/principal.js';
import type { GraphQLContext, GraphQLModule } from './context.js';

function requireAdmin(ctx: GraphQLContext): void {
  if (!ctx.principal) throw new ProblemError('client.unauthenticated');
  if (!hasPlatformRole(ctx.principal, 'admin')) throw new ProblemError('client.forbidden', { detail: 'Rôle « admin » requis.' });
}

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
    Query: {
      organisations: async (_: unknown, args: { cursor?: string; limit?: number; role?: string }, ctx: GraphQLContext) => {
        requireAdmin(ctx);
        if (args.role && args.role !== 'producer' && args.role !== 'consumer') throw new ProblemError('client.invalid_parameter', { detail: 'role doit valoir producer ou consumer.' });
        return listOrganisations(ctx.deps.pool, { cursor: args.cursor, limit: args.limit, role: (args.role as 'producer' | 'consumer' | undefined) ?? null });
      },
      organisation: async (_: unknown, args: { siret: string }, ctx: GraphQLContext) => {
        requireAdmin(ctx);
        return getOrganisation(ctx.deps.pool, args.siret);
      },
    },
  },
};
