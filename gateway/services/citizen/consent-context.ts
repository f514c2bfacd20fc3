/**
 * The consent part of one app: the domain context (pool, clock, ledger port), the exchange's
 * consent checker (LISTEN/NOTIFY cache, started on first use) and the trail's label caches.
 * The ledger port `recordConsentEvent` appends `consent.event` / `citizen.report` events with
 * the process-wide writer (`deps.ledger`, or the exchange's `exchangeParts.ledger` of main.ts);
 * without one, the runtime opens a writer of its own on its own chain (tests, tools), closed
 * with the app.
 */
import { createConsentChecker, expireConsents, type ConsentCheckerHandle, type ConsentContext, type ConsentLedgerEvent } from '../../../consent/index.js';
import { createLedgerWriter, defaultChainId, type LedgerEventInput, type LedgerWriter } from '../../../ledger/index.js';
import type pg from 'pg';
import type { Clock } from '../../../schemas/index.js';
import type { Config } from '../../config.js';
import { createLabelCache, type LabelCache } from './labels.js';
import { citizenTokenVerifier } from '../../exchange-adapters/citizen-token.js';
import type { CitizenTokenVerifier } from '../../../exchange/ports.js';

export interface ConsentRuntime {
  ctx: ConsentContext;
  checker(): ConsentCheckerHandle;
  labels: LabelCache;
  /** FranceConnect mode of the exchange (port `citizenTokens`): the citizen identity provider checks the token. */
  citizenTokens: CitizenTokenVerifier;
  /** Set by createApp once the identity part exists (the citizen relying party). */
  setCitizenParty(party: Parameters<typeof citizenTokenVerifier>[0] extends () => infer P ? P : never): void;
  close(): Promise<void>;
}

/** What the runtime needs of the app's deps (structural: keeps gateway/deps.ts out of the exchange adapters' imports). */
export interface ConsentDeps {
  config: Pick<Config, 'SUBJECT_HMAC_SECRET'>;
  pool: pg.Pool;
  clock: Clock;
  logger: { warn(obj: object, msg: string): void };
  ledger?: Pick<LedgerWriter, 'append'>;
  /** The exchange path's process-wide ledger port (main.ts), used when `ledger` is absent. */
  exchangeParts?: { ledger?: { append(event: never): Promise<unknown> } };
}

/**
 * The writer of control-plane events: `deps.ledger`; else the exchange's process-wide port,
 * which forwards any event to the domain writer (gateway/exchange/adapters/ledger.ts), so the
 * process keeps one chain; else null (the runtime opens its own).
 */
function sharedWriter(deps: ConsentDeps): Pick<LedgerWriter, 'append'> | null {
  if (deps.ledger) return deps.ledger;
  const port = deps.exchangeParts?.ledger;
  return port ? { append: (e) => port.append(e as never) as ReturnType<LedgerWriter['append']> } : null;
}

const runtimes = new WeakMap<ConsentDeps, ConsentRuntime>();
const EXPIRY_SWEEP_MS = 60_000;

/** Maps a consent-domain event onto the ledger's input (no personal data: subject_ref only). */
export function toLedgerEvent(e: ConsentLedgerEvent): LedgerEventInput {
  return {
    id: e.id, type: e.type, occurredAt: e.occurredAt, outcome: 'recorded',
    actor: { kind: e.actor.kind, ...(e.actor.kind !== 'citizen' ? { id: e.actor.id } : {}), ...(e.actor.organisationSiret ? { organisationSiret: e.actor.organisationSiret } : {}) },
    subjectRef: e.subjectRef, subjectKind: e.subjectKind, consumerSiret: e.consumerSiret, apiSlug: e.apiSlug, dataElements: e.dataElements, detail: e.detail,
  };
}

/** One runtime per app (keyed by its deps), shared by REST, GraphQL, web and the exchange path. */
export function consentRuntime(deps: ConsentDeps): ConsentRuntime {
  let r = runtimes.get(deps);
  if (r) return r;
  let own: LedgerWriter | null = null;
  const shared = sharedWriter(deps);
  const writer = (): Pick<LedgerWriter, 'append'> => shared ?? (own ??= createLedgerWriter({ pool: deps.pool, clock: deps.clock, chainId: `${defaultChainId()}-cp` }));
  let checker: ConsentCheckerHandle | null = null;
  let party: Parameters<ConsentRuntime['setCitizenParty']>[0] = null;
  r = {
    ctx: {
      pool: deps.pool,
      clock: deps.clock,
      recordConsentEvent: async (e) => { await writer().append(toLedgerEvent(e)); },
    },
    checker: () => (checker ??= createConsentChecker({ pool: deps.pool, clock: deps.clock, logger: deps.logger })),
    labels: createLabelCache(deps.pool),
    citizenTokens: citizenTokenVerifier(() => party, deps.config.SUBJECT_HMAC_SECRET),
    setCitizenParty: (p) => { party = p; },
    close: async () => {
      clearInterval(sweep);
      await checker?.close();
      await own?.close();
      runtimes.delete(deps);
    },
  };
  // Lapsed consents get their `expired` version and ledger event (consent/expire.ts).
  const ctx = r.ctx;
  const sweep = setInterval(() => {
    expireConsents(ctx).catch((err: unknown) => deps.logger.warn({ err }, 'consent expiry sweep failed'));
  }, EXPIRY_SWEEP_MS);
  sweep.unref();
  runtimes.set(deps, r);
  return r;
}
