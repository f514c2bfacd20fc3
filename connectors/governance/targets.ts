import { readFileSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ProblemError, type ProblemItem } from '../../schemas/index.js';

/**
 * Connector targets: what a deployment's connectors may reach, declared by the operator in
 * configuration (CONNECTOR_TARGETS). An API is bound to a connector only within one of them
 * (docs/architecture.md, "Connectors").
 */
export type ConnectorTarget =
  | { name: string; kind: 'sql'; dsn: string; role: string; views?: string[] }
  | { name: string; kind: 'flatfile'; root: string }
  | { name: string; kind: 'rest'; origins: string[]; root?: string }
  | { name: string; kind: 'soap'; origins: string[]; root?: string };

const NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;
const ROLE = /^[a-z_][a-z0-9_]{0,62}$/;
const VIEW = /^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*$/;

/** `scheme://host:port` of a URL, the port always written (RFC 6454 origin, explicit port). */
export function explicitOrigin(url: URL): string {
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return `${url.protocol}//${url.hostname.toLowerCase()}:${port}`;
}

function originOf(text: string): string | null {
  try {
    const u = new URL(text);
    return u.protocol === 'http:' || u.protocol === 'https:' ? explicitOrigin(u) : null;
  } catch {
    return null;
  }
}

/** The server and database a PostgreSQL connection string names (to refuse Datapedia's own). */
export function databaseIdentity(dsn: string): string | null {
  try {
    const u = new URL(dsn);
    const host = (u.hostname || 'localhost').toLowerCase().replace(/^(127\.0\.0\.1|\[::1\])$/, 'localhost');
    return `${host}:${u.port || '5432'}/${decodeURIComponent(u.pathname.replace(/^\//, '')) || decodeURIComponent(u.username) || 'postgres'}`;
  } catch {
    return null;
  }
}

function checkTarget(t: Record<string, unknown>, at: string, ownDatabase: string | null): ProblemItem[] {
  const errors: ProblemItem[] = [];
  const bad = (field: string, detail: string) => errors.push({ pointer: `${at}/${field}`, detail });
  if (typeof t.name !== 'string' || !NAME.test(t.name)) bad('name', 'nom attendu (minuscules, chiffres, tirets)');
  switch (t.kind) {
    case 'sql': {
      const id = typeof t.dsn === 'string' && /^postgres(ql)?:\/\//.test(t.dsn) ? databaseIdentity(t.dsn) : null;
      if (!id) bad('dsn', 'chaîne de connexion PostgreSQL attendue');
      else if (ownDatabase && id === ownDatabase) bad('dsn', 'la base de Datapedia elle-même ne peut pas être une cible de connecteur');
      if (typeof t.role !== 'string' || !ROLE.test(t.role)) bad('role', 'nom de rôle attendu');
      else if (t.role === 'postgres' || t.role.startsWith('pg_')) bad('role', 'rôle réservé');
      if (t.views !== undefined && !(Array.isArray(t.views) && t.views.every((v) => typeof v === 'string' && VIEW.test(v))))
        bad('views', 'liste de « schéma.vue » attendue');
      break;
    }
    case 'flatfile':
      if (typeof t.root !== 'string' || !isAbsolute(t.root)) bad('root', 'chemin absolu attendu');
      break;
    case 'rest':
    case 'soap':
      if (!Array.isArray(t.origins) || !t.origins.length || !t.origins.every((o) => typeof o === 'string' && originOf(o) !== null))
        bad('origins', 'liste d’origines http(s)://hôte:port attendue');
      if (t.root !== undefined && (typeof t.root !== 'string' || !isAbsolute(t.root))) bad('root', 'chemin absolu attendu');
      break;
    default:
      bad('kind', 'sql, flatfile, rest ou soap attendu');
  }
  return errors;
}

/** The declared targets of a process: from configuration, plus those the demo world declares at start. */
export class ConnectorTargets {
  readonly #byName = new Map<string, ConnectorTarget>();
  readonly #ownDatabase: string | null;

  /** `ownDatabaseUrl`: Datapedia's own database, which no SQL target may name. */
  constructor(targets: unknown[], opts: { ownDatabaseUrl?: string } = {}) {
    this.#ownDatabase = opts.ownDatabaseUrl ? databaseIdentity(opts.ownDatabaseUrl) : null;
    for (const t of targets) this.declare(t);
  }

  /** Adds targets; refused whole (`gateway.misconfigured`, one item per problem) when one is invalid or its name is taken. */
  declare(...targets: unknown[]): void {
    const errors: ProblemItem[] = [];
    targets.forEach((t, i) => {
      if (t === null || typeof t !== 'object' || Array.isArray(t)) return void errors.push({ pointer: `/${i}`, detail: 'objet attendu' });
      const found = checkTarget(t as Record<string, unknown>, `/${i}`, this.#ownDatabase);
      const name = (t as { name?: unknown }).name;
      if (!found.length && this.#byName.has(String(name)))
        found.push({ pointer: `/${i}/name`, detail: `cible « ${String(name)} » déjà déclarée` });
      errors.push(...found);
    });
    if (errors.length)
      throw new ProblemError('gateway.misconfigured', {
        detail: `CONNECTOR_TARGETS invalide : ${errors.map((e) => `${e.pointer} ${e.detail}`).join('; ')}`,
        errors,
      });
    for (const t of targets as ConnectorTarget[]) {
      const copy = structuredClone(t);
      if (copy.kind === 'rest' || copy.kind === 'soap') copy.origins = copy.origins.map((o) => originOf(o)!);
      this.#byName.set(copy.name, copy);
    }
  }

  get(name: string): ConnectorTarget | undefined {
    return this.#byName.get(name);
  }

  list(): ConnectorTarget[] {
    return [...this.#byName.values()];
  }
}

/**
 * Parses CONNECTOR_TARGETS: inline JSON when it starts with `[` or `{` (one target), otherwise
 * the path of a JSON or YAML file holding the list.
 */
export function parseConnectorTargets(value: string | undefined, opts: { ownDatabaseUrl?: string } = {}): ConnectorTargets {
  if (value === undefined || value.trim() === '') return new ConnectorTargets([], opts);
  let parsed: unknown;
  try {
    const text = /^\s*[[{]/.test(value) ? value : readFileSync(value, 'utf8');
    parsed = /^\s*[[{]/.test(text) ? JSON.parse(text) : parseYaml(text);
  } catch (cause) {
    throw new ProblemError('gateway.misconfigured', { detail: 'CONNECTOR_TARGETS : JSON ou fichier JSON/YAML lisible attendu.', cause });
  }
  return new ConnectorTargets(Array.isArray(parsed) ? parsed : [parsed], opts);
}
