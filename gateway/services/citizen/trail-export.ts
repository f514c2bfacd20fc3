/**
 * Exports of the citizen's trail (CSV, RFC 4180, UTF-8 with BOM for spreadsheet software; or
 * JSON): the same rows as the page, all pages up to EXPORT_MAX.
 */
import type { AppDeps } from '../../deps.js';
import type { ConsentServices } from './consent-context.js';
import { readTrail, type TrailFilters, type TrailItem } from './trail.js';
import { formatExportDateTime } from '../../../web/index.js';

export const EXPORT_MAX = 10_000;

export async function collectTrail(
  deps: AppDeps,
  consent: Pick<ConsentServices, 'labels'>,
  subjectRefs: string[],
  filters: TrailFilters,
): Promise<TrailItem[]> {
  const all: TrailItem[] = [];
  let cursor: string | null = null;
  do {
    const page = await readTrail(deps, consent, subjectRefs, filters, cursor, 200);
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && all.length < EXPORT_MAX);
  return all.slice(0, EXPORT_MAX);
}

function cell(v: string | null | undefined): string {
  const s = v ?? '';
  // Spreadsheet formula injection (OWASP CSV injection): a leading = + - @ is neutralised.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\r\n;]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const HEADER = [
  'identifiant',
  'date',
  'administration',
  'siret_administration',
  'destinataire',
  'producteur',
  'siret_producteur',
  'api',
  'donnees',
  'cadre',
  'objet',
  'base_legale',
  'resultat',
];

export function toCsv(items: TrailItem[]): string {
  const lines = [HEADER.join(',')];
  for (const i of items) {
    lines.push(
      [
        i.id,
        formatExportDateTime(i.occurredAt),
        i.consumer.name,
        i.consumer.siret,
        i.recipient,
        i.producer.name,
        i.producer.siret,
        i.api.title,
        i.dataElements.map((d) => d.label).join(' ; '),
        i.context,
        i.object,
        i.legalBasis?.nature,
        i.outcomeLabel,
      ]
        .map(cell)
        .join(','),
    );
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
