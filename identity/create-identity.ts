import type { RequestHandler } from 'express';
import type Provider from 'oidc-provider';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { Clock } from '../schemas/index.js';
import { bearerAuthenticator, createBearerResolver, sessionAuthenticator, type Authenticator } from './authenticators.js';
import type { Principal } from '../schemas/index.js';
import { EMBEDDED_ISSUER_ALIAS } from './principal-from-claims.js';
import { createEmbeddedProvider, type ProviderAccounts } from './provider/create-provider.js';
import { createBackchannel, providerHandler, type Backchannel } from './provider/mount-provider.js';
import { createRelyingParty, loopbackFetch, type RelyingParty } from './rp/relying-party.js';
import { createSessionStore, type SessionStore } from './session/session-store.js';
import { identitySettings, type IdentityConfig, type IdentitySettings, type LoginKind } from './settings.js';
import { deleteExpiredSessions } from './store/sessions.js';
import { deleteExpiredLoginFlows } from './store/login-flows.js';
import { deleteExpiredOidcArtefacts } from './store/oidc-artefacts.js';

/** People's identity: embedded provider (dev/tests), relying parties, sessions, authenticators. */
export interface Identity {
  settings: IdentitySettings;
  /** Session cookie, then identity-provider bearer tokens. */
  authenticators: Authenticator[];
  sessions: SessionStore;
  relyingParty(kind: LoginKind): RelyingParty | null;
  /** The embedded OpenID provider, or null (production with ProConnect / FranceConnect). */
  provider: Provider | null;
  /** Express handler to mount at `/idp`, before the authenticators (the provider authenticates its own clients). */
  providerMiddleware: RequestHandler | null;
  /**
   * An access token of the agents' or citizens' provider -> principal, or null when the provider
   * refuses it (cached ≤ 60 s). For the exchange's FranceConnect mode: a citizen principal
   * carries `citizen.subjectRef`.
   */
  principalFromAccessToken(token: string): Promise<Principal | null>;
  /** The issuer under which `memberships` names the agents of that issuer. */
  membershipIssuer(issuer: string): string;
  /** Deletes expired sessions, login flows and provider artefacts (a periodic job of the process). */
  purgeExpired(): Promise<void>;
  close(): Promise<void>;
}

/** Builds the identity part of the app from the configuration (no network call at build time). */
export async function createIdentity(
  deps: { config: IdentityConfig; pool: pg.Pool; logger: Logger; clock: Clock },
  /** Who the embedded provider (EMBEDDED_IDP) can log in; nobody when absent. */
  opts: { accounts?: ProviderAccounts } = {},
): Promise<Identity> {
  const settings = identitySettings(deps.config);
  const sessions = createSessionStore(deps.pool, deps.clock, settings.sessionTtlSeconds);
  let provider: Provider | null = null;
  let handler: RequestHandler | null = null;
  let backchannel: Backchannel | null = null;
  if (settings.embeddedIssuer) {
    provider = await createEmbeddedProvider(deps.pool, settings, opts.accounts ?? { find: () => undefined });
    const raw = providerHandler(provider, settings.publicUrl);
    backchannel = createBackchannel(raw, '/idp');
    // Our own interaction pages (routes/auth.ts) live under /idp/interaction: let them through.
    handler = function embeddedIdp(req, res, next) {
      if (req.path.startsWith('/interaction/')) return next();
      raw(req, res, next);
    };
  }
  const publicOrigin = new URL(settings.publicUrl).origin;
  const partyFor = (s: IdentitySettings['agent']) =>
    s && createRelyingParty(s, s.embedded && backchannel ? loopbackFetch(publicOrigin, backchannel.origin) : undefined);
  const parties = { agent: partyFor(settings.agent), citizen: partyFor(settings.citizen) };
  const membershipIssuer = (issuer: string) => (issuer === settings.embeddedIssuer ? EMBEDDED_ISSUER_ALIAS : issuer);
  const principalFromAccessToken = createBearerResolver({
    pool: deps.pool,
    publicUrl: settings.publicUrl,
    subjectSecret: settings.subjectSecret,
    now: () => Date.now(),
    parties: [parties.agent, parties.citizen].filter((p): p is RelyingParty => p !== null),
    membershipIssuer,
  });
  const authenticators = [sessionAuthenticator(sessions, deps.pool, membershipIssuer), bearerAuthenticator(principalFromAccessToken)];
  return {
    settings,
    authenticators,
    sessions,
    provider,
    providerMiddleware: handler,
    membershipIssuer,
    principalFromAccessToken,
    relyingParty: (kind) => parties[kind],
    purgeExpired: async () => {
      const now = deps.clock.now();
      await Promise.all([
        deleteExpiredSessions(deps.pool, now),
        deleteExpiredLoginFlows(deps.pool, now),
        deleteExpiredOidcArtefacts(deps.pool),
      ]);
    },
    close: async () => {
      await backchannel?.close();
    },
  };
}
