/**
 * The flows services of a process (docs/architecture.md, "Composition"): the `FlowsContext`
 * built from configuration, the front office's authentication (an access token of the
 * authorisation server under a contract on the flows API, verified by the contracts domain),
 * the subscriber behind a request, the webhook signer and the periodic jobs. No express types.
 */
import { join } from 'node:path';
import type pg from 'pg';
import { CompactSign } from 'jose';
import type { Logger } from 'pino';
import { verifyAccessToken, type AccessTokenKeys, type ContractGrant, type SigningKeys } from '../../contracts/index.js';
import {
  createFolderBlobStore,
  createS3BlobStore,
  deliverDueStatusPushes,
  deliverDueWebhooks,
  purgeExpiredDossiers,
  relayPersonNotifications,
  sweepOrphanBlobs,
  type BlobStore,
  type FlowActor,
  type FlowsContext,
  type FlowsLedger,
  type PersonNotification,
  type SignDetached,
} from '../../flows/index.js';
import { dossierStatusKey, notifyPerson } from '../../notify/index.js';
import { createKeySealer, ProblemError, type Clock } from '../../schemas/index.js';

/** The configuration keys of flows (schemas/config.json). */
export interface FlowsSettings {
  DATA_DIR: string;
  KEY_ENCRYPTION_SECRET: string;
  SUBJECT_HMAC_SECRET: string;
  FLOWS_BLOB_STORE?: 'folder' | 's3';
  FLOWS_S3_BUCKET?: string;
  FLOWS_S3_PREFIX?: string;
  FLOWS_S3_ENDPOINT?: string;
  FLOWS_S3_REGION?: string;
  FLOWS_S3_ACCESS_KEY_ID?: string;
  FLOWS_S3_SECRET_ACCESS_KEY?: string;
  FLOWS_VISIBILITY_TIMEOUT_MS?: number;
  /** Comma-separated hosts (`host` or `host:port`) webhooks may be sent to. */
  FLOWS_WEBHOOK_HOSTS?: string;
  FLOWS_WEBHOOK_MAX_ATTEMPTS?: number;
  FLOWS_WEBHOOK_BASE_DELAY_MS?: number;
  /** The catalogue API whose contracts let a client use the flows (deposit, instruction). */
  FLOWS_API_SLUG?: string;
}

export const DEFAULT_FLOWS_API_SLUG = 'datapedia-demarches';

/** The blob store of configuration: a folder under DATA_DIR, or an S3-compatible bucket. */
export function flowsBlobStore(s: FlowsSettings): BlobStore {
  if (s.FLOWS_BLOB_STORE !== 's3') return createFolderBlobStore(join(s.DATA_DIR, 'flows'));
  if (!s.FLOWS_S3_BUCKET)
    throw new ProblemError('gateway.misconfigured', { detail: 'FLOWS_S3_BUCKET is required with FLOWS_BLOB_STORE=s3.' });
  return createS3BlobStore({
    bucket: s.FLOWS_S3_BUCKET,
    prefix: s.FLOWS_S3_PREFIX ?? 'flows/',
    client: {
      region: s.FLOWS_S3_REGION ?? 'us-east-1',
      forcePathStyle: !!s.FLOWS_S3_ENDPOINT,
      ...(s.FLOWS_S3_ENDPOINT ? { endpoint: s.FLOWS_S3_ENDPOINT } : {}),
      ...(s.FLOWS_S3_ACCESS_KEY_ID && s.FLOWS_S3_SECRET_ACCESS_KEY
        ? { credentials: { accessKeyId: s.FLOWS_S3_ACCESS_KEY_ID, secretAccessKey: s.FLOWS_S3_SECRET_ACCESS_KEY } }
        : {}),
    },
  });
}

/**
 * The process's `FlowsContext`. `pool` is the control plane's; `ledger` is the process's one
 * writer, which must not draw its connections from that pool (flows/types.ts, `FlowsLedger`).
 */
export function buildFlowsContext(o: {
  settings: FlowsSettings;
  pool: pg.Pool;
  clock: Clock;
  ledger: FlowsLedger;
  blobs?: BlobStore;
}): FlowsContext {
  return {
    pool: o.pool,
    clock: o.clock,
    ledger: o.ledger,
    blobs: o.blobs ?? flowsBlobStore(o.settings),
    sealer: createKeySealer(o.settings.KEY_ENCRYPTION_SECRET, 'flow-payloads'),
    subjectSecret: o.settings.SUBJECT_HMAC_SECRET,
    ...(o.settings.FLOWS_VISIBILITY_TIMEOUT_MS ? { visibilityTimeoutMs: o.settings.FLOWS_VISIBILITY_TIMEOUT_MS } : {}),
  };
}

export function webhookHosts(s: FlowsSettings): string[] {
  return (s.FLOWS_WEBHOOK_HOSTS ?? '')
    .split(',')
    .map((h) => h.trim())
    .filter(Boolean);
}

/** The scope of a contract on the flows API that allows depositing dossiers of a procedure. */
export function depositScope(procedureCode: string): string {
  return `depot_${procedureCode.replace(/-/g, '_')}`;
}
/** The scope that lets a subscriber's own back end pull its dossiers and post statuses. */
export const INSTRUCTION_SCOPE = 'instruction';

/** A client of the flows API, as its verified access token and contract say. */
export interface FlowsClient {
  clientId: string;
  /** The contract's consumer: the front office's (or the subscriber's) organisation. */
  siret: string;
  contractId: string;
  scopes: string[];
}

/** What verifying a flows client needs: the token keys and the contract directory of the contracts domain. */
export interface FlowsClientVerifierDeps {
  keys: AccessTokenKeys;
  directory: { get(contractId: string): Promise<ContractGrant | null>; isTokenRevoked(jti: string): Promise<boolean> };
  apiSlug: string;
}

const BEARER = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/;
const CHALLENGE = { 'WWW-Authenticate': 'Bearer' };

/**
 * Verifies the `Authorization` header of a flows client (RFC 6750): the token through the
 * contracts domain (signature, issuer, audience, lifetime; revocation), then its contract:
 * active, on the flows API, naming this client. Scopes kept: those the token carries that the
 * contract still grants. Fails closed: 401 for any token problem, 403 for a contract that does
 * not cover the flows.
 */
export function flowsClientVerifier(d: FlowsClientVerifierDeps): (authorization: string | undefined) => Promise<FlowsClient> {
  return async (authorization) => {
    if (!authorization)
      throw new ProblemError('client.unauthenticated', { detail: 'Jeton d’accès requis (Authorization: Bearer).', headers: CHALLENGE });
    const m = BEARER.exec(authorization);
    if (!m)
      throw new ProblemError('client.invalid_token', {
        detail: 'En-tête Authorization mal formé.',
        headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
      });
    const claims = await verifyAccessToken(d.keys, m[1]!);
    if (await d.directory.isTokenRevoked(claims.jti))
      throw new ProblemError('client.invalid_token', {
        detail: 'Jeton révoqué.',
        headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
      });
    const grant = await d.directory.get(claims.contract_id);
    if (!grant || grant.status !== 'active')
      throw new ProblemError('client.contract_inactive', { detail: `Contrat ${grant?.status ?? 'inconnu'}.` });
    if (grant.apiSlug !== d.apiSlug)
      throw new ProblemError('client.endpoint_not_granted', { detail: 'Ce contrat ne couvre pas le dépôt ni l’instruction de démarches.' });
    if (!grant.clientIds.includes(claims.client_id))
      throw new ProblemError('client.invalid_token', {
        detail: 'Client étranger au contrat.',
        headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
      });
    const scopes = claims.scope.split(' ').filter((s) => s && grant.scopes.includes(s));
    return { clientId: claims.client_id, siret: grant.consumerSiret, contractId: grant.id, scopes };
  };
}

/** 403 unless the client's token allows depositing this procedure. */
export function requireDepositScope(c: FlowsClient, procedureCode: string): void {
  if (!c.scopes.includes(depositScope(procedureCode))) {
    throw new ProblemError('client.scope_not_granted', {
      detail: `Le contrat ne permet pas de déposer la démarche « ${procedureCode.slice(0, 64)} ».`,
    });
  }
}

const SUBSCRIBER_ROLES = ['instructor', 'admin'] as const;

/** Who calls, as the control plane's principal describes it (agents, or a subscriber's client acting as one). */
export interface FlowsCaller {
  sub: string;
  memberships: { siret: string; roles: readonly string[] }[];
}

/**
 * The instructing administration a request acts for: the `organisation` SIRET when given (the
 * guard checked it is the caller's), else the caller's only organisation where they instruct.
 */
export function subscriberOf(p: FlowsCaller | undefined, organisation: string | undefined): { siret: string; actor: FlowActor } {
  const mine = (p?.memberships ?? [])
    .filter((m) => m.roles.some((r) => (SUBSCRIBER_ROLES as readonly string[]).includes(r)))
    .map((m) => m.siret);
  if (!p || mine.length === 0)
    throw new ProblemError('client.forbidden', { detail: 'Rôle « instructor » ou « admin » d’une administration abonnée requis.' });
  let siret: string;
  if (organisation !== undefined) {
    if (!mine.includes(organisation))
      throw new ProblemError('client.forbidden', { detail: 'Vous n’instruisez pas pour cette organisation.' });
    siret = organisation;
  } else {
    if (mine.length > 1)
      throw new ProblemError('client.invalid_parameter', {
        detail: 'Précisez l’organisation (paramètre organisation).',
        errors: [{ pointer: '/organisation', detail: 'obligatoire' }],
      });
    siret = mine[0]!;
  }
  const kind = p.sub.startsWith('client:') ? 'client' : 'agent';
  return { siret, actor: { kind, id: kind === 'client' ? p.sub.slice(7) : p.sub, organisationSiret: siret } };
}

/**
 * Detached JWS (RFC 7515 Appendix F) over a webhook body, ES256 with the platform's artefact
 * key, published at `/.well-known/jwks.json`: `header..signature`.
 */
export function webhookSigner(keys: Pick<SigningKeys, 'activeKey'>): SignDetached {
  return async (body) => {
    const { kid, privateKey } = await keys.activeKey('artefact');
    const jws = await new CompactSign(body).setProtectedHeader({ alg: 'ES256', kid, typ: 'datapedia-webhook+jws' }).sign(privateKey);
    const [h, , s] = jws.split('.');
    return `${h}..${s}`;
  };
}

/** One periodic job of flows: a name, a period, and one pass. */
export interface FlowsJob {
  name: string;
  everyMs: number;
  run(): Promise<unknown>;
}

/**
 * The periodic jobs of flows, for gateway/background.ts: pushes to subscribers and to front
 * offices, the person's notifications (handed to the notification outbox), retention, and the
 * orphan sweep.
 */
export function flowsJobs(
  ctx: FlowsContext,
  o: {
    settings: FlowsSettings;
    sign: SignDetached;
    notify: (db: pg.PoolClient, n: PersonNotification) => Promise<void>;
    logger?: Logger;
  },
): FlowsJob[] {
  const webhook = {
    sign: o.sign,
    maxAttempts: o.settings.FLOWS_WEBHOOK_MAX_ATTEMPTS ?? 8,
    baseDelayMs: o.settings.FLOWS_WEBHOOK_BASE_DELAY_MS ?? 10_000,
  };
  return [
    { name: 'flows.webhooks', everyMs: 2_000, run: () => deliverDueWebhooks(ctx, webhook) },
    { name: 'flows.status-pushes', everyMs: 2_000, run: () => deliverDueStatusPushes(ctx, webhook) },
    { name: 'flows.person-notifications', everyMs: 5_000, run: () => relayPersonNotifications(ctx, o.notify) },
    { name: 'flows.retention', everyMs: 3_600_000, run: () => purgeExpiredDossiers(ctx) },
    { name: 'flows.orphan-sweep', everyMs: 3_600_000, run: () => sweepOrphanBlobs(ctx) },
  ];
}

/** What the surfaces and the jobs of flows receive from the composition root. */
export interface FlowsServices {
  ctx: FlowsContext;
  /** Verifies a flows client's `Authorization` header. */
  verifyClient: (authorization: string | undefined) => Promise<FlowsClient>;
  webhookHosts: string[];
  /** Signs webhook bodies with the key published at /.well-known/jwks.json. */
  sign: SignDetached;
  settings: FlowsSettings;
}

/** Builds the flows services of a process over the contracts services (token keys, directory, signing keys) and the process's ledger writer. */
export function createFlowsServices(
  deps: { config: FlowsSettings; pool: pg.Pool; clock: Clock },
  o: {
    ledger: FlowsLedger;
    contracts: { tokenKeys: AccessTokenKeys; directory: FlowsClientVerifierDeps['directory']; keys: Pick<SigningKeys, 'activeKey'> };
    blobs?: BlobStore;
  },
): FlowsServices {
  const settings = deps.config;
  return {
    ctx: buildFlowsContext({ settings, pool: deps.pool, clock: deps.clock, ledger: o.ledger, ...(o.blobs ? { blobs: o.blobs } : {}) }),
    verifyClient: flowsClientVerifier({
      keys: o.contracts.tokenKeys,
      directory: o.contracts.directory,
      apiSlug: settings.FLOWS_API_SLUG ?? DEFAULT_FLOWS_API_SLUG,
    }),
    webhookHosts: webhookHosts(settings),
    sign: webhookSigner(o.contracts.keys),
    settings,
  };
}

/** Hands a status notification of flows to the notification outbox (in the relay's transaction; the outbox deduplicates by key). */
export async function notifyDossierStatus(db: pg.PoolClient, n: PersonNotification): Promise<void> {
  await notifyPerson(db, { personRef: n.subjectRef, kind: 'dossier_status', key: dossierStatusKey(n.dossierId, n.status), at: n.at });
}
