import { createTokenCache } from '../../exchange/support/token-cache.js';
import type { AccessTokenClaims } from '../../exchange/ports.js';

const claims = (exp: number, nbf?: number): AccessTokenClaims => ({
  iss: 'i',
  aud: 'a',
  sub: 's',
  client_id: 'c',
  jti: 'j',
  scope: 'x',
  contract_id: 'k',
  contract_version: 1,
  consumer_siret: '21690123100011',
  exp,
  nbf,
});

describe('the verified-token cache is bounded and never outlives a token', () => {
  test('an entry is served until exp, not on or after it (RFC 7519 §4.1.4)', () => {
    const cache = createTokenCache(10);
    cache.set('t1', claims(100));
    expect(cache.get('t1', 99_999)).toBeDefined();
    expect(cache.get('t1', 100_000)).toBeUndefined();
    expect(cache.size()).toBe(0);
  });

  test('not before nbf (RFC 7519 §4.1.5)', () => {
    const cache = createTokenCache(10);
    cache.set('t1', claims(1000, 50));
    expect(cache.get('t1', 49_000)).toBeUndefined();
    expect(cache.get('t1', 50_000)).toBeDefined();
  });

  test('bounded: the oldest entry goes when full; 0 disables the cache', () => {
    const cache = createTokenCache(3);
    for (const t of ['a', 'b', 'c', 'd']) cache.set(t, claims(1000));
    expect(cache.size()).toBe(3);
    expect(cache.get('a', 0)).toBeUndefined();
    expect(cache.get('d', 0)).toBeDefined();
    const off = createTokenCache(0);
    off.set('a', claims(1000));
    expect(off.get('a', 0)).toBeUndefined();
  });

  test('entries are keyed by the token hash: a different token never hits', () => {
    const cache = createTokenCache(3);
    cache.set('token-one', claims(1000));
    expect(cache.get('token-one ', 0)).toBeUndefined();
    expect(cache.get('token-onf', 0)).toBeUndefined();
  });
});
