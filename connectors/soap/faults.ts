import { ProblemError } from '../../schemas/index.js';
import type { SoapConfig } from '../config/types.js';

interface SoapFault {
  faultcode?: unknown;
  faultstring?: unknown;
  detail?: unknown;
  Code?: { Subcode?: { value?: unknown }; Value?: unknown };
}

/** The names a fault can be recognised by: faultcode local part(s), detail/code, faultstring's first word. */
export function faultNames(fault: SoapFault): string[] {
  const names: string[] = [];
  const code = String(fault.faultcode ?? fault.Code?.Subcode?.value ?? fault.Code?.Value ?? '');
  if (code) names.push(code, ...code.split(/[:.]/));
  const detail = fault.detail as { code?: unknown } | undefined;
  if (detail && typeof detail === 'object' && detail.code !== undefined) names.push(String(detail.code));
  const text = String(fault.faultstring ?? '');
  const word = /^([A-Za-z0-9_.-]+)/.exec(text)?.[1];
  if (word) names.push(word);
  return names;
}

/**
 * A `soap` client error -> provider problem. A SOAP fault is mapped by the configuration's
 * `faults` (default `provider.unavailable`); an HTTP or transport failure is
 * `provider.unavailable`; an answer that cannot be read is `provider.invalid_response`. The
 * fault text stays in `cause` (never shown to the client).
 */
export function problemForSoapError(err: unknown, faults: SoapConfig['faults']): ProblemError {
  if (err instanceof ProblemError) return err;
  const e = err as { root?: { Envelope?: { Body?: { Fault?: SoapFault } } }; response?: { status?: number }; code?: string };
  const fault = e.root?.Envelope?.Body?.Fault;
  if (fault) {
    const names = faultNames(fault);
    const rule = (faults ?? []).find((f) => names.includes(f.faultcode));
    return new ProblemError(rule?.code ?? 'provider.unavailable', { cause: err });
  }
  const status = e.response?.status ?? 0;
  // A 2xx answer we could not read is the producer's malformed answer; anything else, its outage.
  if (status >= 200 && status < 300) return new ProblemError('provider.invalid_response', { cause: err });
  if (e.response || (e.code && /^(E[A-Z]+|ERR_)/.test(e.code))) return new ProblemError('provider.unavailable', { cause: err });
  return new ProblemError('provider.invalid_response', { cause: err });
}
