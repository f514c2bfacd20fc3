import { ProblemError } from '../schemas/index.js';

/** Milliseconds left before the deadline; throws `provider.timeout` when none is left. */
export function remainingMs(deadline: number): number {
  const left = deadline - Date.now();
  if (!(left > 0)) throw new ProblemError('provider.timeout', { detail: 'Délai de réponse du producteur dépassé.' });
  return left;
}

/**
 * Settles with `work` or rejects with `provider.timeout` at the deadline, whichever comes first;
 * `onTimeout` aborts the upstream call (abort signal, cancelled query). The timer is cleared
 * either way, so nothing outlives the call.
 */
export async function withDeadline<T>(deadline: number, work: (signal: AbortSignal) => Promise<T>, onTimeout?: () => void): Promise<T> {
  const left = remainingMs(deadline);
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      onTimeout?.();
      reject(new ProblemError('provider.timeout', { detail: 'Le producteur n’a pas répondu dans le délai imparti.' }));
    }, left);
  });
  try {
    return await Promise.race([work(controller.signal), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A provider failure carrying the upstream detail only in `cause` (never shown to the client). */
export function providerError(
  code: 'provider.not_found' | 'provider.unavailable' | 'provider.invalid_response' | 'provider.rate_limited' | 'provider.timeout',
  cause?: unknown,
  detail?: string,
): ProblemError {
  return new ProblemError(code, { detail, cause });
}
