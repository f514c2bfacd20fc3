import type { Clock } from '../../schemas/index.js';
import type { Connector, ConnectorHealth } from '../port.js';

/** One real exchange's outcome, as the ledger records it (no subject, no data). */
export interface ExchangeOutcome {
  at: Date;
  outcome: 'served' | 'denied' | 'failed';
  problemCode?: string | null;
}

/** The port the lead wires to the ledger: outcomes of exchanges on a producer's APIs since a date. */
export type RecentOutcomes = (producerSiret: string, since: Date) => Promise<ExchangeOutcome[]>;

export type ProducerStatus = 'ok' | 'bad_gateway' | 'maintenance' | 'unknown';

/** The answer of `GET /v1/producers/{siret}/ping`. */
export interface ProducerPing {
  status: ProducerStatus;
  /** When the information behind `status` was last obtained (ISO 8601), null if never. */
  last_update: string | null;
  /** The last moment the producer was known to answer well (ISO 8601), null if never. */
  last_ok_status: string | null;
}

export interface ProducerHealthOptions {
  clock: Clock;
  connectorsFor(producerSiret: string): Connector[];
  recentOutcomes: RecentOutcomes;
  inMaintenance(producerSiret: string, at: Date): Promise<boolean>;
  /** Connector probes are cached this long (default 15 s): pings must not hammer producers. */
  probeCacheMs?: number;
}

/** Look-back of real exchanges: the last 10 minutes. */
export const OUTCOME_WINDOW_MS = 10 * 60 * 1000;
/** At least this many provider-attributable outcomes before their failure ratio decides. */
export const MIN_OUTCOMES = 5;
export const MAX_FAILURE_RATIO = 0.5;

/** A failure the producer is accountable for; `provider.not_found` is a correct answer. */
function isProviderFailure(o: ExchangeOutcome): boolean {
  return o.outcome === 'failed' && !!o.problemCode?.startsWith('provider.') && o.problemCode !== 'provider.not_found';
}

function isProviderAnswer(o: ExchangeOutcome): boolean {
  return o.outcome === 'served' || isProviderFailure(o) || o.problemCode === 'provider.not_found';
}

const latest = (dates: (Date | null | undefined)[]): Date | null => dates.reduce<Date | null>((a, d) => (d && (!a || d > a) ? d : a), null);

/**
 * Producer health, decided in this order: inside a declared maintenance window -> maintenance;
 * nothing known (no bound connector, no exchange in the last 10 minutes) -> unknown; a bound
 * connector's probe down, or at least MIN_OUTCOMES recent provider answers of which half or
 * more failed -> bad_gateway; otherwise ok.
 */
export function createProducerHealth(opts: ProducerHealthOptions): { ping(producerSiret: string): Promise<ProducerPing> } {
  const probes = new Map<Connector, Promise<ConnectorHealth>>();
  const probeAt = new Map<Connector, number>();
  const lastOk = new Map<string, Date>();
  const cacheMs = opts.probeCacheMs ?? 15_000;

  function probe(c: Connector, now: number): Promise<ConnectorHealth> {
    const cached = probes.get(c);
    if (cached && now - (probeAt.get(c) ?? 0) < cacheMs) return cached;
    // Stamped with the injected clock, like the outcomes they are compared with.
    const p = c.health().then((h) => ({ ...h, checkedAt: opts.clock.now() }));
    probes.set(c, p);
    probeAt.set(c, now);
    return p;
  }

  return {
    async ping(siret) {
      const now = opts.clock.now();
      const [outcomes, healths, maintenance] = await Promise.all([
        opts.recentOutcomes(siret, new Date(now.getTime() - OUTCOME_WINDOW_MS)),
        Promise.all(opts.connectorsFor(siret).map((c) => probe(c, now.getTime()))),
        opts.inMaintenance(siret, now),
      ]);
      const answers = outcomes.filter(isProviderAnswer);
      const failures = answers.filter(isProviderFailure).length;
      const answeredOk = latest(answers.filter((o) => !isProviderFailure(o)).map((o) => o.at));
      const lastUpdate = latest([...healths.map((h) => h.checkedAt), ...outcomes.map((o) => o.at)]);
      let status: ProducerStatus;
      if (maintenance) status = 'maintenance';
      else if (healths.length === 0 && answers.length === 0) status = 'unknown';
      else if (
        healths.some((h) => h.status === 'down') ||
        (answers.length >= MIN_OUTCOMES && failures / answers.length >= MAX_FAILURE_RATIO)
      )
        status = 'bad_gateway';
      else status = 'ok';
      const knownOk =
        status === 'ok'
          ? latest([lastOk.get(siret), answeredOk, ...healths.map((h) => h.checkedAt)])
          : latest([lastOk.get(siret), answeredOk]);
      if (knownOk) lastOk.set(siret, knownOk);
      return {
        status,
        last_update: maintenance ? now.toISOString() : (lastUpdate?.toISOString() ?? null),
        last_ok_status: knownOk?.toISOString() ?? null,
      };
    },
  };
}

/** What the gateway wires for pings: connectors bound in this process and the ledger's outcomes. */
export interface ProducerHealthSources {
  connectorsFor(producerSiret: string): Connector[];
  recentOutcomes: RecentOutcomes;
}
