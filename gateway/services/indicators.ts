/**
 * The indicators (docs/architecture.md, "Indicators"): the rollup built once per process and
 * the use cases shared by the pages — the public figures and a producer's monthly report.
 */
import {
  createIndicatorRollup,
  previousMonth,
  producerReport,
  publishedIndicators,
  type IndicatorRollup,
  type ProducerReport,
  type PublishedIndicators,
} from '../../indicators/index.js';
import { ProblemError, type Principal } from '../../schemas/index.js';
import type { AppDeps } from '../deps.js';

export interface IndicatorsServices {
  /** Tails the ledger into the monthly rows; started by background.ts. */
  rollup: IndicatorRollup;
  /** The public figures, computed at most once per SNAPSHOT_MAX_AGE_MS (kept warm by background.ts). */
  snapshot: IndicatorsSnapshot;
}

export interface IndicatorsSnapshot {
  /** The last computed figures if fresh enough, otherwise newly computed (one computation at a time). */
  current(): Promise<PublishedIndicators>;
  /** Computes the figures now. */
  refresh(): Promise<PublishedIndicators>;
}

/** The public page shows monthly figures: a minute's staleness is invisible, and every visitor shares one computation. */
export const SNAPSHOT_MAX_AGE_MS = 60_000;

function createSnapshot(deps: Pick<AppDeps, 'pool' | 'clock'>): IndicatorsSnapshot {
  let value: PublishedIndicators | null = null;
  let at = 0;
  let inflight: Promise<PublishedIndicators> | null = null;
  function refresh(): Promise<PublishedIndicators> {
    inflight ??= publishedIndicators(deps.pool, { now: deps.clock.now() })
      .then((v) => {
        value = v;
        // Operational age on the monotonic clock (the injected clock dates the figures, not the cache).
        at = performance.now();
        return v;
      })
      .finally(() => {
        inflight = null;
      });
    return inflight;
  }
  return {
    refresh,
    current: () => (value && performance.now() - at < SNAPSHOT_MAX_AGE_MS ? Promise.resolve(value) : refresh()),
  };
}

export function createIndicatorsServices(deps: Pick<AppDeps, 'pool' | 'clock' | 'logger'>): IndicatorsServices {
  return {
    rollup: createIndicatorRollup({
      pool: deps.pool,
      clock: deps.clock,
      onError: (err) => deps.logger.error({ err }, 'indicators rollup failed'),
    }),
    snapshot: createSnapshot(deps),
  };
}

/** The public figures of the last 12 months (the shared snapshot). */
export function publicIndicators(services: IndicatorsServices): Promise<PublishedIndicators> {
  return services.snapshot.current();
}

/** Roles of a producer's agents who receive and read its monthly report. */
export const REPORT_ROLES = ['admin', 'instructor', 'dpo'] as const;

/** The last `n` whole months before the month of `now`, newest first (YYYY-MM). */
export function reportMonths(now: Date, n = 12): string[] {
  return Array.from({ length: n }, (_, i) =>
    new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1 - i, 1)).toISOString().slice(0, 7),
  );
}

/**
 * A producer's report for an agent: the organisation named (one of the agent's, with a report
 * role — the route's guard refuses others) or the agent's first; the month asked among the
 * last twelve, or the previous one.
 */
export async function producerReportFor(
  deps: Pick<AppDeps, 'pool' | 'clock'>,
  p: Principal,
  siret: string | undefined,
  month: string | undefined,
): Promise<{ report: ProducerReport; months: string[]; producers: string[] }> {
  const producers = p.memberships.filter((m) => m.roles.some((r) => (REPORT_ROLES as readonly string[]).includes(r))).map((m) => m.siret);
  if (siret !== undefined && !/^\d{14}$/.test(siret))
    throw new ProblemError('client.invalid_siret', { errors: [{ pointer: '/siret', detail: '14 chiffres attendus' }] });
  const chosen = siret ?? producers[0];
  if (!chosen || !producers.includes(chosen))
    throw new ProblemError('client.forbidden', { detail: 'Rapport réservé aux agents de l’administration productrice.' });
  const now = deps.clock.now();
  const months = reportMonths(now);
  const m = month ?? previousMonth(now);
  if (!months.includes(m))
    throw new ProblemError('client.invalid_parameter', {
      detail: 'Mois attendu au format AAAA-MM, parmi les douze derniers mois écoulés.',
      errors: [{ pointer: '/mois', detail: 'mois hors de la période' }],
    });
  return { report: await producerReport(deps.pool, chosen, m), months, producers };
}
