import { ProblemError } from '../schemas/index.js';
import { remainingMs } from './deadline.js';
import type { Connector, ConnectorHealth, ConnectorRequest } from './port.js';

/** Answers of an in-memory connector, by operationId: a document, or a ProblemError to throw. */
export type MemoryAnswers = Record<string, (params: ConnectorRequest['params']) => unknown>;

/**
 * The in-memory adapter beside the real ones (docs/architecture.md, "Ports and adapters"), for tests of the parts that call
 * connectors: same contract (deadline checked, `provider.*` problems, unknown operation is
 * `gateway.misconfigured`), no I/O. An answer of `undefined` is `provider.not_found`.
 */
export function createMemoryConnector(
  answers: MemoryAnswers,
  opts: { health?: ConnectorHealth['status'] } = {},
): Connector & { calls: ConnectorRequest[] } {
  const calls: ConnectorRequest[] = [];
  return {
    kind: 'memory',
    calls,
    async fetch(request, context) {
      remainingMs(context.deadline);
      calls.push(request);
      const answer = answers[request.endpoint.operationId];
      if (!answer) throw new ProblemError('gateway.misconfigured', { cause: new Error(`no answer for ${request.endpoint.operationId}`) });
      const body = answer(request.params);
      if (body instanceof ProblemError) throw body;
      if (body === undefined) throw new ProblemError('provider.not_found');
      return { status: 200, body: structuredClone(body) };
    },
    async health() {
      const status = opts.health ?? 'up';
      return { status, checkedAt: new Date(), latencyMs: 0, code: status === 'up' ? undefined : 'provider.unavailable' };
    },
    async close() {
      /* nothing to release */
    },
  };
}
