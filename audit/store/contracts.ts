import type { Queryable } from '../types.js';

/**
 * What the rules and the console need to know about a contract, read from the contracts
 * domain's tables (audit is a read model over contracts and the ledger; it never writes them).
 */
export interface ContractFacts {
  id: string;
  status: string;
  consumerSiret: string;
  producerSiret: string;
  apiSlug: string;
  currentVersion: number | null;
  /** Granted recipients (SIRET) of the version in force; the consumer itself is always allowed. */
  recipients: string[];
  scopes: string[];
  /** Volume declared by the applicant (`volume_per_minute`), null when not declared. */
  declaredPerMinute: number | null;
  validFrom: Date | null;
  validUntil: Date | null;
  /** When the contract was revoked or expired (first such transition), null while in force. */
  endedAt: Date | null;
  contacts: { role: string; email: string }[];
}

interface FactsRow {
  id: string;
  status: string;
  consumer_siret: string;
  producer_siret: string;
  api_slug: string;
  current_version: number | null;
  granted: { recipients?: string[]; scopes?: string[] } | null;
  form: Record<string, unknown> | null;
  valid_from: Date | null;
  valid_until: Date | null;
  ended_at: Date | null;
}

const CONTACT_ROLES = ['controller', 'dpo', 'business_contact', 'technical_contact'] as const;

function contactsOf(form: Record<string, unknown> | null): { role: string; email: string }[] {
  const out: { role: string; email: string }[] = [];
  for (const role of CONTACT_ROLES) {
    const email = (form?.[role] as { email?: unknown } | undefined)?.email;
    if (typeof email === 'string' && email.includes('@') && !out.some((c) => c.email === email)) out.push({ role, email });
  }
  return out;
}

function toFacts(r: FactsRow): ContractFacts {
  const volume = r.form?.volume_per_minute;
  return {
    id: r.id,
    status: r.status,
    consumerSiret: r.consumer_siret,
    producerSiret: r.producer_siret,
    apiSlug: r.api_slug,
    currentVersion: r.current_version,
    recipients: r.granted?.recipients ?? [],
    scopes: r.granted?.scopes ?? [],
    declaredPerMinute: typeof volume === 'number' && volume > 0 ? volume : null,
    validFrom: r.valid_from,
    validUntil: r.valid_until,
    endedAt: r.ended_at,
    contacts: contactsOf(r.form),
  };
}

const FACTS_SELECT = `SELECT c.id, c.status, c.consumer_siret, c.producer_siret, c.api_slug, c.current_version,
    v.granted, coalesce(v.form, (SELECT l.form FROM contract_versions l WHERE l.contract_id = c.id ORDER BY l.version DESC LIMIT 1)) AS form,
    v.valid_from, v.valid_until,
    (SELECT min(e.occurred_at) FROM contract_events e WHERE e.contract_id = c.id AND e.to_status IN ('revoked', 'expired')) AS ended_at
  FROM contracts c LEFT JOIN contract_versions v ON v.contract_id = c.id AND v.version = c.current_version`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export async function findContractFactsByIds(db: Queryable, ids: string[]): Promise<Map<string, ContractFacts>> {
  const valid = [...new Set(ids.filter((id) => UUID.test(id)))];
  if (valid.length === 0) return new Map();
  const { rows } = await db.query<FactsRow>(`${FACTS_SELECT} WHERE c.id = ANY ($1::uuid[])`, [valid]);
  return new Map(rows.map((r) => [r.id, toFacts(r)]));
}

/** Contracts in force (active) whose version in force started before `startedBefore`. */
export async function listActiveContractFactsStartedBefore(db: Queryable, startedBefore: Date): Promise<ContractFacts[]> {
  const { rows } = await db.query<FactsRow>(`${FACTS_SELECT} WHERE c.status = 'active' AND v.valid_from <= $1 ORDER BY c.id`, [
    startedBefore,
  ]);
  return rows.map(toFacts);
}
