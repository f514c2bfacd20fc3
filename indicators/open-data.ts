/**
 * The indicators as open data: one CSV row per month and level, its columns described by a
 * Table Schema (open-data.schema.json, served beside the file), and the whole model as JSON.
 */
import { readFileSync } from 'node:fs';
import { stringify } from 'csv-stringify/sync';
import type { IndicatorFigures } from './figures.js';
import type { PublishedIndicators } from './publish.js';

interface TableSchema {
  fields: { name: string }[];
}

/** The Table Schema of the CSV (read beside this module, so it holds in the production build). */
export const OPEN_DATA_SCHEMA: Readonly<Record<string, unknown>> = JSON.parse(
  readFileSync(new URL('./open-data.schema.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;

/** The CSV's columns, in order: the schema's fields. */
export const OPEN_DATA_COLUMNS: readonly string[] = (OPEN_DATA_SCHEMA as unknown as TableSchema).fields.map((f) => f.name);

type Row = Record<string, string | number | boolean | null>;

function figureColumns(f: IndicatorFigures): Row {
  return {
    withheld: f.withheld,
    exchanges: f.exchanges,
    attempts: f.attempts,
    delivered: f.delivered,
    success_rate: f.successRate,
    not_found: f.notFound,
    timeouts: f.timeouts,
    provider_failures: f.providerFailures,
    platform_failures: f.platformFailures,
    client_mistakes: f.clientMistakes,
    refused: f.refused,
    consumers: f.consumers,
    latency_p50_ms: f.latencyMs.p50,
    latency_p95_ms: f.latencyMs.p95,
    availability: f.availability,
  };
}

/** The open-data rows: overall, then each producer, then each API, month by month. */
export function openDataRows(p: PublishedIndicators): Row[] {
  const none = { producer_siret: null, producer_name: null, api_slug: null, api_title: null };
  const names = new Map(p.producers.map((x) => [x.siret, x.name]));
  return [
    ...p.overall.months.map((m) => ({ month: m.month, level: 'overall', ...none, ...figureColumns(m) })),
    ...p.producers.flatMap((x) =>
      x.months.map((m) => ({
        month: m.month,
        level: 'producer',
        ...none,
        producer_siret: x.siret,
        producer_name: x.name,
        ...figureColumns(m),
      })),
    ),
    ...p.apis.flatMap((x) =>
      x.months.map((m) => ({
        month: m.month,
        level: 'api',
        producer_siret: x.producerSiret,
        producer_name: names.get(x.producerSiret) ?? null,
        api_slug: x.slug,
        api_title: x.title,
        ...figureColumns(m),
      })),
    ),
  ];
}

/** The CSV (RFC 4180, header row, empty cell for a missing or withheld value). */
export function openDataCsv(p: PublishedIndicators): string {
  return stringify(
    openDataRows(p).map((r) => OPEN_DATA_COLUMNS.map((c) => (r[c] === null || r[c] === undefined ? '' : String(r[c])))),
    { header: true, columns: [...OPEN_DATA_COLUMNS], record_delimiter: '\r\n' },
  );
}
