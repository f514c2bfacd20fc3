import * as client from 'openid-client';
import { CookieJar } from '../../helpers/login.js';

/**
 * A third-party style run of the authorisation-code flow with openid-client against the
 * embedded provider over real HTTP: discovery, PKCE, the account chooser (form POST), the
 * code at the redirect URI (not followed), the token request, ID token validation.
 */
export async function codeFlowTokens(o: FlowOptions) {
  const { config, callback, checks } = await authorizationCode(o);
  return client.authorizationCodeGrant(config, callback, checks);
}

export interface FlowOptions {
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  scope: string;
  account: string;
}

/** Runs the flow up to the code delivered at the redirect URI; returns what redeeming it needs. */
export async function authorizationCode(o: FlowOptions) {
  const config = await client.discovery(
    new URL(o.issuer),
    o.clientId,
    { redirect_uris: [o.redirectUri] },
    client.ClientSecretBasic(o.clientSecret),
    { execute: [client.allowInsecureRequests] },
  );
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: o.redirectUri,
    scope: o.scope,
    state,
    nonce,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
  });
  const jar = new CookieJar();
  const go = async (href: string, init: RequestInit = {}) => {
    const res = await fetch(href, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: jar.header() },
    });
    jar.store(res.headers.getSetCookie());
    return res;
  };
  let res = await go(url.href);
  const interaction = new URL(res.headers.get('location')!, o.issuer);
  res = await go(`${interaction.href}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `account=${encodeURIComponent(o.account)}`,
  });
  res = await go(new URL(res.headers.get('location')!, o.issuer).href);
  const callback = new URL(res.headers.get('location')!);
  if (!callback.href.startsWith(o.redirectUri)) throw new Error(`unexpected redirect ${callback.href}`);
  return { config, callback, checks: { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce, idTokenExpected: true } };
}
