/** The citizen behind a request: guard, subject references, actor. */
import type { Request, RequestHandler } from 'express';
import { ProblemError } from '../../../schemas/index.js';
import type { ConsentActor } from '../../../consent/index.js';
import type { Principal } from '../../../schemas/index.js';

/**
 * 401 when anonymous, 403 `client.forbidden` for anyone but a citizen (agents, operators:
 * the citizen space shows a person's own trail and nothing else — not even to an admin).
 */
export function requireCitizen(): RequestHandler {
  return function requireCitizenPrincipal(req, _res, next) {
    if (!req.principal) throw new ProblemError('client.unauthenticated', { headers: { 'WWW-Authenticate': 'Bearer' } });
    if (req.principal.kind !== 'citizen' || !req.principal.citizen)
      throw new ProblemError('client.forbidden', { detail: 'Espace réservé aux particuliers connectés avec FranceConnect.' });
    next();
  };
}

/**
 * The subject references a citizen may read: themself, and the company they represent; in a
 * session switched to a represented person (acting.ts), that person's only.
 */
export function subjectRefsOf(p: Principal | undefined): string[] {
  if (p?.kind !== 'citizen' || !p.citizen) return [];
  if (p.citizen.acting) return [p.citizen.acting.subjectRef];
  return [p.citizen.subjectRef, ...(p.citizen.company ? [p.citizen.company.subjectRef] : [])];
}

export function citizenRefs(req: Request): string[] {
  return subjectRefsOf(req.principal);
}

/** The actor recorded for a citizen's change: their subject_ref, never their identity. */
export function citizenActor(p: Principal): ConsentActor {
  return { kind: 'citizen', id: p.citizen!.subjectRef };
}
