import type { Express } from 'express';
import request from 'supertest';
import type { AppDeps } from '../../gateway/deps.js';
import { seedDemoIdentity } from '../../gateway/demo/identity.js';
import { findTestAccount } from '../../gateway/demo/test-accounts.js';

/** A minimal cookie jar (name -> value; paths ignored, which is harmless for these flows). */
export class CookieJar {
  readonly cookies = new Map<string, string>();
  /** Raw Set-Cookie lines seen, for attribute assertions. */
  readonly seen: string[] = [];
  store(setCookie: string[] | string | undefined): void {
    for (const line of [setCookie ?? []].flat()) {
      this.seen.push(line);
      const [pair, ...attrs] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attrs.some((a) => /^\s*expires=Thu, 01 Jan 1970/i.test(a) || /^\s*max-age=0\b/i.test(a));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

export interface LoginResult {
  /** `Cookie` header value carrying `dp_session` (and nothing else). */
  cookie: string;
  csrfToken: string;
  /** The whole jar (IdP cookies too), for tests that continue in the browser flow. */
  jar: CookieJar;
  /** Where the callback redirected (the `retour` path). */
  location: string;
}

function pathOf(location: string): string {
  const u = new URL(location, 'http://localhost');
  return `${u.pathname}${u.search}`;
}

/**
 * Logs in as a test account of the embedded OpenID provider through the real authorisation-code
 * flow (RP login -> provider -> "choisir un compte de test" -> provider -> RP callback), on the
 * in-process app. Seeds the demo agents' roles first (idempotent; memberships only, not the
 * organisations). Returns the session cookie and its CSRF token:
 *
 *   const me = await loginAs(t, 'cnaf-instructeur');
 *   await request(t.app).post('/v1/...').set('Cookie', me.cookie).set('X-CSRF-Token', me.csrfToken)
 */
export async function loginAs(
  t: { app: Express; deps: Pick<AppDeps, 'pool'> },
  accountId: string,
  retour = '/auth/session',
): Promise<LoginResult> {
  const account = findTestAccount(accountId);
  if (!account) throw new TypeError(`unknown test account ${accountId}`);
  await seedDemoIdentity(t.deps.pool);
  const jar = new CookieJar();
  const get = async (path: string) => {
    const res = await request(t.app).get(path).set('Cookie', jar.header());
    jar.store(res.headers['set-cookie']);
    return res;
  };
  let res = await get(`/auth/${account.kind}/login?retour=${encodeURIComponent(retour)}`);
  if (res.status !== 302) throw new Error(`login start: ${res.status} ${res.text}`);
  res = await get(pathOf(res.headers.location!));
  if (res.status !== 303 || !/\/idp\/interaction\//.test(res.headers.location!))
    throw new Error(`provider auth: ${res.status} ${res.text}`);
  const interaction = pathOf(res.headers.location!);
  res = await request(t.app).post(`${interaction}/login`).set('Cookie', jar.header()).type('form').send({ account: account.id });
  jar.store(res.headers['set-cookie']);
  if (res.status !== 303) throw new Error(`interaction login: ${res.status} ${res.text}`);
  res = await get(pathOf(res.headers.location!));
  if (res.status !== 303 || !res.headers.location!.includes(`/auth/${account.kind}/callback`))
    throw new Error(`provider resume: ${res.status} ${res.headers.location} ${res.text}`);
  res = await get(pathOf(res.headers.location!));
  if (res.status !== 303) throw new Error(`callback: ${res.status} ${res.text}`);
  const session = jar.cookies.get('dp_session');
  if (!session) throw new Error('no dp_session cookie after the callback');
  const cookie = `dp_session=${session}`;
  const me = await request(t.app).get('/auth/session').set('Cookie', cookie);
  return { cookie, csrfToken: me.body.csrfToken as string, jar, location: res.headers.location! };
}
