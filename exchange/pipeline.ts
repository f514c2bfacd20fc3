/**
 * The exchange pipeline (docs/architecture.md, "Exchange pipeline"): a visible list of
 * named steps, each in its own file, run in order until one throws. Whatever happens, the
 * outcome is recorded before anything is answered (record.ts), then answered (respond.ts).
 *
 *   screenRequest -> authenticate -> authorise -> checkTraceability -> checkCitizenToken -> validateRequest -> checkConsent
 *   -> fetchUpstream -> minimise -> checkResponse -> record -> respond
 */
import { randomUUID } from 'node:crypto';
import { asProblem } from '../schemas/index.js';
import type { ExchangeContext, ExchangeInput, ExchangeResult, ExchangeRuntime, ExchangeSettings } from './context.js';
import type { ExchangePorts } from './ports.js';
import { authenticate } from './steps/authenticate.js';
import { authorise } from './steps/authorise.js';
import { checkTraceability } from './steps/check-traceability.js';
import { validateRequest } from './steps/validate-request.js';
import { checkCitizenToken } from './steps/check-citizen-token.js';
import { checkConsent, refundConsentUse } from './steps/check-consent.js';
import { fetchUpstream } from './steps/fetch-upstream.js';
import { minimise } from './steps/minimise.js';
import { checkResponse } from './steps/check-response.js';
import { record } from './steps/record.js';
import { respond } from './steps/respond.js';
import { createTokenCache } from './support/token-cache.js';
import { createCircuitBreakers } from './support/circuit-breaker.js';
import { createAnonymousDenials } from './support/anonymous-denials.js';
import { screenRequest } from './steps/screen-request.js';

export type ExchangeStep = (ctx: ExchangeContext, rt: ExchangeRuntime) => void | Promise<void>;

/** The checks and transformations before recording, in order. */
export const EXCHANGE_STEPS: readonly ExchangeStep[] = [
  screenRequest,
  authenticate,
  authorise,
  checkTraceability,
  checkCitizenToken,
  validateRequest,
  checkConsent,
  fetchUpstream,
  minimise,
  checkResponse,
];

export interface ExchangePipeline {
  run(input: ExchangeInput): Promise<ExchangeResult & { exchangeId: string; problemCode?: string; cause?: unknown }>;
  runtime: ExchangeRuntime;
  /** Appends the pending aggregated denials and stops their periodic flush. */
  close(): Promise<void>;
}

/** Builds the pipeline over its ports; the runtime state (token cache, breakers) lives here. */
export function createExchangePipeline(
  ports: ExchangePorts,
  settings: ExchangeSettings & { publicUrl: string },
  steps: readonly ExchangeStep[] = EXCHANGE_STEPS,
): ExchangePipeline {
  const runtime: ExchangeRuntime = {
    ports,
    settings,
    tokenCache: createTokenCache(settings.tokenCacheMax),
    breakers: createCircuitBreakers({
      failureThreshold: settings.circuitFailureThreshold,
      openMs: settings.circuitOpenMs,
      clock: ports.clock,
    }),
    denials: createAnonymousDenials({
      ledger: ports.ledger,
      clock: ports.clock,
      secret: settings.subjectSecret,
      onError: settings.onDenialFlushError,
      ...(settings.denialFlushTimer === false ? { flushEveryMs: null } : {}),
    }),
  };
  return {
    runtime,
    close: () => runtime.denials!.close(),
    async run(input) {
      const ctx: ExchangeContext = { exchangeId: input.exchangeId ?? randomUUID(), startedAt: performance.now(), input, headers: {} };
      try {
        for (const step of steps) await step(ctx, runtime);
      } catch (err) {
        ctx.problem = asProblem(err);
        ctx.data = undefined;
      }
      const reply = await record(ctx, runtime, respond(ctx, settings.publicUrl), settings.publicUrl);
      await refundConsentUse(ctx, runtime);
      return { ...reply, exchangeId: ctx.exchangeId, problemCode: ctx.problem?.code, cause: ctx.problem?.cause };
    },
  };
}
