import type { GrantRow } from './store/grants.js';
import type { GrantedTerms } from './types.js';

/** A contract's terms in force, as the exchange checks them on every call (docs/interfaces). */
export interface ContractGrant {
  id: string;
  version: number;
  status: 'active' | 'suspended' | 'revoked' | 'expired';
  consumerSiret: string;
  producerSiret: string;
  apiSlug: string;
  /** operationIds of the granted endpoints. */
  endpoints: string[];
  scopes: string[];
  /** SIRETs of the recipients bound to the contract. */
  recipients: string[];
  ipAllowlist: string[];
  rateLimitPerMinute: number;
  purpose: string;
  legalBasis: { nature: string; url: string | null };
  validFrom: string;
  validUntil: string | null;
  clientIds: string[];
}

/**
 * Maps a row to a grant; a contract past its end date is `expired` even before the sweep
 * marks it so (fail closed).
 */
export function toContractGrant(r: GrantRow, now: Date): ContractGrant | null {
  if (!['active', 'suspended', 'revoked', 'expired'].includes(r.status)) return null;
  const t = r.granted as unknown as GrantedTerms;
  const ended = r.valid_until !== null && r.valid_until.getTime() <= now.getTime();
  return {
    id: r.id,
    version: r.current_version,
    status: ended && r.status !== 'revoked' ? 'expired' : (r.status as ContractGrant['status']),
    consumerSiret: r.consumer_siret,
    producerSiret: r.producer_siret,
    apiSlug: r.api_slug,
    endpoints: t.endpoints,
    scopes: t.scopes,
    recipients: t.recipients,
    ipAllowlist: t.ip_allowlist ?? [],
    rateLimitPerMinute: t.rate_limit_per_minute,
    purpose: t.purpose,
    legalBasis: t.legal_basis,
    validFrom: r.valid_from.toISOString(),
    validUntil: r.valid_until ? r.valid_until.toISOString() : null,
    clientIds: r.client_ids,
  };
}

/** A delegation as the exchange checks it on every editor's call (docs/architecture.md, "Delegations"). */
export interface DelegationGrant {
  id: string;
  contractId: string;
  apiSlug: string;
  consumerSiret: string;
  editorSiret: string;
  software: string;
  status: 'pending' | 'active' | 'ended';
  declaredVolume: number | null;
}

/** What an editor may do now: its delegations and its enabled clients with their address ranges. */
export interface EditorAccess {
  editorSiret: string;
  delegations: DelegationGrant[];
  clients: { clientId: string; ipAllowlist: string[] }[];
}
