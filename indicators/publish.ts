/**
 * The published indicators (docs/architecture.md, "Indicators"): per UTC month and over the
 * period, overall, per producer and per API, read from the rollup's rows (a few hundred,
 * whatever the size of the ledger), the contracts and the logins of the citizens' space.
 */
import { STATS_MIN_COUNT } from '../audit/index.js';
import { addHistogram, emptyHistogram } from './latency.js';
import { addCounts, emptyCounts, figuresOf, SUCCESS_TARGET, type IndicatorFigures } from './figures.js';
import {
  instructionTimeByMonth,
  monthPeriod,
  summariseInstructionTimes,
  type InstructionTimeFigure,
  type MonthlyInstructionTime,
} from './instruction-time.js';
import { listDecisionsByPeriod } from './store/instruction.js';
import { ACTIVE_DOSSIER_MONTHS, countActiveDossiers } from './people.js';
import {
  countActiveContracts,
  countActiveDelegations,
  countDistinctConsumersByPeriod,
  findNames,
  listMonthlyRowsByPeriod,
  type ConsumerCountRow,
} from './store/read.js';
import type { CategoryCounts } from './store/rollup.js';
import type { Queryable } from './types.js';

export interface MonthFigures extends IndicatorFigures {
  /** YYYY-MM (UTC). */
  month: string;
}

export interface IndicatorSeries {
  /** Every month of the period, oldest first. */
  months: MonthFigures[];
  /** The whole period. */
  total: IndicatorFigures;
}

export interface PublishedIndicators {
  generatedAt: string;
  /** Period `[from, to)`, ISO 8601. */
  from: string;
  to: string;
  threshold: number;
  /** The success-rate target (0.8). */
  target: number;
  overall: IndicatorSeries;
  producers: (IndicatorSeries & { siret: string; name: string; activeContracts: number })[];
  apis: (IndicatorSeries & { slug: string; title: string; producerSiret: string; activeContracts: number })[];
  instruction: { total: InstructionTimeFigure; months: MonthlyInstructionTime[] };
  contracts: { active: number };
  /** null: delegations are not recorded by this installation. */
  delegations: { active: number | null };
  people: { active: number | null; windowMonths: number };
}

interface Acc {
  counts: Map<string, CategoryCounts>;
  hists: Map<string, number[]>;
}

function acc(): Acc {
  return { counts: new Map(), hists: new Map() };
}

function add(a: Acc, month: string, c: CategoryCounts, hist: readonly number[]): void {
  for (const k of [month, '']) {
    if (!a.counts.has(k)) {
      a.counts.set(k, emptyCounts());
      a.hists.set(k, emptyHistogram());
    }
    addCounts(a.counts.get(k)!, c);
    addHistogram(a.hists.get(k)!, hist);
  }
}

function series(a: Acc | undefined, months: string[], consumers: (month: string | null) => number, threshold: number): IndicatorSeries {
  const cell = (k: string, month: string | null) =>
    figuresOf(a?.counts.get(k) ?? emptyCounts(), a?.hists.get(k) ?? [], consumers(month), threshold);
  return { months: months.map((m) => ({ month: m, ...cell(m, m) })), total: cell('', null) };
}

function consumerLookup(rows: ConsumerCountRow[]): (month: string | null, producer: string | null, api: string | null) => number {
  const m = new Map(rows.map((r) => [`${r.month ?? ''}\u0000${r.producerSiret ?? ''}\u0000${r.apiSlug ?? ''}`, r.consumers]));
  return (month, producer, api) => m.get(`${month ?? ''}\u0000${producer ?? ''}\u0000${api ?? ''}`) ?? 0;
}

export async function publishedIndicators(
  db: Queryable,
  opts: { now: Date; months?: number; threshold?: number },
): Promise<PublishedIndicators> {
  const threshold = opts.threshold ?? STATS_MIN_COUNT;
  const { from, to, months: n } = monthPeriod(opts.now, opts.months);
  const months = Array.from({ length: n }, (_, i) =>
    new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + i, 1)).toISOString().slice(0, 7),
  );
  const [rows, consumerRows, contracts, delegations, people, decisions] = await Promise.all([
    listMonthlyRowsByPeriod(db, from, to),
    countDistinctConsumersByPeriod(db, from, to),
    countActiveContracts(db),
    countActiveDelegations(db),
    countActiveDossiers(db, opts.now, threshold),
    listDecisionsByPeriod(db, from, to),
  ]);
  const overall = acc();
  const byProducer = new Map<string, Acc>();
  const byApi = new Map<string, Acc & { producer: string }>();
  for (const r of rows) {
    add(overall, r.month, r, r.latencyHist);
    if (r.producerSiret) {
      if (!byProducer.has(r.producerSiret)) byProducer.set(r.producerSiret, acc());
      add(byProducer.get(r.producerSiret)!, r.month, r, r.latencyHist);
    }
    if (r.producerSiret && r.apiSlug) {
      if (!byApi.has(r.apiSlug)) byApi.set(r.apiSlug, { ...acc(), producer: r.producerSiret });
      add(byApi.get(r.apiSlug)!, r.month, r, r.latencyHist);
    }
  }
  const contractsOf = new Map(contracts.map((c) => [`${c.producerSiret ?? ''}\u0000${c.apiSlug ?? ''}`, c.n]));
  for (const c of contracts) {
    if (c.producerSiret && !byProducer.has(c.producerSiret)) byProducer.set(c.producerSiret, acc());
    if (c.producerSiret && c.apiSlug && !byApi.has(c.apiSlug)) byApi.set(c.apiSlug, { ...acc(), producer: c.producerSiret });
  }
  const names = await findNames(db, [...byProducer.keys()], [...byApi.keys()]);
  const consumers = consumerLookup(consumerRows);
  const byName = (a: { name?: string; title?: string }, b: { name?: string; title?: string }) =>
    (a.name ?? a.title ?? '').localeCompare(b.name ?? b.title ?? '', 'fr');
  return {
    generatedAt: opts.now.toISOString(),
    from: from.toISOString(),
    to: to.toISOString(),
    threshold,
    target: SUCCESS_TARGET,
    overall: series(overall, months, (m) => consumers(m, null, null), threshold),
    producers: [...byProducer]
      .map(([siret, a]) => ({
        siret,
        name: names.organisations.get(siret) ?? siret,
        activeContracts: contractsOf.get(`${siret}\u0000`) ?? 0,
        ...series(a, months, (m) => consumers(m, siret, null), threshold),
      }))
      .sort(byName),
    apis: [...byApi]
      .map(([slug, a]) => ({
        slug,
        title: names.apis.get(slug) ?? slug,
        producerSiret: a.producer,
        activeContracts: contractsOf.get(`${a.producer}\u0000${slug}`) ?? 0,
        ...series(a, months, (m) => consumers(m, a.producer, slug), threshold),
      }))
      .sort(byName),
    instruction: {
      total: summariseInstructionTimes(
        decisions.map((d) => d.decidedAt.getTime() - d.submittedAt.getTime()),
        threshold,
      ),
      months: await instructionTimeByMonth(db, { now: opts.now, months: n, threshold }),
    },
    contracts: { active: contractsOf.get('\u0000') ?? 0 },
    delegations: { active: delegations },
    people: { active: people, windowMonths: ACTIVE_DOSSIER_MONTHS },
  };
}
