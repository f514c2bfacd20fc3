/**
 * Step 3b — FranceConnect mode (docs/architecture.md, "Subjects"). Rules:
 * - without `X-FranceConnect-Token` nothing happens (the subject comes from the parameters);
 * - the mode is for APIs about a person only, and excludes identity parameters (one subject,
 *   one way of naming it): otherwise `client.invalid_parameter`;
 * - the token is checked by the identity provider (CitizenTokenVerifier port, user info):
 *   failure is `client.invalid_token`; success makes the citizen the subject, and their
 *   presence is their consent for this one exchange (recorded in the event's `detail.consent`).
 */
import { ProblemError, hasParticulierIdentity } from '../../schemas/index.js';
import type { ExchangeContext, ExchangeRuntime } from '../context.js';

const TOKEN = /^[A-Za-z0-9\-._~+/]{16,4096}=*$/;

export async function checkCitizenToken(ctx: ExchangeContext, rt: ExchangeRuntime): Promise<void> {
  const token = ctx.input.citizenToken;
  if (token === undefined) return;
  if (ctx.target!.api.subjectKind !== 'person') {
    throw new ProblemError('client.invalid_parameter', {
      detail: 'Le mode FranceConnect ne vaut que pour une API portant sur une personne.',
      errors: [{ pointer: '/X-FranceConnect-Token', detail: 'non applicable à cette API' }],
    });
  }
  if (hasParticulierIdentity(ctx.query!)) {
    throw new ProblemError('client.invalid_parameter', {
      detail: 'En mode FranceConnect, la personne n’est pas désignée par des paramètres d’identité.',
      errors: [{ pointer: '/nomNaissance', detail: 'incompatible avec X-FranceConnect-Token' }],
    });
  }
  if (!TOKEN.test(token) || !rt.ports.citizenTokens)
    throw new ProblemError('client.invalid_token', { detail: 'Jeton FranceConnect invalide.' });
  const { subjectRef } = await rt.ports.citizenTokens.verify(token);
  ctx.subject = { kind: 'person', ref: subjectRef };
  ctx.citizenPresent = true;
}
