import { type ProblemItem, toPointer } from '../../schemas/index.js';

/** Members allowed by OpenAPI 3.x for each security scheme type (§4.8.27). */
const SCHEME_MEMBERS: Record<string, string[]> = {
  http: ['type', 'description', 'scheme', 'bearerFormat'],
  apiKey: ['type', 'description', 'name', 'in'],
  oauth2: ['type', 'description', 'flows'],
  openIdConnect: ['type', 'description', 'openIdConnectUrl'],
  mutualTLS: ['type', 'description'],
};

/**
 * Removes members a security scheme may not carry (API Particulier's `http` bearer scheme also
 * declares `name` and `in`, which belong to `apiKey`). They have no meaning for the scheme, so
 * dropping them loses nothing; each removal is reported as a warning of the version.
 */
export function normaliseSecuritySchemes(doc: Record<string, unknown>): ProblemItem[] {
  const warnings: ProblemItem[] = [];
  const schemes = (doc.components as { securitySchemes?: Record<string, Record<string, unknown>> } | undefined)?.securitySchemes;
  if (!schemes || typeof schemes !== 'object') return warnings;
  for (const [name, scheme] of Object.entries(schemes)) {
    if (!scheme || typeof scheme !== 'object') continue;
    const allowed = SCHEME_MEMBERS[String(scheme.type)];
    if (!allowed) continue;
    for (const key of Object.keys(scheme)) {
      if (allowed.includes(key) || key.startsWith('x-')) continue;
      delete scheme[key];
      warnings.push({
        pointer: toPointer(['components', 'securitySchemes', name, key]),
        detail: `membre « ${key} » ignoré (non défini pour le type ${String(scheme.type)})`,
      });
    }
  }
  return warnings;
}
