import type { Queryable } from '../types.js';

/** What the rules and the console need of a delegation, read from the contracts domain's table. */
export interface DelegationFacts {
  id: string;
  contractId: string;
  consumerSiret: string;
  editorSiret: string;
  software: string;
  status: string;
  /** Calls per minute declared for the editor, null when not declared. */
  declaredPerMinute: number | null;
  apiSlug: string;
  createdAt: Date;
  acceptedAt: Date | null;
  endedAt: Date | null;
}

interface Row {
  id: string;
  contract_id: string;
  consumer_siret: string;
  editor_siret: string;
  software: string;
  status: string;
  declared_volume: number | null;
  api_slug: string;
  created_at: Date;
  accepted_at: Date | null;
  ended_at: Date | null;
}

const SELECT = `SELECT d.id, d.contract_id, d.consumer_siret, d.editor_siret, d.software, d.status, d.declared_volume, c.api_slug,
    d.created_at, d.accepted_at, d.ended_at
  FROM delegations d JOIN contracts c ON c.id = d.contract_id`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function toFacts(r: Row): DelegationFacts {
  return {
    id: r.id,
    contractId: r.contract_id,
    consumerSiret: r.consumer_siret,
    editorSiret: r.editor_siret,
    software: r.software,
    status: r.status,
    declaredPerMinute: r.declared_volume,
    apiSlug: r.api_slug,
    createdAt: r.created_at,
    acceptedAt: r.accepted_at,
    endedAt: r.ended_at,
  };
}

export async function findDelegationFactsByIds(db: Queryable, ids: string[]): Promise<Map<string, DelegationFacts>> {
  const valid = [...new Set(ids.filter((id) => UUID.test(id)))];
  if (valid.length === 0) return new Map();
  const { rows } = await db.query<Row>(`${SELECT} WHERE d.id = ANY ($1::uuid[])`, [valid]);
  return new Map(rows.map((r) => [r.id, toFacts(r)]));
}

/** Every delegation, newest first (auditors' console and register). */
export async function listDelegationFacts(db: Queryable, limit: number): Promise<DelegationFacts[]> {
  const { rows } = await db.query<Row>(`${SELECT} ORDER BY d.created_at DESC, d.id LIMIT $1`, [limit]);
  return rows.map(toFacts);
}

/** The delegations of these contracts that are not ended (the register names the editors acting under each). */
export async function listOpenDelegationFactsByContractIds(db: Queryable, contractIds: string[]): Promise<DelegationFacts[]> {
  if (contractIds.length === 0) return [];
  const { rows } = await db.query<Row>(`${SELECT} WHERE d.contract_id = ANY ($1::uuid[]) AND d.status <> 'ended' ORDER BY d.created_at`, [
    contractIds,
  ]);
  return rows.map(toFacts);
}
