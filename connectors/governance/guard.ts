import { realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { ProblemError, type ProblemCode } from '../../schemas/index.js';
import type { ConnectorConfig, FlatFileConfig, RestConfig, SoapConfig, SqlConfig } from '../config/types.js';
import { validateConnectorConfig } from '../config/validate.js';
import { refusedAddress } from './addresses.js';
import { explicitOrigin, type ConnectorTarget, type ConnectorTargets } from './targets.js';

/** What the operator binds an API to: one declared target and the connector's configuration within it. */
export interface ConnectorBinding {
  target: string;
  config: Record<string, unknown>;
}

/** A binding checked against its target: the configuration the connector is built from. */
export interface CheckedBinding {
  target: ConnectorTarget;
  config: ConnectorConfig;
}

function refuse(code: ProblemCode, pointer: string, detail: string): never {
  throw new ProblemError(code, { detail, errors: [{ pointer, detail }] });
}

/** A relative path resolved under `root`, symlinks followed and the result rechecked. */
async function underRoot(root: string | undefined, file: string, pointer: string): Promise<string> {
  if (!root) refuse('client.connector_path_not_allowed', pointer, 'la cible ne déclare aucune racine de fichiers');
  if (isAbsolute(file) || file.split(/[\\/]/).includes('..') || file.includes('\0')) {
    refuse('client.connector_path_not_allowed', pointer, 'chemin relatif à la racine de la cible attendu (ni absolu, ni « .. »)');
  }
  let real: string;
  let realRoot: string;
  try {
    realRoot = await realpath(root);
    real = await realpath(resolve(realRoot, file));
  } catch {
    refuse('client.connector_path_not_allowed', pointer, 'fichier introuvable sous la racine de la cible');
  }
  const rel = relative(realRoot, real);
  if (rel === '' || rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel))
    refuse('client.connector_path_not_allowed', pointer, 'le fichier sort de la racine de la cible (lien symbolique)');
  return real;
}

/** The URL's origin must be one the target declares, and must not resolve to an internal address unless declared as such. */
async function allowedUrl(target: { name: string; origins: string[] }, text: string, pointer: string): Promise<void> {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    refuse('client.connector_target_not_allowed', pointer, 'URL invalide');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    refuse('client.connector_target_not_allowed', pointer, 'http ou https attendu');
  const origin = explicitOrigin(url);
  if (!target.origins.includes(origin))
    refuse('client.connector_target_not_allowed', pointer, `${origin} n’est pas une origine de la cible « ${target.name} »`);
  const why = await refusedAddress(url.hostname);
  if (why) refuse('client.connector_address_not_allowed', pointer, why);
}

/** Functions that reach beyond the target's rows (files, roles, other servers); refused even where the role would allow them. */
const FORBIDDEN =
  /\b(set_config|pg_read_file|pg_read_binary_file|pg_ls_dir|pg_stat_file|lo_import|lo_export|lo_get|dblink\w*|query_to_xml\w*|current_setting)\s*\(/i;

const FROM = /\b(?:from|join)\s+((?:"?[a-z_][a-z0-9_]*"?\.)?"?[a-z_][a-z0-9_]*"?)/gi;

async function checkSql(target: Extract<ConnectorTarget, { kind: 'sql' }>, config: SqlConfig): Promise<SqlConfig> {
  if (config.connectionString !== undefined)
    refuse(
      'client.connector_target_not_allowed',
      '/config/connectionString',
      'la base vient de la cible déclarée, pas de la configuration',
    );
  if (config.role !== target.role)
    refuse('client.connector_role_not_allowed', '/config/role', `la cible « ${target.name} » impose son rôle`);
  for (const [id, op] of Object.entries(config.operations)) {
    const at = `/config/operations/${id}/query`;
    if (!/^\s*select\b/i.test(op.query) || op.query.includes(';'))
      refuse('client.connector_target_not_allowed', at, 'une seule requête SELECT attendue');
    const forbidden = FORBIDDEN.exec(op.query);
    if (forbidden) refuse('client.connector_target_not_allowed', at, `fonction ${forbidden[1]} interdite dans une requête de connecteur`);
    if (target.views) {
      for (const m of op.query.matchAll(FROM)) {
        const name = m[1]!.replace(/"/g, '').toLowerCase();
        if (!target.views.includes(name))
          refuse('client.connector_target_not_allowed', at, `« ${name} » n’est pas une vue déclarée de la cible « ${target.name} »`);
      }
    }
  }
  return { ...config, connectionString: target.dsn, role: target.role };
}

async function checkRest(target: Extract<ConnectorTarget, { kind: 'rest' }>, config: RestConfig): Promise<RestConfig> {
  await allowedUrl(target, config.baseUrl, '/config/baseUrl');
  if (config.auth?.type === 'oauth2_client_credentials') await allowedUrl(target, config.auth.tokenUrl, '/config/auth/tokenUrl');
  if (!config.tls) return config;
  const tls = {
    ...config.tls,
    certFile: await underRoot(target.root, config.tls.certFile, '/config/tls/certFile'),
    keyFile: await underRoot(target.root, config.tls.keyFile, '/config/tls/keyFile'),
    caFile: await underRoot(target.root, config.tls.caFile, '/config/tls/caFile'),
  };
  return { ...config, tls };
}

async function checkSoap(target: Extract<ConnectorTarget, { kind: 'soap' }>, config: SoapConfig): Promise<SoapConfig> {
  // The service address is always explicit: a WSDL's own address is not under the operator's control.
  if (config.endpoint === undefined) refuse('client.connector_target_not_allowed', '/config/endpoint', 'adresse du service obligatoire');
  await allowedUrl(target, config.endpoint, '/config/endpoint');
  if (/^[a-z][a-z0-9+.-]*:/i.test(config.wsdl)) {
    await allowedUrl(target, config.wsdl, '/config/wsdl');
    return config;
  }
  return { ...config, wsdl: await underRoot(target.root, config.wsdl, '/config/wsdl') };
}

async function checkFlatFile(target: Extract<ConnectorTarget, { kind: 'flatfile' }>, config: FlatFileConfig): Promise<FlatFileConfig> {
  return { ...config, file: await underRoot(target.root, config.file, '/config/file') };
}

/**
 * Checks a binding against the declared targets (docs/architecture.md, "Connectors"): the target
 * exists and is of the configuration's kind; a SQL connector reads the target's database as the
 * target's role (never Datapedia's own database, never a role of its choosing), one SELECT over
 * the declared views; files are resolved under the target's root (no absolute path, no `..`,
 * symlinks resolved and rechecked); REST and SOAP addresses are among the target's origins and
 * do not resolve to loopback or link-local addresses unless declared. Returns the configuration
 * the connector is built from; refuses with `client.connector_*` codes (or
 * `client.validation_failed` for a malformed configuration).
 */
export async function checkBinding(binding: unknown, targets: ConnectorTargets): Promise<CheckedBinding> {
  if (binding === null || typeof binding !== 'object' || Array.isArray(binding))
    refuse('client.validation_failed', '', 'objet { target, config } attendu');
  const b = binding as Partial<ConnectorBinding>;
  const extra = Object.keys(b).filter((k) => k !== 'target' && k !== 'config');
  if (extra.length) refuse('client.validation_failed', `/${extra[0]}`, 'propriété inconnue');
  if (typeof b.target !== 'string') refuse('client.validation_failed', '/target', 'nom de cible attendu');
  const target = targets.get(b.target);
  if (!target)
    refuse(
      'client.connector_target_not_allowed',
      '/target',
      `aucune cible « ${b.target.slice(0, 64)} » n’est déclarée (CONNECTOR_TARGETS)`,
    );
  if (b.config === null || typeof b.config !== 'object' || Array.isArray(b.config))
    refuse('client.validation_failed', '/config', 'configuration de connecteur attendue');
  if (b.config.kind !== target.kind)
    refuse('client.connector_target_not_allowed', '/config/kind', `la cible « ${target.name} » est de type ${target.kind}`);
  const raw = target.kind === 'sql' && b.config.role === undefined ? { ...b.config, role: target.role } : b.config;
  const config = validateConnectorConfig(raw);
  switch (target.kind) {
    case 'sql':
      return { target, config: await checkSql(target, config as SqlConfig) };
    case 'rest':
      return { target, config: await checkRest(target, config as RestConfig) };
    case 'soap':
      return { target, config: await checkSoap(target, config as SoapConfig) };
    case 'flatfile':
      return { target, config: await checkFlatFile(target, config as FlatFileConfig) };
  }
}
