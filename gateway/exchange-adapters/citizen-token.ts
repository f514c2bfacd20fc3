/**
 * FranceConnect mode of the exchange: a citizen's own access token, checked by the citizen
 * identity provider (OIDC Core §5.3 user info — works for FranceConnect's opaque tokens and
 * stops working once the provider revokes them), turned into the citizen's subject_ref with
 * the same canonicalisation as identity parameters. Answers are cached 60 s by token digest.
 */
import { createHash } from 'node:crypto';
import { ProblemError } from '../../schemas/index.js';
import { citizenIdentity } from '../../identity/index.js';
import type { CitizenTokenVerifier } from '../../exchange/index.js';

interface UserInfoParty {
  settings: { issuer: string };
  userInfo(token: string): Promise<Record<string, unknown> | null>;
}

const CACHE_MS = 60_000;

export function citizenTokenVerifier(party: () => UserInfoParty | null, subjectSecret: string): CitizenTokenVerifier {
  const cache = new Map<string, { at: number; ref: string | null }>();
  return {
    async verify(token) {
      const key = createHash('sha256').update(token).digest('hex');
      let hit = cache.get(key);
      if (!hit || Date.now() - hit.at > CACHE_MS) {
        const rp = party();
        let ref: string | null = null;
        if (rp) {
          try {
            const claims = await rp.userInfo(token);
            if (claims) ref = citizenIdentity(rp.settings.issuer, String(claims.sub), claims, subjectSecret).citizen!.subjectRef;
          } catch {
            /* invalid, expired, revoked, or not a citizen's token */
          }
        }
        if (cache.size > 10_000) cache.clear();
        cache.set(key, (hit = { at: Date.now(), ref }));
      }
      if (!hit.ref) throw new ProblemError('client.invalid_token', { detail: 'Jeton FranceConnect invalide, expiré ou révoqué.' });
      return { subjectRef: hit.ref };
    },
  };
}
