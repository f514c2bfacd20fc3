import { ProblemError } from '../../schemas/index.js';
import {
  getApi,
  getDataElement,
  listApis,
  listDataElements,
  listEndpoints,
  listFieldLinks,
  listScopes,
  listVersions,
  searchCatalog,
  PUBLIC_LIFECYCLES,
  type Api,
  type SearchQuery,
} from '../../catalog/index.js';
import { listContracts } from '../../contracts/index.js';
import { canReadApi } from '../services/catalog-access.js';
import type { GraphQLContext, GraphQLModule } from './context.js';
import { guardFields } from './access.js';

async function readable(ctx: GraphQLContext, slug: string): Promise<Api | null> {
  try {
    const api = await getApi(ctx.deps.pool, slug);
    return canReadApi(ctx.principal, api) ? api : null;
  } catch (err) {
    if (err instanceof ProblemError && err.code === 'client.not_found') return null;
    throw err;
  }
}

/**
 * The endpoints the calling consumer may call: for each active contract of one of its
 * organisations (consumer side), the granted operations and scope names of the version in force.
 */
async function allowedEndpoints(ctx: GraphQLContext) {
  const p = ctx.principal;
  if (!p) throw new ProblemError('client.unauthenticated');
  const contracts = await listContracts(ctx.services.contracts.ctx, p, { side: 'consumer' });
  const out = [];
  for (const c of contracts) {
    if (c.status !== 'active' || c.currentVersion === null) continue;
    if (!p.memberships.some((m) => m.siret === c.consumerSiret)) continue;
    const granted = c.versions.find((v) => v.version === c.currentVersion)?.granted;
    if (!granted) continue;
    const endpoints = (await listEndpoints(ctx.deps.pool, c.apiSlug)).filter((e) => granted.endpoints.includes(e.operationId));
    out.push({ contractId: c.id, apiSlug: c.apiSlug, consumerSiret: c.consumerSiret, scopes: granted.scopes, endpoints });
  }
  return out;
}

/** GraphQL over the catalogue: same domain functions and visibility rules as `/v1/catalog`. */
export const catalogModule: GraphQLModule = {
  typeDefs: `#graphql
  "Une API de producteur au catalogue."
  type CatalogApi {
    id: ID!
    slug: String!
    producerSiret: String!
    title: String!
    description: String!
    version: String
    lifecycle: String!
    sunsetDate: String
    deprecationNotice: String
    access: String!
    sensitivity: String!
    subjectKind: String!
    consentPolicy: String!
    proactive: Boolean!
    rateLimitPerMinute: Int!
    documentationUrl: String
    endpoints: [CatalogEndpoint!]!
    scopes: [CatalogScope!]!
    fieldLinks: [CatalogFieldLink!]!
    versions: [CatalogApiVersion!]!
  }
  type CatalogEndpoint {
    id: ID!
    operationId: String!
    method: String!
    pathTemplate: String!
    summary: String!
    description: String!
    deprecated: Boolean!
    "Pointeurs JSON des champs de la réponse (* : tout élément de tableau)."
    fields: [String!]!
  }
  type CatalogScope { name: String! label: String! pointers: [String!]! }
  type CatalogFieldLink { pointer: String! dataElementId: String! }
  type CatalogApiVersion { seq: Int! version: String! openapiVersion: String! importedAt: String! endpointsAdded: Int endpointsRemoved: Int endpointsChanged: Int }
  type LegalSource { label: String! url: String }
  type DataElementCarrier { apiSlug: String! apiTitle: String! producerSiret: String! pointer: String! operationIds: [String!]! }
  "Une donnée du dictionnaire."
  type DataElement {
    id: ID!
    label: String!
    definition: String!
    subjectKind: String!
    sensitivity: String!
    legalSource: LegalSource!
    updateFrequency: String!
    carriers: [DataElementCarrier!]!
  }
  type CatalogSearchHit { kind: String! id: String! title: String! excerpt: String! apiSlug: String producerSiret: String rank: Float! }
  type AllowedEndpoints { contractId: ID! apiSlug: String! consumerSiret: String! scopes: [String!]! endpoints: [CatalogEndpoint!]! }
  extend type Query {
    "API visibles par l’appelant (publiées ; brouillons de ses organisations productrices)."
    apis(producer: String): [CatalogApi!]!
    api(slug: String!): CatalogApi
    dataElements: [DataElement!]!
    dataElement(id: ID!): DataElement
    search(q: String!, producer: String, subjectKind: String, sensitivity: String, access: String, limit: Int): [CatalogSearchHit!]!
    "Points d’accès que l’organisation consommatrice de l’appelant peut appeler (contrats actifs)."
    allowedEndpoints: [AllowedEndpoints!]!
  }
  `,
  resolvers: {
    Query: guardFields('Query', {
      apis: [
        'public',
        async (_: unknown, args: { producer?: string }, ctx: GraphQLContext) =>
          (await listApis(ctx.deps.pool, { producerSiret: args.producer ?? null })).filter((a) => canReadApi(ctx.principal, a)),
      ],
      api: ['public', (_: unknown, args: { slug: string }, ctx: GraphQLContext) => readable(ctx, args.slug)],
      dataElements: [
        'public',
        async (_: unknown, _args: unknown, ctx: GraphQLContext) =>
          Promise.all(
            (await listDataElements(ctx.deps.pool)).map((d) => getDataElement(ctx.deps.pool, d.id, { lifecycles: PUBLIC_LIFECYCLES })),
          ),
      ],
      dataElement: [
        'public',
        async (_: unknown, args: { id: string }, ctx: GraphQLContext) => {
          try {
            return await getDataElement(ctx.deps.pool, args.id, { lifecycles: PUBLIC_LIFECYCLES });
          } catch (err) {
            if (err instanceof ProblemError && err.code === 'client.not_found') return null;
            throw err;
          }
        },
      ],
      search: [
        'public',
        (
          _: unknown,
          args: { q: string; producer?: string; subjectKind?: string; sensitivity?: string; access?: string; limit?: number },
          ctx: GraphQLContext,
        ) => {
          const oneOf = <T extends string>(name: string, v: string | undefined, allowed: readonly T[]): T | null => {
            if (v === undefined || v === null) return null;
            if (!(allowed as readonly string[]).includes(v))
              throw new ProblemError('client.invalid_parameter', { detail: `${name} doit valoir ${allowed.join(', ')}.` });
            return v as T;
          };
          const q: SearchQuery = {
            q: args.q,
            producerSiret: args.producer ?? null,
            limit: args.limit,
            subjectKind: oneOf('subjectKind', args.subjectKind, ['person', 'company', 'none'] as const),
            sensitivity: oneOf('sensitivity', args.sensitivity, ['standard', 'sensitive', 'highly_sensitive'] as const),
            access: oneOf('access', args.access, ['open', 'restricted'] as const),
          };
          return searchCatalog(ctx.deps.pool, q);
        },
      ],
      // A consumer's own active contracts: any agent, filtered to their organisations.
      allowedEndpoints: [{ agent: 'any', scope: 'own-rows' }, (_: unknown, _args: unknown, ctx: GraphQLContext) => allowedEndpoints(ctx)],
    }),
    CatalogApi: {
      endpoints: (api: Api, _: unknown, ctx: GraphQLContext) => listEndpoints(ctx.deps.pool, api.slug),
      scopes: (api: Api, _: unknown, ctx: GraphQLContext) => listScopes(ctx.deps.pool, api.slug),
      fieldLinks: async (api: Api, _: unknown, ctx: GraphQLContext) =>
        Object.entries(await listFieldLinks(ctx.deps.pool, api.slug)).map(([pointer, dataElementId]) => ({ pointer, dataElementId })),
      versions: async (api: Api, _: unknown, ctx: GraphQLContext) =>
        (await listVersions(ctx.deps.pool, api.slug)).map((v) => ({
          ...v,
          endpointsAdded: v.diff?.endpointsAdded.length ?? null,
          endpointsRemoved: v.diff?.endpointsRemoved.length ?? null,
          endpointsChanged: v.diff?.endpointsChanged.length ?? null,
        })),
    },
  },
};
