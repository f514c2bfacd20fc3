import type pg from 'pg';
import type { Logger } from 'pino';
import { systemClock, type Clock } from '../schemas/index.js';
import { findGrantByContractId } from './store/grants.js';
import { findRevokedTokenByJti } from './store/tokens.js';
import { findEditorAccessBySiret } from './store/delegations.js';
import { toContractGrant, type ContractGrant, type EditorAccess } from './grant.js';

/** The exchange's view of contracts: cached, invalidated across processes within seconds. */
export interface ContractDirectory {
  /** The contract's terms in force (null: unknown or never validated — deny). */
  get(contractId: string): Promise<ContractGrant | null>;
  /** An editor's delegations and enabled clients (docs/architecture.md, "Delegations"). */
  editor(editorSiret: string): Promise<EditorAccess>;
  /** RFC 7009: true when the access token was revoked. */
  isTokenRevoked(jti: string): Promise<boolean>;
  /** Resolves once LISTEN is in place (tests, readiness). */
  ready(): Promise<void>;
  close(): Promise<void>;
}

export interface DirectoryOptions {
  clock?: Clock;
  /** Fallback bound when a notification is lost (default and maximum 5 s). */
  ttlMs?: number;
}

const CHANNELS = ['datapedia_contract', 'datapedia_token_revoked', 'datapedia_delegation'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * An in-memory cache of contract grants and revoked tokens. Every change is announced by the
 * database (triggers call pg_notify at COMMIT, migration contract_notify): each process LISTENs
 * on a dedicated connection and drops the entry at once. Entries also expire after `ttlMs`
 * (≤ 5 s) in case a notification is lost; while the listener is down the cache is bypassed,
 * so a revoked contract stops working everywhere within 5 s (docs/architecture.md, "Identity and access").
 */
export function createContractDirectory(pool: pg.Pool, logger: Logger, opts: DirectoryOptions = {}): ContractDirectory {
  const clock = opts.clock ?? systemClock;
  const ttl = Math.min(opts.ttlMs ?? 5000, 5000);
  const grants = new Map<string, { value: Promise<ContractGrant | null>; at: number }>();
  const revoked = new Map<string, { value: Promise<boolean>; at: number }>();
  const editors = new Map<string, { value: Promise<EditorAccess>; at: number }>();
  let listener: pg.PoolClient | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;
  let readyPromise: Promise<void>;

  function onNotification(msg: pg.Notification): void {
    if (msg.channel === 'datapedia_contract' && msg.payload) grants.delete(msg.payload);
    if (msg.channel === 'datapedia_token_revoked' && msg.payload) revoked.delete(msg.payload);
    if (msg.channel === 'datapedia_delegation' && msg.payload) editors.delete(msg.payload);
  }

  function lost(err?: unknown): void {
    if (closed || !listener) return;
    logger.warn({ err }, 'contract directory: listener lost, cache bypassed until it is back');
    const old = listener;
    listener = null;
    grants.clear();
    revoked.clear();
    editors.clear();
    old.release(true);
    retry = setTimeout(() => {
      readyPromise = listen();
    }, 1000);
    retry.unref();
  }

  async function listen(): Promise<void> {
    try {
      const client = await pool.connect();
      client.on('notification', onNotification);
      client.on('error', lost);
      client.on('end', () => lost());
      for (const ch of CHANNELS) await client.query(`LISTEN ${ch}`);
      if (closed) {
        client.release(true);
        return;
      }
      listener = client;
    } catch (err) {
      logger.warn({ err }, 'contract directory: LISTEN failed, retrying');
      if (!closed) {
        retry = setTimeout(() => {
          readyPromise = listen();
        }, 1000);
        retry.unref();
      }
    }
  }
  readyPromise = listen();

  function fresh(at: number): boolean {
    return listener !== null && Date.now() - at < ttl;
  }

  async function get(contractId: string): Promise<ContractGrant | null> {
    if (!UUID.test(contractId)) return null;
    let entry = grants.get(contractId);
    if (!entry || !fresh(entry.at)) {
      const e = {
        value: findGrantByContractId(pool, contractId).then((row) => (row ? toContractGrant(row, clock.now()) : null)),
        at: Date.now(),
      };
      if (grants.size > 100_000) grants.clear();
      grants.set(contractId, e);
      e.value.catch(() => grants.delete(contractId));
      entry = e;
    }
    const grant = await entry.value;
    // The end date is checked at each call, not at caching time.
    if (grant && grant.status === 'active' && grant.validUntil && new Date(grant.validUntil) <= clock.now())
      return { ...grant, status: 'expired' };
    return grant;
  }

  async function editor(editorSiret: string): Promise<EditorAccess> {
    let entry = editors.get(editorSiret);
    if (!entry || !fresh(entry.at)) {
      const e = {
        value: findEditorAccessBySiret(pool, editorSiret).then(({ delegations, clients }) => ({
          editorSiret,
          delegations: delegations.map((d) => ({
            id: d.id,
            contractId: d.contract_id,
            apiSlug: d.api_slug,
            consumerSiret: d.consumer_siret,
            editorSiret: d.editor_siret,
            software: d.software,
            status: d.status,
            declaredVolume: d.declared_volume,
          })),
          clients: clients.map((c) => ({ clientId: c.client_id, ipAllowlist: c.ip_allowlist })),
        })),
        at: Date.now(),
      };
      if (editors.size > 10_000) editors.clear();
      editors.set(editorSiret, e);
      e.value.catch(() => editors.delete(editorSiret));
      entry = e;
    }
    return entry.value;
  }

  async function isTokenRevoked(jti: string): Promise<boolean> {
    let entry = revoked.get(jti);
    if (!entry || !fresh(entry.at)) {
      entry = { value: findRevokedTokenByJti(pool, jti), at: Date.now() };
      revoked.set(jti, entry);
      entry.value.catch(() => revoked.delete(jti));
      if (revoked.size > 100_000) revoked.clear();
    }
    return entry.value;
  }

  return {
    get,
    editor,
    isTokenRevoked,
    ready: () => readyPromise,
    close: async () => {
      closed = true;
      clearTimeout(retry);
      if (listener) {
        const l = listener;
        listener = null;
        await l.query(`UNLISTEN *`).catch(() => undefined);
        l.release();
      }
    },
  };
}
