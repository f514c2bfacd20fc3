/** The request form's fields as posted by the page (application/x-www-form-urlencoded). */
const TEXT = [
  'intitule',
  'description',
  'cadre_juridique_nature',
  'cadre_juridique_url',
  'purpose',
  'retention_justification',
  'production_date',
];
const INTEGER = ['retention_months', 'volume_per_minute'];
const LIST = ['recipients', 'ip_allowlist'];
const CONTACTS = ['controller', 'dpo', 'business_contact', 'technical_contact'];
const CONTACT_FIELDS = ['given_name', 'family_name', 'email'];

function one(v: unknown): string {
  return Array.isArray(v) ? String(v[0] ?? '') : typeof v === 'string' ? v : '';
}

/**
 * Maps posted fields to a draft patch: an empty field clears it (null), numbers are parsed
 * (anything else is kept as text so the schema reports it), lists split on lines or commas,
 * unchecked scope boxes mean no scope. The domain validates the result (JSON Schema).
 */
export function formPatch(body: Record<string, unknown>): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const k of TEXT) {
    if (k in body) patch[k] = one(body[k]).trim() || null;
  }
  for (const k of INTEGER) {
    if (!(k in body)) continue;
    const v = one(body[k]).trim();
    patch[k] = v === '' ? null : /^\d{1,9}$/.test(v) ? Number(v) : v;
  }
  for (const k of LIST) {
    if (!(k in body)) continue;
    const items = one(body[k])
      .split(/[\s,;]+/)
      .filter(Boolean);
    patch[k] = items.length ? [...new Set(items)] : null;
  }
  patch.scopes = body.scopes === undefined ? [] : [...new Set(([] as unknown[]).concat(body.scopes).map(String))];
  for (const c of CONTACTS) {
    const entries = CONTACT_FIELDS.map((f) => [f, one(body[`${c}.${f}`]).trim()] as const).filter(([, v]) => v !== '');
    patch[c] = entries.length ? Object.fromEntries(entries) : null;
  }
  return patch;
}
