import type { RouteSpec } from './route.js';
import { loadSchema } from '../../schemas/index.js';

/** Builds the OpenAPI 3.1 document of our own REST surface from the mounted route specs. */
export function buildOpenApiDocument(specs: RouteSpec[], publicUrl: string, extraSchemas: Record<string, object> = {}): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const s of specs) {
    if (s.hidden) continue;
    const item = (paths[s.path] ??= {});
    item[s.method] = {
      operationId: s.operationId,
      summary: s.summary,
      ...(s.description ? { description: s.description } : {}),
      tags: s.tags,
      security: s.security.length === 0 ? [] : s.security.map((name) => ({ [name]: [] })),
      ...(s.parameters?.length ? { parameters: s.parameters } : {}),
      ...(s.requestBody ? {
        requestBody: {
          required: s.requestBody.required ?? true,
          ...(s.requestBody.description ? { description: s.requestBody.description } : {}),
          content: { [s.requestBody.contentType ?? 'application/json']: { schema: stripIds(s.requestBody.schema) } },
        },
      } : {}),
      responses: Object.fromEntries(Object.entries(s.responses).map(([status, r]) => [status, {
        description: r.description,
        ...(r.headers ? { headers: r.headers } : {}),
        ...(r.schema ? { content: { [r.contentType ?? 'application/json']: { schema: stripIds(r.schema) } } } : {}),
      }])),
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Datapedia',
      version: '0.1.0',
      description: 'Passerelle d’échange de données entre administrations (« Dites-le-nous une fois ») : catalogue, habilitations, jetons, échanges tracés et journal infalsifiable.',
    },
    servers: [{ url: publicUrl }],
    paths,
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'Jeton d’accès (fournisseur d’identité, ou ADMIN_TOKEN pour les opérateurs)' },
        session: { type: 'apiKey', in: 'cookie', name: 'dp_session', description: 'Session web (OpenID Connect)' },
        exchangeToken: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Jeton RFC 9068 délivré par /oauth/token' },
        clientCredentials: { type: 'http', scheme: 'basic', description: 'client_secret_basic (RFC 6749 §2.3.1)' },
      },
      schemas: {
        Problem: stripIds(loadSchema('problem.json')),
        Organisation: {
          type: 'object',
          properties: {
            siret: { type: 'string' }, siren: { type: 'string' }, name: { type: 'string' }, acronym: { type: ['string', 'null'] },
            kind: { type: 'string' }, roles: { type: 'array', items: { enum: ['producer', 'consumer'] } },
            createdAt: { type: 'string', format: 'date-time' }, updatedAt: { type: 'string', format: 'date-time' },
          },
        },
        ...extraSchemas,
      },
    },
  };
}

/** `$id`/`$schema` of our schema files are dropped when embedded in OpenAPI. */
function stripIds(schema: object): object {
  const { $id: _id, $schema: _s, ...rest } = schema as Record<string, unknown>;
  return rest;
}
