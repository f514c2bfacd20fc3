import type { Dispatcher } from 'undici';
import { ProblemError } from '../../schemas/index.js';

/** Largest upstream answer accepted (a producer answer about one subject is small). */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;

/** Reads an upstream JSON answer, bounded; anything unreadable is `provider.invalid_response`. */
export async function readJsonBody(body: Dispatcher.ResponseData['body']): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) {
      body.destroy();
      throw new ProblemError('provider.invalid_response', { cause: new Error(`answer larger than ${MAX_BODY_BYTES} bytes`) });
    }
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch (cause) {
    throw new ProblemError('provider.invalid_response', { cause });
  }
}

/** Status of an unsuccessful upstream answer -> provider code (the body is discarded, never forwarded). */
export function problemForStatus(status: number, notFound: number[], retryAfter?: string): ProblemError {
  const cause = new Error(`upstream answered ${status}`);
  if (notFound.includes(status)) return new ProblemError('provider.not_found', { cause });
  if (status === 429 || (status === 503 && retryAfter)) {
    return new ProblemError('provider.rate_limited', {
      cause,
      headers: retryAfter && /^\d{1,6}$/.test(retryAfter) ? { 'Retry-After': retryAfter } : undefined,
    });
  }
  if (status >= 500) return new ProblemError('provider.unavailable', { cause });
  return new ProblemError('provider.invalid_response', { cause });
}

/** A transport failure (refused, reset, TLS) -> `provider.unavailable`; problems pass through. */
export function problemForError(err: unknown): ProblemError {
  if (err instanceof ProblemError) return err;
  return new ProblemError('provider.unavailable', { cause: err });
}
