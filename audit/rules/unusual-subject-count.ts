import type { LedgerRow } from '../types.js';
import { findDistinctSubjectsByConsumer, findDailySubjectBaselineByConsumer } from '../store/ledger.js';
import { groupBy, isExchange, utcDay, type EventRule, type RuleHit } from './rule.js';

const DAY = 24 * 3600_000;
const SAMPLE = 200;

/**
 * unusual_subject_count: the distinct subjects (subject_ref) one consumer reached within
 * `windowMs` exceed max(`minimum`, `factor` x its average daily distinct subjects over the
 * previous `baselineDays`): a consumer "browsing" the population. Evidence: the first exchange
 * about each subject (up to 200). Near miss: exactly the threshold.
 */
export const unusualSubjectCount: EventRule = {
  kind: 'unusual_subject_count',
  async evaluate(events, ctx) {
    const o = ctx.options.distinctSubjects;
    const hits: RuleHit[] = [];
    const withSubject = events.filter((e) => isExchange(e) && e.subjectRef && e.consumerSiret);
    for (const [consumer, rows] of groupBy<LedgerRow>(withSubject, (e) => e.consumerSiret)) {
      const end = new Date(Math.max(...rows.map((r) => r.occurredAt.getTime())));
      const memoKey = `subjects:${consumer}`;
      const last = ctx.memory.get(memoKey);
      if (last !== undefined && end.getTime() - last < o.checkEveryMs && end.getTime() >= last) continue;
      ctx.memory.set(memoKey, end.getTime());
      const start = new Date(end.getTime() - o.windowMs);
      const { count, evidence } = await findDistinctSubjectsByConsumer(ctx.db, consumer, start, end, SAMPLE);
      if (count <= o.minimum) continue;
      const baseline = await findDailySubjectBaselineByConsumer(ctx.db, consumer, new Date(start.getTime() - o.baselineDays * DAY), start);
      const threshold = Math.max(o.minimum, Math.ceil(o.factor * baseline));
      if (count <= threshold) continue;
      hits.push({
        kind: 'unusual_subject_count',
        source: 'rule',
        consumerSiret: consumer,
        dedupKey: `${consumer}:${utcDay(end)}`,
        evidence,
        summary: `${count} personnes ou entreprises distinctes consultées en ${Math.round(o.windowMs / 3600_000)} h par le consommateur ${consumer} (seuil ${threshold}, moyenne habituelle ${Math.round(baseline)} par jour).`,
      });
    }
    return hits;
  },
};
