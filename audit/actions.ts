import { ProblemError } from '../schemas/index.js';
import { listAuditReadsByActor } from './store/ledger.js';
import type { Queryable } from './types.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface AuditorAction {
  /** Ledger event id. */
  id: string;
  occurredAt: string;
  label: string | null;
  action: string | null;
  target: string | null;
  contractId: string | null;
  query: Record<string, string> | null;
  result: Record<string, unknown> | null;
}

/** An auditor's own recorded actions (the `audit.read` events of the ledger), newest first. */
export async function listAuditorActions(
  pool: Queryable,
  actorSub: string,
  page: { cursor?: string | null; limit?: number } = {},
): Promise<{ items: AuditorAction[]; nextCursor: string | null }> {
  const limit = Math.min(Math.max(page.limit ?? 50, 1), 200);
  let before: { at: Date; id: string } | null = null;
  if (page.cursor) {
    try {
      const [at, id] = JSON.parse(Buffer.from(page.cursor, 'base64url').toString('utf8')) as [number, string];
      if (Number.isSafeInteger(at) && UUID.test(id)) before = { at: new Date(at), id };
    } catch {
      /* refused below */
    }
    if (!before)
      throw new ProblemError('client.invalid_parameter', {
        detail: 'Curseur de pagination invalide.',
        errors: [{ pointer: '/cursor', detail: 'curseur invalide' }],
      });
  }
  const rows = await listAuditReadsByActor(pool, actorSub, before, limit + 1);
  const items = rows.slice(0, limit).map((r) => ({
    id: r.id,
    occurredAt: r.occurredAt.toISOString(),
    label: r.object,
    action: (r.detail?.action as string | undefined) ?? null,
    target: (r.detail?.target as string | undefined) ?? null,
    contractId: r.contractId,
    query: (r.detail?.query as Record<string, string> | undefined) ?? null,
    result: (r.detail?.result as Record<string, unknown> | undefined) ?? null,
  }));
  const last = rows[limit - 1];
  return {
    items,
    nextCursor:
      rows.length > limit && last ? Buffer.from(JSON.stringify([last.occurredAt.getTime(), last.id])).toString('base64url') : null,
  };
}
