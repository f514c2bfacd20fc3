/**
 * Cursors of the citizen trail, bound to the subject: `<payload>.<mac>` where the MAC is
 * HMAC-SHA256(key, payload + subject refs). A cursor taken from another person's session (or
 * forged, or edited) fails the MAC and is refused with `client.invalid_parameter`: changing a
 * cursor can never reach someone else's rows (the ledger query is also filtered by subject).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { ProblemError } from '../../../schemas/index.js';

/** Position in the ledger's newest-first order: strictly older than (at, id). */
export interface TrailPosition {
  at: number;
  id: string;
}

function mac(key: string, payload: string, subjectRefs: string[]): Buffer {
  return createHmac('sha256', key)
    .update(payload)
    .update('|')
    .update([...subjectRefs].sort().join(','))
    .digest();
}

export function encodeTrailCursor(key: string, pos: TrailPosition, subjectRefs: string[]): string {
  const payload = Buffer.from(JSON.stringify([pos.at, pos.id])).toString('base64url');
  return `${payload}.${mac(key, payload, subjectRefs).toString('base64url')}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function decodeTrailCursor(key: string, cursor: string, subjectRefs: string[]): TrailPosition {
  const [payload, sig] = cursor.split('.');
  const bad = () =>
    new ProblemError('client.invalid_parameter', {
      detail: 'Curseur de pagination invalide.',
      errors: [{ pointer: '/cursor', detail: 'curseur invalide' }],
    });
  if (!payload || !sig || cursor.length > 300) throw bad();
  const expected = mac(key, payload, subjectRefs);
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw bad();
  try {
    const v = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && Number.isSafeInteger(v[0]) && typeof v[1] === 'string' && UUID.test(v[1]))
      return { at: v[0] as number, id: v[1] };
  } catch {
    /* falls through */
  }
  throw bad();
}

/**
 * The ledger's own cursor for a position (ledger/queries.ts: base64url of `[occurred_at ms, id]`).
 * tests/consent/trail.test.ts checks that this matches the cursors `listExchanges` returns.
 */
export function ledgerCursorAt(pos: TrailPosition): string {
  return Buffer.from(JSON.stringify([pos.at, pos.id])).toString('base64url');
}
