/**
 * Acting for someone else (representatives, docs/architecture.md, "Consent"): the mandate a
 * representative switched to is kept in a cookie bound to their session — its value is the
 * mandate id and an HMAC over (mandate id, the person's subject, the session's CSRF token),
 * so it is worthless in another session or to another person. On EVERY request of a switched
 * session `actingSubjectRefs` checks the mandate is still this person's and in force (a
 * revocation or the end of its validity takes effect at once) and the principal then reads
 * the represented person's dossier: `subjectRefsOf` (citizen.ts) answers their references,
 * while changes are still recorded as made by the representative (`citizenActor`).
 * A cookie that does not verify, or a mandate no longer in force, is dropped: the person
 * reads their own dossier.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { actingSubjectRefs, type ConsentContext } from '../../../consent/index.js';
import { ProblemError } from '../../../schemas/index.js';
import type { Principal } from '../../../schemas/index.js';

export const ACTING_COOKIE = 'dp_acting';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function mac(key: string, mandateId: string, p: Principal): string {
  return createHmac('sha256', key)
    .update(`${mandateId}|${p.citizen!.subjectRef}|${p.csrfToken ?? p.sub}`)
    .digest('base64url');
}

function readCookie(req: Request): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === ACTING_COOKIE) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The mandate id a request's cookie names, when it verifies for this principal. */
export function actingMandateId(req: Request, key: string): string | null {
  const p = req.principal;
  const raw = readCookie(req);
  if (!raw || p?.kind !== 'citizen' || !p.citizen) return null;
  const [id, sig] = raw.split('.');
  if (!id || !sig || !UUID.test(id)) return null;
  const expected = Buffer.from(mac(key, id, p));
  const given = Buffer.from(sig);
  return given.length === expected.length && timingSafeEqual(given, expected) ? id : null;
}

export function setActingCookie(res: Response, key: string, p: Principal, mandateId: string | null, secure: boolean): void {
  if (mandateId === null) return void res.clearCookie(ACTING_COOKIE, { httpOnly: true, sameSite: 'lax', secure, path: '/' });
  res.cookie(ACTING_COOKIE, `${mandateId}.${mac(key, mandateId, p)}`, { httpOnly: true, sameSite: 'lax', secure, path: '/' });
}

/**
 * Middleware (after authentication): in a switched session, the citizen principal reads the
 * represented person's dossier (`citizen.acting`), checked against the mandate on this request.
 */
export function resolveActing(o: { ctx: Pick<ConsentContext, 'pool' | 'clock'>; key: string; secure: boolean }): RequestHandler {
  return async function resolveActingFor(req, res, next) {
    try {
      const mandateId = actingMandateId(req, o.key);
      const p = req.principal;
      if (mandateId && p?.citizen) {
        try {
          const [ref] = await actingSubjectRefs(o.ctx, { representativeRef: p.citizen.subjectRef, mandateId });
          req.principal = { ...p, citizen: { ...p.citizen, acting: { mandateId, subjectRef: ref! } } };
        } catch (err) {
          if (!(err instanceof ProblemError) || err.code !== 'client.not_found') throw err;
          setActingCookie(res, o.key, p, null, o.secure);
        }
      }
      next();
    } catch (err) {
      next(err);
    }
  };
}
