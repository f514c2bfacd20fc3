import type { RouteSpec } from './route.js';
import { describeAccess } from './access.js';
import { loadSchema } from '../../schemas/index.js';

/** Builds the OpenAPI 3.1 document of our own REST surface from the mounted route specs. */
export function buildOpenApiDocument(
  specs: RouteSpec[],
  publicUrl: string,
  extraSchemas: Record<string, object> = {},
): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const s of specs) {
    if (s.hidden) continue;
    const item = (paths[s.path] ??= {});
    item[s.method] = {
      operationId: s.operationId,
      summary: s.summary,
      ...(s.description ? { description: s.description } : {}),
      tags: s.tags,
      // Who may call it, as the access guard enforces it (gateway/http/access.ts).
      'x-access': describeAccess(s.access),
      security: s.security.length === 0 ? [] : s.security.map((name) => ({ [name]: [] })),
      ...(s.parameters?.length ? { parameters: s.parameters } : {}),
      ...(s.requestBody
        ? {
            requestBody: {
              required: s.requestBody.required ?? true,
              ...(s.requestBody.description ? { description: s.requestBody.description } : {}),
              content: { [s.requestBody.contentType ?? 'application/json']: { schema: stripIds(s.requestBody.schema) } },
            },
          }
        : {}),
      responses: Object.fromEntries(
        Object.entries(s.responses).map(([status, r]) => [
          status,
          {
            description: r.description,
            ...(r.headers ? { headers: r.headers } : {}),
            ...(r.schema ? { content: { [r.contentType ?? 'application/json']: { schema: stripIds(r.schema) } } } : {}),
          },
        ]),
      ),
    };
  }
  const schemas: Record<string, unknown> = {
    Problem: stripIds(loadSchema('problem.json')),
    Organisation: {
      type: 'object',
      properties: {
        siret: { type: 'string' },
        siren: { type: 'string' },
        name: { type: 'string' },
        acronym: { type: ['string', 'null'] },
        kind: { type: 'string' },
        roles: { type: 'array', items: { enum: ['producer', 'consumer'] } },
        createdAt: { type: 'string', format: 'date-time' },
        updatedAt: { type: 'string', format: 'date-time' },
      },
    },
    ...extraSchemas,
  };
  const document = {
    openapi: '3.1.0',
    info: {
      title: 'Datapedia',
      version: '0.1.0',
      description:
        'Passerelle d’échange de données entre administrations (« Dites-le-nous une fois ») : catalogue, habilitations, jetons, échanges tracés et journal infalsifiable.',
    },
    servers: [{ url: publicUrl }],
    paths,
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'Jeton d’accès (fournisseur d’identité, ou ADMIN_TOKEN pour les opérateurs)',
        },
        session: { type: 'apiKey', in: 'cookie', name: 'dp_session', description: 'Session web (OpenID Connect)' },
        exchangeToken: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Jeton RFC 9068 délivré par /oauth/token' },
        clientCredentials: { type: 'http', scheme: 'basic', description: 'client_secret_basic (RFC 6749 §2.3.1)' },
      },
      schemas,
    },
  };
  inlineExternalRefs(document.paths, schemas);
  return document;
}

/** Our schema files as referenced from other schemas: `x.json`, `./x.json` or their `$id` URL. */
const SCHEMA_FILE = /^(?:https:\/\/datapedia\.gouv\.fr\/schemas\/|\.\/)?([a-z0-9-]+\.json)(#.*)?$/;

/**
 * Makes the document self-contained: each `$ref` to one of our schema files (by name or by its
 * `$id` URL) becomes a `#/components/schemas/<file>` reference to a copy of that file, whose own
 * references are rewritten the same way (its internal `#/...` ones relative to the component).
 * A reference that names no schema file of ours is left for the validator to report.
 */
function inlineExternalRefs(root: unknown, schemas: Record<string, unknown>): void {
  const component = (file: string): string => {
    const name = file.replace(/\.json$/, '');
    if (!(name in schemas)) {
      schemas[name] = {}; // reserved before the walk: cycles end here
      const copy = stripIds(loadSchema(file));
      rewrite(copy, name);
      schemas[name] = copy;
    }
    return `#/components/schemas/${name}`;
  };
  const rewrite = (node: unknown, within: string | null): void => {
    if (Array.isArray(node)) {
      for (const n of node) rewrite(n, within);
      return;
    }
    if (!node || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    if (typeof o.$ref === 'string') {
      const ref = o.$ref;
      const m = SCHEMA_FILE.exec(ref);
      if (m) o.$ref = `${component(m[1]!)}${m[2] && m[2] !== '#' ? m[2].slice(1) : ''}`;
      else if (within && ref.startsWith('#/') && !ref.startsWith('#/components/')) o.$ref = `#/components/schemas/${within}${ref.slice(1)}`;
      else if (within && ref === '#') o.$ref = `#/components/schemas/${within}`;
    }
    for (const [k, v] of Object.entries(o)) if (k !== '$ref') rewrite(v, within);
  };
  for (const v of Object.values({ ...schemas })) rewrite(v, null);
  rewrite(root, null);
}

/** `$id`/`$schema` of our schema files are dropped when embedded in OpenAPI. */
function stripIds(schema: object): object {
  const { $id: _id, $schema: _s, ...rest } = schema as Record<string, unknown>;
  return rest;
}
