import * as client from 'openid-client';
import type { RelyingPartySettings } from '../settings.js';

/** What a login yields: the ID token's subject and the provider's user info claims. */
export interface LoginResult {
  issuer: string;
  sub: string;
  claims: Record<string, unknown>;
  idToken: string | undefined;
}

/** Datapedia as an OpenID Connect relying party of one provider (ProConnect, FranceConnect, embedded). */
export interface RelyingParty {
  settings: RelyingPartySettings;
  /** Authorisation request (code flow, PKCE S256, state, nonce — OIDC Core §3.1.2.1, RFC 7636). */
  authorizationUrl(checks: { state: string; nonce: string; codeVerifier: string }): Promise<URL>;
  /** Redeems the code of the callback URL and fetches the user info (OIDC Core §3.1.3, §5.3). */
  completeLogin(callbackUrl: URL, checks: { state: string; nonce: string; codeVerifier: string }): Promise<LoginResult>;
  /**
   * User info of an access token (RFC 6750 bearer); null when the provider refuses the token
   * (4xx), throws when the provider cannot be asked (network, 5xx, bad metadata).
   */
  userInfo(accessToken: string): Promise<Record<string, unknown> | null>;
  /** RP-initiated logout URL at the provider, or null when it has none. */
  endSessionUrl(idToken: string | undefined, postLogoutRedirectUri: string): Promise<URL | null>;
}

/**
 * A relying party with lazy discovery (retried after a failure). `fetchImpl` carries the
 * backchannel of the embedded provider; plain `fetch` for external providers. Plain-HTTP
 * issuers are accepted only for the embedded provider or a development issuer on http.
 */
export function createRelyingParty(settings: RelyingPartySettings, fetchImpl?: client.CustomFetch): RelyingParty {
  let discovered: Promise<client.Configuration> | undefined;
  function configuration(): Promise<client.Configuration> {
    discovered ??= client
      .discovery(
        new URL(settings.issuer),
        settings.clientId,
        { redirect_uris: [settings.redirectUri], response_types: ['code'] },
        client.ClientSecretBasic(settings.clientSecret),
        {
          ...(fetchImpl ? { [client.customFetch]: fetchImpl } : {}),
          execute: settings.issuer.startsWith('http://') ? [client.allowInsecureRequests] : [],
          timeout: 10,
        },
      )
      .catch((err: unknown) => {
        discovered = undefined;
        throw err;
      });
    return discovered;
  }
  return {
    settings,
    async authorizationUrl({ state, nonce, codeVerifier }) {
      const config = await configuration();
      return client.buildAuthorizationUrl(config, {
        redirect_uri: settings.redirectUri,
        scope: settings.scope,
        state,
        nonce,
        ...(settings.acrValues ? { acr_values: settings.acrValues } : {}),
        code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
      });
    },
    async completeLogin(callbackUrl, { state, nonce, codeVerifier }) {
      const config = await configuration();
      const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: codeVerifier,
        expectedState: state,
        expectedNonce: nonce,
        idTokenExpected: true,
      });
      const idClaims = tokens.claims()!;
      const info = await client.fetchUserInfo(config, tokens.access_token, idClaims.sub);
      return { issuer: config.serverMetadata().issuer, sub: idClaims.sub, claims: { ...info }, idToken: tokens.id_token };
    },
    async userInfo(accessToken) {
      const config = await configuration();
      try {
        return { ...(await client.fetchUserInfo(config, accessToken, client.skipSubjectCheck)) };
      } catch (err) {
        if (isRefusal(err)) return null;
        throw err;
      }
    },
    async endSessionUrl(idToken, postLogoutRedirectUri) {
      const config = await configuration();
      if (!config.serverMetadata().end_session_endpoint) return null;
      return client.buildEndSessionUrl(config, {
        // ProConnect requires `state` on its end-session endpoint; harmless elsewhere (RP-Initiated Logout §2).
        post_logout_redirect_uri: postLogoutRedirectUri,
        state: client.randomState(),
        ...(idToken ? { id_token_hint: idToken } : { client_id: settings.clientId }),
      });
    },
  };
}

/** A fetch that sends requests for `publicOrigin` to the embedded provider's loopback listener. */
export function loopbackFetch(publicOrigin: string, backchannelOrigin: () => Promise<string>): client.CustomFetch {
  return async function fetchThroughBackchannel(url, options) {
    const target = new URL(url);
    if (target.origin === publicOrigin) {
      const origin = new URL(await backchannelOrigin());
      target.protocol = origin.protocol;
      target.host = origin.host;
    }
    return fetch(target, options as RequestInit);
  };
}

/** The provider answered that the token is not valid (RFC 6750 §3.1), as opposed to failing. */
function isRefusal(err: unknown): boolean {
  if (err instanceof client.WWWAuthenticateChallengeError) return true;
  if (err instanceof client.ResponseBodyError) return err.status >= 400 && err.status < 500;
  return false;
}
