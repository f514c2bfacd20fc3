import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { ConnectorContext, ConnectorRequest, DemoPerson } from '../../connectors/index.js';
import { createAjv } from '../../schemas/index.js';

/** API Particulier v3 parameters of a pivot identity (as the exchange passes them). */
export function particulierParams(p: DemoPerson): Record<string, unknown> {
  const [y, m, d] = p.birthdate.split('-').map(Number);
  return {
    nomNaissance: p.family_name,
    'prenoms[]': p.given_name.split(' '),
    anneeDateNaissance: y,
    moisDateNaissance: m,
    jourDateNaissance: d,
    sexeEtatCivil: p.gender === 'male' ? 'M' : 'F',
    codeCogInseePaysNaissance: p.birthcountry,
    ...(p.birthplace ? { codeCogInseeCommuneNaissance: p.birthplace } : {}),
  };
}

export function request(operationId: string, params: Record<string, unknown>, pathTemplate = '/x'): ConnectorRequest {
  return { endpoint: { operationId, method: 'GET', pathTemplate }, params };
}

export function context(deadlineMs = 2000): ConnectorContext {
  return { correlationId: randomUUID(), recipient: '21690123100011', deadline: Date.now() + deadlineMs };
}

/**
 * The 200 response schema of an operation of an OpenAPI 3.1 file, compiled as JSON Schema
 * 2020-12; the document's `components` ride along so local `$ref`s resolve.
 */
export async function responseValidator(openapiFile: string, operationId: string) {
  const doc = parse(readFileSync(openapiFile, 'utf8')) as {
    components?: object;
    paths: Record<
      string,
      Record<string, { operationId?: string; responses: Record<string, { content: Record<string, { schema: object }> }> }>
    >;
  };
  for (const item of Object.values(doc.paths)) {
    for (const op of Object.values(item)) {
      if (op.operationId === operationId)
        return createAjv().compile({ ...op.responses['200']!.content['application/json']!.schema, components: doc.components });
    }
  }
  throw new Error(`no operation ${operationId} in ${openapiFile}`);
}

/** Asserts a promise rejects with a ProblemError of this code. */
export async function expectProblem(p: Promise<unknown>, code: string): Promise<void> {
  await expect(p).rejects.toMatchObject({ name: 'ProblemError', code });
}
