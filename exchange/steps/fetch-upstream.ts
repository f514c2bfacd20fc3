/**
 * Step 6 — fetch through the API's connector. Rules:
 * - the upstream's circuit breaker may refuse at once: 503 `provider.circuit_open` (+ Retry-After).
 *   One breaker per upstream — the API and, when its connector names one, the connector target
 *   — never per producer: one failing API of a producer does not cut off its other APIs;
 * - the call is bounded by UPSTREAM_TIMEOUT_MS (default 10 s): 504 `provider.timeout`, the
 *   request aborted (its socket is not left to hang);
 * - `X-Correlation-ID` (the exchange id, so both logs can be joined) and the recipient are
 *   forwarded; the consumer's own headers and the traceability parameters are not;
 * - producer answers are mapped, never forwarded verbatim (docs/architecture.md, "Errors"): 404 ->
 *   `provider.not_found`, 429 -> `provider.rate_limited`, 5xx and network errors ->
 *   `provider.unavailable`, any other non-2xx -> `provider.invalid_response`;
 * - timeouts, network errors and 5xx count as failures for the breaker; any answer else closes it.
 */
import { ProblemError } from '../../schemas/index.js';
import type { ExchangeContext, ExchangeRuntime } from '../context.js';
import { TRACEABILITY_PARAMS } from './check-traceability.js';

/** The breaker's key: the API, and the declared connector target it goes through, if any. */
export function upstreamKey(api: { id: string; connector?: unknown }): string {
  const target = (api.connector as { target?: unknown } | null | undefined)?.target;
  return typeof target === 'string' ? `api:${api.id}|target:${target}` : `api:${api.id}`;
}

export async function fetchUpstream(ctx: ExchangeContext, rt: ExchangeRuntime): Promise<void> {
  const target = ctx.target!;
  const connector = rt.ports.connectors.forApi(target.api);
  if (!connector) throw new ProblemError('gateway.misconfigured', { detail: 'Aucun connecteur pour cette API.' });
  const upstream = upstreamKey(target.api);
  rt.breakers.admit(upstream);

  const query: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(ctx.query!)) if (!(TRACEABILITY_PARAMS as readonly string[]).includes(k)) query[k] = v;
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new ProblemError('provider.timeout', { detail: `Pas de réponse du producteur en ${rt.settings.upstreamTimeoutMs} ms.` }));
    }, rt.settings.upstreamTimeoutMs);
  });
  let status: number;
  try {
    const res = await Promise.race([
      connector.call({
        endpoint: { operationId: target.endpoint.operationId, method: target.endpoint.method, pathTemplate: target.endpoint.pathTemplate },
        subject: ctx.subject,
        deadline: Date.now() + rt.settings.upstreamTimeoutMs,
        method: ctx.input.method,
        path: ctx.input.path,
        pathParams: target.pathParams,
        query,
        body: ctx.body,
        headers: { 'X-Correlation-ID': ctx.exchangeId, ...(ctx.traceability ? { 'X-Recipient': ctx.traceability.recipient } : {}) },
        signal: controller.signal,
      }),
      timeout,
    ]);
    status = res.status;
    ctx.upstream = res;
  } catch (err) {
    if (!(err instanceof ProblemError) || err.code === 'provider.timeout' || err.code === 'provider.unavailable')
      rt.breakers.failure(upstream);
    if (err instanceof ProblemError) throw err;
    throw new ProblemError('provider.unavailable', { detail: 'Le producteur est injoignable.', cause: err });
  } finally {
    clearTimeout(timer);
  }
  if (status >= 500) {
    rt.breakers.failure(upstream);
    throw new ProblemError('provider.unavailable', { detail: `Le producteur a répondu ${status}.` });
  }
  rt.breakers.success(upstream);
  if (status === 404) throw new ProblemError('provider.not_found');
  if (status === 429) throw new ProblemError('provider.rate_limited');
  if (status < 200 || status > 299) throw new ProblemError('provider.invalid_response', { detail: `Le producteur a répondu ${status}.` });
}
