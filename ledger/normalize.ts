import { EVENT_TYPES, type LedgerContent, type LedgerEventInput } from './event.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const HEX64 = /^[0-9a-f]{64}$/;
const OUTCOMES = new Set(['served', 'denied', 'failed', 'recorded']);
const TYPES = new Set<string>(EVENT_TYPES);
const MAX_TEXT = 500;
const MAX_DETAIL = 4096;
/** Lone surrogates (with the `u` flag a valid pair is one code point, not `Cs`) and NUL. */
const ILL_FORMED = /[\p{Cs}\u0000]/u;

/**
 * Validates an input and maps it to its stored content. A bad input is the caller's bug
 * (docs/architecture.md, "Conventions": TypeError), refused BEFORE it is queued so that it can never make a whole batch
 * fail: strings must be well-formed Unicode without NUL (PostgreSQL text and jsonb refuse NUL;
 * lone surrogates would be stored as U+FFFD and break the hash).
 */
export function normalizeEvent(e: LedgerEventInput): LedgerContent {
  if (typeof e !== 'object' || e === null) throw new TypeError('ledger event must be an object');
  const id = String(e.id).toLowerCase();
  if (!UUID.test(id)) throw new TypeError('ledger event id must be a uuid');
  if (!TYPES.has(e.type)) throw new TypeError(`unknown ledger event type ${String(e.type)}`);
  if (!OUTCOMES.has(e.outcome)) throw new TypeError(`unknown ledger outcome ${String(e.outcome)}`);
  if (!(e.occurredAt instanceof Date) || Number.isNaN(e.occurredAt.getTime())) throw new TypeError('occurredAt must be a valid Date');
  if (e.subjectKind !== undefined && e.subjectKind !== 'person' && e.subjectKind !== 'company')
    throw new TypeError('subjectKind must be person or company');
  if (e.bodySha256 !== undefined && !HEX64.test(e.bodySha256)) throw new TypeError('bodySha256 must be 64 lowercase hex digits');
  return {
    id,
    type: e.type,
    occurred_at: e.occurredAt.getTime(),
    actor: e.actor === undefined ? null : json(e.actor, 'actor'),
    consumer_siret: text(e.consumerSiret, 'consumerSiret'),
    client_id: text(e.clientId, 'clientId'),
    contract_id: text(e.contractId, 'contractId'),
    contract_version: int(e.contractVersion, 'contractVersion'),
    producer_siret: text(e.producerSiret, 'producerSiret'),
    api_slug: text(e.apiSlug, 'apiSlug'),
    endpoint: text(e.endpoint, 'endpoint'),
    fields: list(e.fields, 'fields'),
    data_elements: list(e.dataElements, 'dataElements'),
    subject_ref: text(e.subjectRef, 'subjectRef'),
    subject_kind: e.subjectKind ?? null,
    recipient: text(e.recipient, 'recipient'),
    context: text(e.context, 'context'),
    object: text(e.object, 'object'),
    legal_basis: e.legalBasis === undefined ? null : json(e.legalBasis, 'legalBasis'),
    outcome: e.outcome,
    problem_code: text(e.problemCode, 'problemCode'),
    status: int(e.status, 'status'),
    latency_ms: e.latencyMs === undefined ? null : int(Math.round(e.latencyMs), 'latencyMs'),
    body_sha256: e.bodySha256 ?? null,
    detail: e.detail === undefined ? null : json(e.detail, 'detail'),
  };
}

function checkString(s: string, name: string): void {
  if (ILL_FORMED.test(s)) throw new TypeError(`${name}: ill-formed string`);
}

function text(v: string | undefined, name: string): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string' || v.length > MAX_TEXT) throw new TypeError(`${name} must be a string of at most ${MAX_TEXT} characters`);
  checkString(v, name);
  return v;
}

function int(v: number | undefined, name: string): number | null {
  if (v === undefined || v === null) return null;
  if (!Number.isSafeInteger(v) || v < -2147483648 || v > 2147483647) throw new TypeError(`${name} must be a 32-bit integer`);
  return v;
}

function list(v: string[] | undefined, name: string): string[] | null {
  if (v === undefined || v === null) return null;
  if (!Array.isArray(v) || v.length > 1000) throw new TypeError(`${name} must be an array of at most 1000 strings`);
  return v.map((s) => text(s, name) ?? '');
}

/** A JSON value round-trips through jsonb unchanged only with finite numbers and clean strings. */
function json<T>(v: T, name: string): T {
  const encoded = JSON.stringify(v, (k: string, x: unknown) => {
    checkString(k, name);
    if (typeof x === 'number' && !Number.isFinite(x)) throw new TypeError(`${name}: non-finite number`);
    if (typeof x === 'string') checkString(x, name);
    return x;
  });
  if (encoded === undefined || encoded.length > MAX_DETAIL) throw new TypeError(`${name} must be JSON of at most ${MAX_DETAIL} characters`);
  return JSON.parse(encoded) as T;
}
