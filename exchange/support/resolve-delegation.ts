/**
 * An editor's call (docs/architecture.md, "Delegations"): which delegation it acts under, and
 * whether that delegation lets it through now. Rules, in order:
 * - the directory knows editors (else fail closed, `client.delegation_inactive`);
 * - the token's client is one of the editor's enabled clients, called from one of its address
 *   ranges (`client.delegation_inactive`, `client.ip_not_allowed`);
 * - the delegation is the token's (`delegation_id`) or the call's (`X-Delegation-Id`); both
 *   given and different is `client.delegation_ambiguous`;
 * - none named: the editor's active delegations on this API whose consumer may receive for the
 *   call's `recipient` — none is `client.delegation_missing`, several `client.delegation_ambiguous`;
 * - the delegation is the editor's and `active`, else `client.delegation_inactive`.
 * The contract, the consumer and (for a token that names no scope) the scopes then come from
 * the delegation; authorise checks the contract as for any call, and check-traceability the
 * recipient against the delegating consumer and its declared recipients.
 */
import { ProblemError } from '../../schemas/index.js';
import type { ExchangeContext, ExchangeRuntime } from '../context.js';
import type { ContractGrant, DelegationGrant } from '../ports.js';
import { ipAllowed } from './ip-allowlist.js';
import { parseExchangeQuery } from './query.js';

export async function resolveDelegation(ctx: ExchangeContext, rt: ExchangeRuntime): Promise<ContractGrant> {
  const claims = ctx.claims!;
  const editorSiret = claims.editor_siret!;
  const directory = rt.ports.contracts;
  if (!directory.editor) throw inactive('Les appels d’éditeurs ne sont pas acceptés ici.');
  const access = await directory.editor(editorSiret);
  const client = access.clients.find((c) => c.clientId === claims.client_id);
  if (!client) throw inactive('Identifiants de l’éditeur révoqués.');
  if (!ipAllowed(ctx.input.ip, client.ipAllowlist)) throw new ProblemError('client.ip_not_allowed');

  const header = ctx.input.delegationId?.trim();
  if (header && claims.delegation_id && header !== claims.delegation_id)
    throw new ProblemError('client.delegation_ambiguous', {
      detail: 'Le jeton et X-Delegation-Id désignent deux délégations différentes.',
    });
  const named = claims.delegation_id ?? header;
  let delegation: DelegationGrant | undefined;
  let contract: ContractGrant | null = null;
  if (named) {
    delegation = access.delegations.find((d) => d.id === named);
    if (!delegation) throw inactive('Délégation inconnue pour cet éditeur.');
    if (delegation.status !== 'active')
      throw inactive(delegation.status === 'pending' ? 'Délégation en attente d’acceptation.' : 'Délégation terminée.');
  } else {
    const recipient = (ctx.query ??= parseExchangeQuery(ctx.input.rawQuery)).recipient;
    const fits: { d: DelegationGrant; c: ContractGrant | null }[] = [];
    for (const d of access.delegations) {
      if (d.status !== 'active' || d.apiSlug !== ctx.target!.api.slug) continue;
      const c = await directory.get(d.contractId);
      if (typeof recipient === 'string' && recipient !== d.consumerSiret && !c?.recipients.includes(recipient)) continue;
      fits.push({ d, c });
    }
    if (fits.length === 0)
      throw new ProblemError('client.delegation_missing', {
        detail: 'Aucune délégation active de cet éditeur ne couvre cet appel : désignez-la (delegation_id ou X-Delegation-Id).',
      });
    if (fits.length > 1)
      throw new ProblemError('client.delegation_ambiguous', {
        detail: `${fits.length} délégations possibles : désignez-en une (delegation_id ou X-Delegation-Id).`,
      });
    delegation = fits[0]!.d;
    contract = fits[0]!.c;
  }
  if (
    claims.contract_id !== undefined &&
    (claims.contract_id !== delegation.contractId || claims.consumer_siret !== delegation.consumerSiret)
  )
    throw inactive('Jeton sans rapport avec cette délégation.');
  contract ??= await directory.get(delegation.contractId);
  if (!contract) throw new ProblemError('client.contract_inactive', { detail: 'Contrat inconnu.' });
  ctx.delegation = delegation;
  // From here on the call is the delegating consumer's, made by the editor (recorded as such).
  ctx.claims = {
    ...claims,
    contract_id: delegation.contractId,
    contract_version: claims.contract_version ?? contract.version,
    consumer_siret: delegation.consumerSiret,
    scope: claims.scope !== '' ? claims.scope : contract.scopes.join(' '),
  };
  return contract;
}

function inactive(detail: string): ProblemError {
  return new ProblemError('client.delegation_inactive', { detail });
}
