import { ProblemError } from '../schemas/index.js';
import { findContractById } from './store/contracts.js';
import { findVersionByKey } from './store/versions.js';
import { assertReader } from './access.js';
import { assertContractId } from './requests.js';
import type { Actor, ContractsContext } from './types.js';

/** The signed artefact (compact JWS) of a validated version; the version in force by default. */
export async function getContractArtefact(
  ctx: ContractsContext,
  actor: Actor,
  contractId: string,
  version?: number,
): Promise<{ version: number; jws: string }> {
  assertContractId(contractId);
  const c = await findContractById(ctx.pool, contractId);
  if (!c) throw new ProblemError('client.not_found', { detail: 'Contrat introuvable.' });
  assertReader(actor, { consumerSiret: c.consumer_siret, producerSiret: c.producer_siret });
  const n = version ?? c.current_version;
  const v = n ? await findVersionByKey(ctx.pool, contractId, n) : null;
  if (!v?.artefact) throw new ProblemError('client.not_found', { detail: 'Aucune version validée (signée) à ce numéro.' });
  return { version: v.version, jws: v.artefact };
}
