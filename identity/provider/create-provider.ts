import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type pg from 'pg';
import { createKeySealer } from '../../schemas/index.js';
import { deriveSecret, EMBEDDED_CLIENT_IDS, type IdentitySettings } from '../settings.js';
import { pgAdapterFactory } from './pg-adapter.js';
import { loadOrCreateSigningKeys } from './signing-keys.js';
import { renderIdpError, renderIdpLogout, renderIdpLoggedOut } from '../../web/index.js';

/** Claims per scope: ProConnect (agents) and FranceConnect (citizens) vocabularies. */
const CLAIMS: Record<string, string[]> = {
  openid: ['sub'],
  email: ['email'],
  given_name: ['given_name'],
  family_name: ['family_name'],
  usual_name: ['usual_name'],
  birthdate: ['birthdate'],
  gender: ['gender'],
  birthplace: ['birthplace'],
  birthcountry: ['birthcountry'],
  siret: ['siret'],
  siren: ['siren'],
  uid: ['uid'],
};

function firstPartyClients(settings: IdentitySettings): NonNullable<Configuration['clients']> {
  return (['agent', 'citizen'] as const).map((kind) => ({
    client_id: EMBEDDED_CLIENT_IDS[kind],
    client_secret: deriveSecret(settings.secret, `idp-client:${kind}`),
    client_name: kind === 'agent' ? 'Datapedia — espace administrations' : 'Datapedia — espace citoyen',
    redirect_uris: [`${settings.publicUrl}/auth/${kind}/callback`],
    post_logout_redirect_uris: [`${settings.publicUrl}/`],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
    // Used by the interaction page to offer the right test accounts.
    'datapedia:kind': kind,
  }));
}

/**
 * Consent is granted by construction for our own first-party clients (Datapedia is the only
 * relying party of the embedded provider): the grant covers exactly the requested scopes/claims.
 */
async function autoGrant(ctx: KoaContextWithOIDC) {
  const { client, session, provider } = ctx.oidc;
  if (!client || !session?.accountId) return undefined;
  const grantId = ctx.oidc.result?.consent?.grantId || session.grantIdFor(client.clientId);
  const grant =
    (grantId && (await provider.Grant.find(grantId))) || new provider.Grant({ clientId: client.clientId, accountId: session.accountId });
  grant.addOIDCScope([...ctx.oidc.requestParamScopes].join(' '));
  const claims = [...ctx.oidc.requestParamClaims];
  if (claims.length) grant.addOIDCClaims(claims);
  await grant.save();
  return grant;
}

/**
 * The embedded OpenID provider (development and tests): test accounts, our own French pages,
 * PKCE required for every client (RFC 7636; OAuth 2.1 practice), artefacts and keys in PostgreSQL
 * (sealed, never in clear).
 */
/** The people the embedded provider can log in (the demo world's test accounts, given by the process). */
export interface ProviderAccounts {
  find(sub: string): { id: string; claims: { sub: string; [claim: string]: string } } | undefined;
}

export async function createEmbeddedProvider(pool: pg.Pool, settings: IdentitySettings, accounts: ProviderAccounts): Promise<Provider> {
  const issuer = settings.embeddedIssuer!;
  const issuerPath = new URL(issuer).pathname.replace(/\/+$/, '');
  const provider = new Provider(issuer, {
    adapter: pgAdapterFactory(pool, settings.keySecret),
    clients: firstPartyClients(settings),
    extraClientMetadata: { properties: ['datapedia:kind'] },
    jwks: (await loadOrCreateSigningKeys(pool, createKeySealer(settings.keySecret, 'idp-keys'))) as Configuration['jwks'],
    cookies: {
      keys: [deriveSecret(settings.secret, 'idp-cookies')],
      long: { httpOnly: true, sameSite: 'lax' },
      short: { httpOnly: true, sameSite: 'lax' },
    },
    claims: CLAIMS,
    findAccount: async (_ctx, sub) => {
      const account = accounts.find(sub);
      return account ? { accountId: account.id, claims: async () => account.claims } : undefined;
    },
    features: {
      devInteractions: { enabled: false },
      userinfo: { enabled: true },
      // RFC 7009 §2.1: a client revokes only the tokens issued to it (oidc-provider 8 refuses the others itself).
      revocation: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx, form) => {
          ctx.type = 'html';
          ctx.body = renderIdpLogout(form).toString();
        },
        postLogoutSuccessSource: (ctx) => {
          ctx.type = 'html';
          ctx.body = renderIdpLoggedOut().toString();
        },
      },
    },
    interactions: { url: (_ctx, interaction) => `${issuerPath}/interaction/${interaction.uid}` },
    pkce: { required: () => true },
    loadExistingGrant: autoGrant,
    renderError: (ctx, out) => {
      ctx.type = 'html';
      ctx.body = renderIdpError(out.error, out.error_description).toString();
    },
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      IdToken: 600,
      Interaction: 600,
      Session: settings.sessionTtlSeconds,
      Grant: settings.sessionTtlSeconds,
    },
    clientBasedCORS: () => false,
  });
  // Every URL the provider writes is derived from PUBLIC_URL (see mount-provider.ts), never
  // from the Host header of the request.
  provider.proxy = true;
  return provider;
}
