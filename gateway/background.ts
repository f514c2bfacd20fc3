/**
 * Every periodic job of a process, listed here and nowhere else (docs/architecture.md,
 * "Composition"). `start()` once the services exist, `stop()` before the pools close: stop
 * clears the timers and waits for the runs in flight, so a graceful stop logs no error.
 *
 * Not listed because they belong to the object that owns them and stop with it: the ledger
 * writer's checkpoint timer (closed with the writer) and the reconnect timers of the
 * LISTEN/NOTIFY caches (closed with their cache).
 */
import type { KafkaRelay } from '../ledger/index.js';
import type { AppDeps } from './deps.js';
import type { Services } from './compose.js';
import { deleteRateLimitWindowsBefore } from './exchange-adapters/rate-limit-store.js';
import { sealClearReportMessages } from '../consent/index.js';
import { composeDigests, createDataObtainedJob } from '../notify/index.js';
import { flowsJobs, notifyDossierStatus } from './services/flows.js';
import { queueMonthlyReports, recordActiveDossiers } from '../indicators/index.js';

const MINUTE = 60_000;

/** A job run every `everyMs` (never two runs of one job at once). */
export interface PeriodicJob {
  name: string;
  everyMs: number;
  run(): Promise<unknown>;
}

/** A job with its own loop (it schedules itself between `start` and `stop`). */
export interface LoopJob {
  name: string;
  start(): void;
  stop(): Promise<void>;
}

export interface Background {
  /** The names of every job, in start order. */
  readonly jobs: readonly string[];
  start(): void;
  /** Stops every timer and waits for the runs in flight; idempotent. */
  stop(): Promise<void>;
}

export function backgroundJobs(
  deps: Pick<AppDeps, 'pool' | 'exchangePool' | 'clock' | 'logger'>,
  services: Services,
  opts: { relay?: KafkaRelay | null } = {},
): Background {
  const dataObtained = createDataObtainedJob({ pool: deps.pool, clock: deps.clock });
  const periodic: PeriodicJob[] = [
    {
      // Expiry sweep, purge of spent jtis and revoked tokens, token signing key rotation.
      name: 'contracts.housekeeping',
      everyMs: MINUTE,
      run: async () => {
        const kid = await services.contracts.housekeeping();
        if (kid) deps.logger.info({ kid }, 'token signing key rotated');
      },
    },
    // Lapsed consents get their `expired` version and ledger event.
    { name: 'consent.expiry', everyMs: MINUTE, run: () => services.consent.expire() },
    // Expired sessions, login flows and provider artefacts.
    { name: 'identity.purge', everyMs: 10 * MINUTE, run: () => services.identity.purgeExpired() },
    // Shared rate-limit windows long past (each gateway keeps only the current ones in memory).
    {
      name: 'exchange.rate-limit-windows',
      everyMs: MINUTE,
      run: () => deleteRateLimitWindowsBefore(deps.exchangePool ?? deps.pool, new Date(deps.clock.now().getTime() - 5 * MINUTE)),
    },
    // « Une nouvelle administration a obtenu des données sur moi »: tails the ledger from its stored positions (notify/data-obtained.ts).
    { name: 'notify.data-obtained', everyMs: 2_000, run: () => dataObtained.runOnce() },
    // Citizens on the daily digest: their held notifications folded into one e-mail at the digest hour.
    { name: 'notify.digests', everyMs: MINUTE, run: () => composeDigests({ pool: deps.pool, clock: deps.clock }) },
    // Denials without credential, aggregated per minute, appended to the ledger.
    { name: 'exchange.anonymous-denials', everyMs: 10_000, run: () => services.exchange.flushDenials(false) },
    // Indicators: citizens' logins of live sessions (people with an active dossier), before the sessions expire.
    { name: 'indicators.active-dossiers', everyMs: MINUTE, run: () => recordActiveDossiers(deps.pool, deps.clock.now()) },
    // Indicators: the public figures recomputed in the background, so no visitor waits for them.
    { name: 'indicators.snapshot', everyMs: MINUTE / 2, run: () => services.indicators.snapshot.refresh() },
    // Indicators: each producer told once a month, through the outbox, that last month's report is ready.
    { name: 'indicators.producer-reports', everyMs: 60 * MINUTE, run: () => queueMonthlyReports(deps.pool, deps.clock.now()) },
    // Flows: pushes to subscribers and front offices, the person's notifications to the outbox, retention, orphan blobs.
    ...flowsJobs(services.flows.ctx, { settings: services.flows.settings, sign: services.flows.sign, notify: notifyDossierStatus }),
  ];
  let sealing: Promise<unknown> = Promise.resolve();
  const loops: LoopJob[] = [
    // Once at start: report messages filed in clear by the earlier path are sealed in place (idempotent).
    {
      name: 'consent.seal-report-messages',
      start: () => {
        sealing = sealClearReportMessages(services.citizen.reports).catch((err: unknown) =>
          deps.logger.warn({ err }, 'report messages not sealed yet'),
        );
      },
      stop: () => sealing.then(() => undefined),
    },
    // Notification e-mails from the outbox (SMTP_URL): at least once, deduplicated by Message-ID.
    ...(services.citizen.outbox
      ? [{ name: 'notify.outbox', start: () => services.citizen.outbox!.start(), stop: () => services.citizen.outbox!.stop() }]
      : []),
    // Usage control: tails the ledger and opens audit cases.
    { name: 'audit.usage-control', start: () => services.usageControl.start(), stop: () => services.usageControl.stop() },
    // Indicators: tails the ledger into the monthly rows of the indicators.
    { name: 'indicators.rollup', start: () => services.indicators.rollup.start(), stop: () => services.indicators.rollup.stop() },
    // Ledger events and checkpoints to Kafka (KAFKA_BROKERS).
    ...(opts.relay ? [{ name: 'ledger.relay', start: () => opts.relay!.start(), stop: () => opts.relay!.stop() }] : []),
    // Retention both ways: archive the segments past their maximum, verify the package, purge (only with pinned keys).
    ...(services.ledger.retention
      ? [{ name: 'ledger.retention', start: () => services.ledger.retention!.start(), stop: () => services.ledger.retention!.stop() }]
      : []),
  ];

  const timers: NodeJS.Timeout[] = [];
  const running = new Set<Promise<unknown>>();
  let started = false;
  let stopping: Promise<void> | null = null;

  function schedule(job: PeriodicJob): NodeJS.Timeout {
    let current: Promise<unknown> | null = null;
    const timer = setInterval(() => {
      if (current || stopping) return;
      current = job
        .run()
        .catch((err: unknown) => deps.logger.warn({ err, job: job.name }, 'background job failed'))
        .finally(() => {
          running.delete(current!);
          current = null;
        });
      running.add(current);
    }, job.everyMs);
    // The jobs never keep the process alive on their own.
    timer.unref();
    return timer;
  }

  return {
    jobs: [...periodic.map((j) => j.name), ...loops.map((j) => j.name)],
    start() {
      if (started) return;
      started = true;
      for (const job of periodic) timers.push(schedule(job));
      for (const job of loops) job.start();
    },
    stop() {
      stopping ??= (async () => {
        for (const t of timers) clearInterval(t);
        await Promise.all([...running]);
        if (started)
          await Promise.all(
            loops.map((j) =>
              j.stop().catch((err: unknown) => deps.logger.warn({ err, job: j.name }, 'background job did not stop cleanly')),
            ),
          );
      })();
      return stopping;
    },
  };
}
