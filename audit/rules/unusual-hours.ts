import type { LedgerRow } from '../types.js';
import { groupBy, isExchange, type EventRule, type RuleHit, type RuleOptions } from './rule.js';

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Local date and hour of an instant in a time zone (IANA name), e.g. ['2026-11-23', 23]. */
export function localDayHour(at: Date, timeZone: string): [string, number] {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(at).map((p) => [p.type, p.value]));
  return [`${parts.year}-${parts.month}-${parts.day}`, Number(parts.hour)];
}

export function isQuietHour(at: Date, q: RuleOptions['quietHours']): boolean {
  const [, hour] = localDayHour(at, q.timeZone);
  return q.from > q.to ? hour >= q.from || hour < q.to : hour >= q.from && hour < q.to;
}

/**
 * unusual_hours: exchanges at night, local time of the administration (default 22:00–06:00,
 * Europe/Paris). One case per consumer and local day. Near misses: 21:59 and 06:00.
 */
export const unusualHours: EventRule = {
  kind: 'unusual_hours',
  async evaluate(events, ctx) {
    const q = ctx.options.quietHours;
    const night = events.filter((e) => isExchange(e) && e.consumerSiret && isQuietHour(e.occurredAt, q));
    const hits: RuleHit[] = [];
    for (const [key, rows] of groupBy<LedgerRow>(night, (e) => `${e.consumerSiret}:${localDayHour(e.occurredAt, q.timeZone)[0]}`)) {
      const first = rows[0]!;
      const contracts = new Set(rows.map((r) => r.contractId));
      hits.push({
        kind: 'unusual_hours',
        source: 'rule',
        consumerSiret: first.consumerSiret!,
        contractId: contracts.size === 1 ? ctx.contract(first.contractId)?.id : undefined,
        dedupKey: key,
        evidence: rows.map((r) => r.id),
        summary: `${rows.length} appel(s) entre ${q.from} h et ${q.to} h (heure de Paris) par le consommateur ${first.consumerSiret}.`,
      });
    }
    return hits;
  },
};
