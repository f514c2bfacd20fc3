/**
 * The producer's monthly report (docs/architecture.md, "Indicators"): per API, the month's
 * volumes by consumer administration, outcomes, latency and the usage-control cases opened. It
 * is the producer's own data (invariant 6): counts are exact, not withheld — they name
 * administrations, never a person. Announced by e-mail through the notification outbox.
 */
import { stringify } from 'csv-stringify/sync';
import { notifyAgent } from '../notify/index.js';
import { withTransaction } from '../schemas/index.js';
import { addCounts, emptyCounts, figuresOf, type IndicatorFigures } from './figures.js';
import { countCasesOpenedByProducer, findNames, listConsumerRowsByProducerMonth, listMonthlyRowsByPeriod } from './store/read.js';
import { insertReportRun, listProducersWithoutReport, listReportRecipientsByProducer } from './store/reports.js';
import type { CategoryCounts } from './store/rollup.js';
import type pg from 'pg';
import type { Queryable } from './types.js';

export interface ReportConsumer extends CategoryCounts {
  siret: string;
  name: string;
  exchanges: number;
}

export interface ReportApi {
  slug: string;
  title: string;
  /** Exact figures (threshold 1: nothing withheld in the producer's own report). */
  figures: IndicatorFigures;
  consumers: ReportConsumer[];
  casesOpened: number;
}

export interface ProducerReport {
  producer: { siret: string; name: string };
  /** YYYY-MM (UTC). */
  month: string;
  apis: ReportApi[];
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** The first day (UTC) of a YYYY-MM month; TypeError when malformed (callers validate input first). */
export function monthStart(month: string): Date {
  const m = MONTH.exec(month);
  if (!m) throw new TypeError(`month must be YYYY-MM: ${month}`);
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1));
}

/** The month before the month of `now`, YYYY-MM. */
export function previousMonth(now: Date): string {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
}

const total = (c: CategoryCounts) => Object.values(c).reduce((s, v) => s + v, 0);

export async function producerReport(db: Queryable, producerSiret: string, month: string): Promise<ProducerReport> {
  const from = monthStart(month);
  const to = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + 1, 1));
  const [rows, consumers, cases] = await Promise.all([
    listMonthlyRowsByPeriod(db, from, to, producerSiret),
    listConsumerRowsByProducerMonth(db, producerSiret, from),
    countCasesOpenedByProducer(db, producerSiret, from, to),
  ]);
  const slugs = [...new Set([...rows.map((r) => r.apiSlug), ...cases.keys()].filter((s) => s !== ''))].sort();
  const names = await findNames(db, [producerSiret], slugs);
  return {
    producer: { siret: producerSiret, name: names.organisations.get(producerSiret) ?? producerSiret },
    month,
    apis: slugs.map((slug) => {
      const r = rows.find((x) => x.apiSlug === slug);
      const mine = consumers.filter((c) => c.apiSlug === slug);
      return {
        slug,
        title: names.apis.get(slug) ?? slug,
        figures: figuresOf(r ? addCounts(emptyCounts(), r) : emptyCounts(), r?.latencyHist ?? [], mine.length, 1),
        consumers: mine.map((c) => {
          const counts: CategoryCounts = {
            delivered: c.delivered,
            not_found: c.not_found,
            timeout: c.timeout,
            provider_failure: c.provider_failure,
            platform_failure: c.platform_failure,
            client_mistake: c.client_mistake,
            refused: c.refused,
          };
          return { siret: c.consumerSiret, name: c.consumerName ?? c.consumerSiret, exchanges: total(counts), ...counts };
        }),
        casesOpened: cases.get(slug) ?? 0,
      };
    }),
  };
}

/** The report as CSV: one row per API and consumer (RFC 4180, header row). */
export function producerReportCsv(r: ProducerReport): string {
  const rows = r.apis.flatMap((a) =>
    a.consumers.map((c) => [
      r.month,
      a.slug,
      c.siret,
      c.name,
      c.exchanges,
      c.delivered,
      c.not_found,
      c.timeout,
      c.provider_failure,
      c.platform_failure,
      c.client_mistake,
      c.refused,
      a.figures.latencyMs.p50 ?? '',
      a.figures.latencyMs.p95 ?? '',
      a.casesOpened,
    ]),
  );
  return stringify(rows, {
    header: true,
    record_delimiter: '\r\n',
    columns: [
      'month',
      'api_slug',
      'consumer_siret',
      'consumer_name',
      'exchanges',
      'delivered',
      'not_found',
      'timeouts',
      'provider_failures',
      'platform_failures',
      'client_mistakes',
      'refused',
      'api_latency_p50_ms',
      'api_latency_p95_ms',
      'api_cases_opened',
    ],
  });
}

/**
 * Queues last month's report notification for every producer that had exchanges and was not
 * told yet: the notifications and the producer's run row in one transaction, so each producer
 * is told once per month even with several gateways. Returns the producers told.
 */
export async function queueMonthlyReports(pool: pg.Pool, now: Date): Promise<string[]> {
  const month = previousMonth(now);
  const start = monthStart(month);
  const told: string[] = [];
  for (const siret of await listProducersWithoutReport(pool, start)) {
    const done = await withTransaction(pool, async (client) => {
      const recipients = await listReportRecipientsByProducer(client, siret);
      if (!(await insertReportRun(client, start, siret, recipients.length, now))) return false;
      for (const email of recipients)
        await notifyAgent(client, { email, kind: 'producer_report', key: `producer_report:${siret}:${month}:${email}`, at: now });
      return true;
    });
    if (done) told.push(siret);
  }
  return told;
}
