import { ProblemError, type KeySealer } from '../../schemas/index.js';
import type { ConnectorBinding } from './guard.js';

/**
 * Secrets of a connector configuration are write-only (docs/architecture.md, "Secrets"): sealed
 * at rest (AES-256-GCM, schemas/key-sealer.ts, bound to the API and the field), replaced by
 * `{ "set": true }` in every read, and kept when a new binding sends `{ "set": true }` back.
 */
const SECRET_POINTERS: Record<string, string[][]> = {
  rest: [['auth', 'clientSecret']],
  sql: [['connectionString']],
  soap: [],
  flatfile: [],
};

/** A binding as stored: secrets sealed; `boundBy` the operator's subject. */
export interface StoredBinding {
  target: string;
  config: Record<string, unknown>;
  boundAt: string;
  boundBy: string;
}

type Json = Record<string, unknown>;

function parentOf(doc: Json, path: string[]): Json | null {
  let at: unknown = doc;
  for (const key of path.slice(0, -1)) {
    if (at === null || typeof at !== 'object') return null;
    at = (at as Json)[key];
  }
  return at !== null && typeof at === 'object' ? (at as Json) : null;
}

function secretsOf(config: Json): { path: string[]; parent: Json; key: string }[] {
  return (SECRET_POINTERS[String(config.kind)] ?? []).flatMap((path) => {
    const parent = parentOf(config, path);
    const key = path[path.length - 1]!;
    return parent && key in parent ? [{ path, parent, key }] : [];
  });
}

const isSealed = (v: unknown): v is { sealed: string } => v !== null && typeof v === 'object' && typeof (v as Json).sealed === 'string';
const isKept = (v: unknown): boolean =>
  v !== null && typeof v === 'object' && (v as Json).set === true && Object.keys(v as Json).length === 1;
const aad = (slug: string, path: string[]) => `connector:${slug}:/${path.join('/')}`;

/** Seals the binding's secrets for storage; a secret sent back as `{ "set": true }` keeps the previous binding's. */
export function sealBinding(
  binding: ConnectorBinding,
  sealer: KeySealer,
  slug: string,
  boundBy: string,
  now: Date,
  previous?: StoredBinding | null,
): StoredBinding {
  const config = structuredClone(binding.config);
  for (const { path, parent, key } of secretsOf(config)) {
    const value = parent[key];
    if (isKept(value)) {
      const kept = previous ? parentOf(previous.config, path)?.[key] : undefined;
      if (!isSealed(kept))
        throw new ProblemError('client.validation_failed', {
          detail: 'Aucun secret enregistré à conserver.',
          errors: [{ pointer: `/config/${path.join('/')}`, detail: 'aucun secret enregistré' }],
        });
      parent[key] = kept;
    } else if (typeof value === 'string') {
      parent[key] = { sealed: sealer.seal(aad(slug, path), value) };
    }
  }
  return { target: binding.target, config, boundAt: now.toISOString(), boundBy };
}

/** The stored binding with its secrets opened (to build the connector; never for a response). */
export function openBinding(stored: StoredBinding, sealer: KeySealer, slug: string): ConnectorBinding {
  const config = structuredClone(stored.config);
  for (const { path, parent, key } of secretsOf(config)) {
    const value = parent[key];
    if (!isSealed(value))
      throw new ProblemError('gateway.misconfigured', { cause: new Error(`connector secret of ${slug} is not sealed`) });
    parent[key] = sealer.open(aad(slug, path), value.sealed);
  }
  return { target: stored.target, config };
}

/** The stored binding as the operator reads it: secrets as `{ "set": true }`. */
export function redactBinding(stored: StoredBinding): StoredBinding {
  const config = structuredClone(stored.config);
  for (const { parent, key } of secretsOf(config)) parent[key] = { set: true };
  return { ...stored, config };
}

/** True for a stored value that looks like a binding (older rows held a bare configuration in clear). */
export function isStoredBinding(value: unknown): value is StoredBinding {
  return (
    value !== null && typeof value === 'object' && typeof (value as Json).target === 'string' && typeof (value as Json).config === 'object'
  );
}
