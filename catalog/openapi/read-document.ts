import { createHash } from 'node:crypto';
import YAML from 'yaml';
import { ProblemError } from '../../schemas/index.js';

/** A document as received, before validation. */
export interface SourceDocument {
  document: Record<string, unknown>;
  format: 'json' | 'yaml';
  sha256: string;
}

function invalid(pointer: string, detail: string): ProblemError {
  return new ProblemError('client.invalid_openapi', { detail, errors: [{ pointer, detail }] });
}

/**
 * Parses the bytes of an OpenAPI document, JSON or YAML (YAML 1.2 is a superset of JSON, so
 * one parser reads both; `format` only records which one was sent). Duplicate keys and alias
 * bombs are refused by the `yaml` package (`uniqueKeys`, `maxAliasCount`).
 */
export function readOpenApiText(text: string): SourceDocument {
  const sha256 = createHash('sha256').update(text).digest('hex');
  const trimmed = text.trimStart();
  const format = trimmed.startsWith('{') ? 'json' : 'yaml';
  let parsed: unknown;
  try {
    parsed = format === 'json' ? JSON.parse(text) : YAML.parse(text, { maxAliasCount: 100, uniqueKeys: true, prettyErrors: true });
  } catch (err) {
    const where = (err as { linePos?: { line: number; col: number }[] }).linePos?.[0];
    const at = where ? ` (ligne ${where.line}, colonne ${where.col})` : '';
    throw invalid('', `Le document n’est ni du JSON ni du YAML valide${at}.`);
  }
  return { document: assertObject(parsed), format, sha256 };
}

/** A document already parsed (JSON body); hashed over its canonical JSON text. */
export function readOpenApiObject(value: unknown): SourceDocument {
  const document = assertObject(value);
  return { document, format: 'json', sha256: createHash('sha256').update(JSON.stringify(document)).digest('hex') };
}

/** Deepest nesting accepted; real documents stay far below (API Entreprise: about 30 levels). */
export const MAX_DEPTH = 256;

function assertObject(value: unknown): Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw invalid('', 'Le document doit être un objet OpenAPI.');
  assertShallow(value);
  return value as Record<string, unknown>;
}

/** Iterative depth check, so that no later recursive walk can exhaust the stack. */
function assertShallow(root: object): void {
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (!node || typeof node !== 'object') continue;
    if (depth > MAX_DEPTH) throw invalid('', `Document trop profondément imbriqué (plus de ${MAX_DEPTH} niveaux).`);
    for (const v of Object.values(node)) if (v && typeof v === 'object') stack.push([v, depth + 1]);
  }
}
