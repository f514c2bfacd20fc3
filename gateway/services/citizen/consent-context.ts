/**
 * The consent part of a process: the domain context (pool, clock, ledger port), the exchange's
 * consent checker (LISTEN/NOTIFY cache), the trail's label caches and FranceConnect mode of the
 * exchange. Built once by gateway/compose.ts; the expiry sweep is a job of gateway/background.ts.
 * Consent and citizen-report events go to the process's one ledger writer.
 */
import {
  createConsentChecker,
  expireConsents,
  type ConsentCheckerHandle,
  type ConsentContext,
  type ConsentLedgerEvent,
} from '../../../consent/index.js';
import type { LedgerEventInput, LedgerWriter } from '../../../ledger/index.js';
import { notifyPerson } from '../../../notify/index.js';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { Clock } from '../../../schemas/index.js';
import type { Config } from '../../config.js';
import { createLabelCache, type LabelCache } from './labels.js';
import { citizenTokenVerifier } from '../../exchange-adapters/citizen-token.js';
import type { CitizenTokenVerifier } from '../../../exchange/index.js';

export interface ConsentServices {
  ctx: ConsentContext;
  checker: ConsentCheckerHandle;
  labels: LabelCache;
  /** FranceConnect mode of the exchange (port `citizenTokens`): the citizen identity provider checks the token. */
  citizenTokens: CitizenTokenVerifier;
  /** Gives lapsed consents their `expired` version and ledger event; how many. */
  expire(): Promise<number>;
  close(): Promise<void>;
}

/** Maps a consent-domain event onto the ledger's input (no personal data: subject_ref only). */
export function toLedgerEvent(e: ConsentLedgerEvent): LedgerEventInput {
  return {
    id: e.id,
    type: e.type,
    occurredAt: e.occurredAt,
    outcome: 'recorded',
    actor: {
      kind: e.actor.kind,
      ...(e.actor.kind !== 'citizen' ? { id: e.actor.id } : {}),
      ...(e.actor.organisationSiret ? { organisationSiret: e.actor.organisationSiret } : {}),
    },
    subjectRef: e.subjectRef,
    subjectKind: e.subjectKind,
    consumerSiret: e.consumerSiret,
    apiSlug: e.apiSlug,
    dataElements: e.dataElements,
    detail: e.detail,
  };
}

export function createConsentServices(
  deps: { config: Pick<Config, 'SUBJECT_HMAC_SECRET'>; pool: pg.Pool; clock: Clock; logger: Logger },
  opts: {
    ledger: Pick<LedgerWriter, 'append'>;
    /** The citizens' relying party (identity), or null when citizens cannot log in. */
    citizenParty: Parameters<typeof citizenTokenVerifier>[0] extends () => infer P ? P : never;
  },
): ConsentServices {
  const ctx: ConsentContext = {
    pool: deps.pool,
    clock: deps.clock,
    recordConsentEvent: async (e) => {
      await opts.ledger.append(toLedgerEvent(e));
    },
    // Consent requests queue their notification in the same transaction (opt-in, notify/).
    notifyPerson: (db, n) => notifyPerson(db, n),
  };
  const checker = createConsentChecker({ pool: deps.pool, clock: deps.clock, logger: deps.logger });
  return {
    ctx,
    checker,
    labels: createLabelCache(deps.pool),
    citizenTokens: citizenTokenVerifier(() => opts.citizenParty, deps.config.SUBJECT_HMAC_SECRET),
    expire: () => expireConsents(ctx),
    close: () => checker.close(),
  };
}
