/**
 * The contracts part of a process: domain context, authorisation server, keys, contract
 * directory. Built once by gateway/compose.ts and shared by the REST, OAuth, GraphQL, web and
 * exchange surfaces; the periodic housekeeping is a job of gateway/background.ts.
 */
import {
  accessTokenKeys,
  catalogueApiLookup,
  runContractsHousekeeping,
  createArtefactSigner,
  createContractDirectory,
  createSigningKeys,
  type AccessTokenKeys,
  type AuthorizationServer,
  type ContractDirectory,
  type ContractEvent,
  type ContractsContext,
  type EditorCredentialEvent,
  type SigningKeys,
} from '../../contracts/index.js';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { Clock } from '../../schemas/index.js';
import type { Config } from '../config.js';

export interface ContractsServices {
  ctx: ContractsContext;
  as: AuthorizationServer;
  keys: SigningKeys;
  /** For the exchange's token verification (`verifyAccessToken(tokenKeys, token)`). */
  tokenKeys: AccessTokenKeys;
  /** The LISTEN/NOTIFY-invalidated cache of contracts. */
  directory: ContractDirectory;
  /** Expiry sweep, purge of spent jtis and revoked tokens, token key rotation; the new kid when rotated. */
  housekeeping(): Promise<string | null>;
  close(): Promise<void>;
}

/** Token signing keys rotate after this age (the old one stays published until its last token expired). */
const TOKEN_KEY_MAX_AGE_MS = 30 * 24 * 3600_000;

export function createContractsServices(
  deps: {
    config: Pick<Config, 'PUBLIC_URL' | 'KEY_ENCRYPTION_SECRET' | 'ACCESS_TOKEN_TTL_SECONDS'>;
    pool: pg.Pool;
    logger: Logger;
    clock: Clock;
  },
  /** Where committed transitions go (the process's ledger writer). */
  opts: { forward(event: ContractEvent): Promise<void>; forwardEditor?(event: EditorCredentialEvent): Promise<void> },
): ContractsServices {
  const issuer = deps.config.PUBLIC_URL.replace(/\/+$/, '');
  const audience = `${issuer}/exchange`;
  const keys = createSigningKeys({
    pool: deps.pool,
    clock: deps.clock,
    secret: deps.config.KEY_ENCRYPTION_SECRET,
    tokenTtlSeconds: deps.config.ACCESS_TOKEN_TTL_SECONDS,
  });
  const ctx: ContractsContext = {
    pool: deps.pool,
    clock: deps.clock,
    lookupApi: catalogueApiLookup(deps.pool),
    signArtefact: createArtefactSigner(keys, issuer),
    onTransition: async (event) => {
      deps.logger.info(
        { contractId: event.contractId, action: event.action, from: event.from, to: event.to, actor: event.actor.sub },
        'contract transition',
      );
      // The transition is committed and kept in contract_events: a failing ledger is logged for
      // replay, it does not turn a done action into an error.
      try {
        await opts.forward(event);
      } catch (err) {
        deps.logger.error({ err, contractId: event.contractId, eventId: event.id }, 'contract transition not forwarded to the ledger');
      }
    },
    onEditorCredential: async (event) => {
      deps.logger.info({ editor: event.editorSiret, action: event.action, clientId: event.clientId }, 'editor credential');
      try {
        await opts.forwardEditor?.(event);
      } catch (err) {
        deps.logger.error({ err, eventId: event.id }, 'editor credential event not forwarded to the ledger');
      }
    },
  };
  const directory = createContractDirectory(deps.pool, deps.logger, { clock: deps.clock });
  return {
    ctx,
    keys,
    as: { pool: deps.pool, clock: deps.clock, keys, issuer, audience, tokenTtlSeconds: deps.config.ACCESS_TOKEN_TTL_SECONDS },
    tokenKeys: accessTokenKeys(keys, { issuer, audience, clock: deps.clock }),
    directory,
    housekeeping: async () => {
      await runContractsHousekeeping(ctx);
      return keys.rotateIfOlderThan('token', TOKEN_KEY_MAX_AGE_MS);
    },
    close: () => directory.close(),
  };
}
