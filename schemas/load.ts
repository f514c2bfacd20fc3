import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of the schemas folder. */
export const schemaDir = dirname(fileURLToPath(import.meta.url));

const cache = new Map<string, object>();

/** Reads one JSON Schema of this folder by file name (`config.json`), cached. */
export function loadSchema(name: string): Record<string, unknown> {
  if (!/^[a-z0-9-]+(\/[a-z0-9-]+)*\.json$/.test(name)) throw new TypeError(`bad schema name ${name}`);
  let schema = cache.get(name);
  if (!schema) {
    schema = JSON.parse(readFileSync(join(schemaDir, name), 'utf8')) as object;
    cache.set(name, schema);
  }
  return structuredClone(schema) as Record<string, unknown>;
}
