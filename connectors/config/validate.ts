import { loadSchema, ProblemError, sharedAjv, toProblemItems, type ProblemCode } from '../../schemas/index.js';
import { SEMANTIC_CHECKS } from './semantic.js';
import type { ConnectorConfig } from './types.js';

const FILES = [
  'connector-mapping.json',
  'connector-rest.json',
  'connector-sql.json',
  'connector-flatfile.json',
  'connector-soap.json',
  'connector.json',
];
const ROOT_ID = 'https://datapedia.gouv.fr/schemas/connector.json';

function validator() {
  const ajv = sharedAjv();
  for (const f of FILES) {
    const schema = loadSchema(f);
    if (!ajv.getSchema(String(schema.$id))) ajv.addSchema(schema);
  }
  return ajv.getSchema(ROOT_ID)!;
}

/**
 * Validates a connector configuration against `schemas/connector.json` (and the schema of its
 * kind), then for what a schema cannot say (known mappings and code tables, template filters,
 * SQL parameter counts, layout bounds). A bad configuration is refused whole, with one
 * `{ pointer, detail }` per problem (RFC 6901 pointers into the configuration).
 */
export function validateConnectorConfig(config: unknown, code: ProblemCode = 'client.validation_failed'): ConnectorConfig {
  const validate = validator();
  if (!validate(config)) {
    // `if` keywords only say which branch applied; the branch's own errors are the useful ones.
    const errors = toProblemItems((validate.errors ?? []).filter((e) => e.keyword !== 'if'));
    throw new ProblemError(code, {
      detail: `Configuration de connecteur invalide : ${errors.map((e) => `${e.pointer} ${e.detail}`).join('; ')}`,
      errors,
    });
  }
  const typed = config as ConnectorConfig;
  const errors = SEMANTIC_CHECKS.flatMap((check) => check(typed));
  if (errors.length)
    throw new ProblemError(code, {
      detail: `Configuration de connecteur invalide : ${errors.map((e) => `${e.pointer} ${e.detail}`).join('; ')}`,
      errors,
    });
  return typed;
}
