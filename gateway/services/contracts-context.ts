import {
  accessTokenKeys, catalogueApiLookup, runContractsHousekeeping, createArtefactSigner, createContractDirectory, createSigningKeys,
  type AccessTokenKeys, type AuthorizationServer, type ContractDirectory, type ContractEvent, type ContractsContext, type SigningKeys,
} from '../../contracts/index.js';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { Clock } from '../../schemas/index.js';
import type { Config } from '../config.js';

/** What the runtime needs of the app's deps (structural, so deps.ts may import this file's users). */
export interface RuntimeDeps {
  config: Pick<Config, 'PUBLIC_URL' | 'KEY_ENCRYPTION_SECRET' | 'ACCESS_TOKEN_TTL_SECONDS'>;
  pool: pg.Pool;
  logger: Logger;
  clock: Clock;
}

/** The contracts part of one app: domain context, authorisation server, keys, contract directory. */
export interface ContractsRuntime {
  ctx: ContractsContext;
  as: AuthorizationServer;
  keys: SigningKeys;
  /** For the exchange's token verification (`verifyAccessToken(tokenKeys, token)`). */
  tokenKeys: AccessTokenKeys;
  /** The LISTEN/NOTIFY-invalidated cache of contracts (started on first use). */
  directory(): ContractDirectory;
  /** Ledger port: the lead wires `createLedgerWriter` here (until then events are logged and kept in contract_events). */
  setTransitionListener(fn: (event: ContractEvent) => Promise<void> | void): void;
  close(): Promise<void>;
}

const runtimes = new WeakMap<RuntimeDeps, ContractsRuntime>();
const HOUSEKEEPING_MS = 60_000;
const TOKEN_KEY_MAX_AGE_MS = 30 * 24 * 3600_000;

/** One runtime per app (keyed by its deps), shared by the REST, OAuth, GraphQL, web and exchange surfaces. */
export function contractsRuntime(deps: RuntimeDeps): ContractsRuntime {
  let r = runtimes.get(deps);
  if (r) return r;
  const issuer = deps.config.PUBLIC_URL.replace(/\/+$/, '');
  const keys = createSigningKeys({ pool: deps.pool, clock: deps.clock, secret: deps.config.KEY_ENCRYPTION_SECRET, tokenTtlSeconds: deps.config.ACCESS_TOKEN_TTL_SECONDS });
  let listener: ((event: ContractEvent) => Promise<void> | void) | null = null;
  let directory: ContractDirectory | null = null;
  const ctx: ContractsContext = {
    pool: deps.pool,
    clock: deps.clock,
    lookupApi: catalogueApiLookup(deps.pool),
    signArtefact: createArtefactSigner(keys, issuer),
    onTransition: async (event) => {
      deps.logger.info({ contractId: event.contractId, action: event.action, from: event.from, to: event.to, actor: event.actor.sub }, 'contract transition');
      // The transition is committed and kept in contract_events: a failing listener (ledger
      // unavailable) is logged for replay, it does not turn a done action into an error.
      try {
        await listener?.(event);
      } catch (err) {
        deps.logger.error({ err, contractId: event.contractId, eventId: event.id }, 'contract transition not forwarded to the ledger');
      }
    },
  };
  const audience = `${issuer}/exchange`;
  // Expiry sweep and purge of spent jtis / revoked tokens, once a minute (timer does not keep the process alive).
  // Token keys rotate every TOKEN_KEY_MAX_AGE_MS (the old one stays published until its last token expired).
  const housekeeping = setInterval(() => {
    runContractsHousekeeping(ctx)
      .then(() => keys.rotateIfOlderThan('token', TOKEN_KEY_MAX_AGE_MS))
      .then((kid) => { if (kid) deps.logger.info({ kid }, 'token signing key rotated'); })
      .catch((err: unknown) => deps.logger.warn({ err }, 'contracts housekeeping failed'));
  }, HOUSEKEEPING_MS);
  housekeeping.unref();
  r = {
    ctx,
    keys,
    as: { pool: deps.pool, clock: deps.clock, keys, issuer, audience, tokenTtlSeconds: deps.config.ACCESS_TOKEN_TTL_SECONDS },
    tokenKeys: accessTokenKeys(keys, { issuer, audience, clock: deps.clock }),
    directory: () => (directory ??= createContractDirectory(deps.pool, deps.logger, { clock: deps.clock })),
    setTransitionListener: (fn) => { listener = fn; },
    close: async () => {
      clearInterval(housekeeping);
      await directory?.close();
    },
  };
  runtimes.set(deps, r);
  return r;
}
