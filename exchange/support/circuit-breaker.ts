/**
 * One circuit breaker per upstream (an API and its connector target, fetch-upstream.ts), never per
 * producer: a producer's failing API leaves its other APIs reachable. Closed: calls pass, consecutive failures
 * (timeouts, network errors, 5xx) are counted; at `failureThreshold` the circuit opens. Open:
 * calls are refused at once with `provider.circuit_open` (+ Retry-After) for `openMs`, sparing a
 * struggling producer and our own sockets. Then half-open: one trial call goes through; its
 * success closes the circuit, its failure opens it again. Time comes from the injected clock.
 */
import { ProblemError, type Clock } from '../../schemas/index.js';

interface Breaker {
  failures: number;
  openUntil: number;
  trialInFlight: boolean;
}

export interface CircuitBreakers {
  /** Throws provider.circuit_open when the upstream's circuit refuses the call. */
  admit(upstream: string): void;
  success(upstream: string): void;
  failure(upstream: string): void;
  state(upstream: string): 'closed' | 'open' | 'half-open';
}

export function createCircuitBreakers(opts: { failureThreshold: number; openMs: number; clock: Clock }): CircuitBreakers {
  const breakers = new Map<string, Breaker>();
  const of = (p: string): Breaker => {
    let b = breakers.get(p);
    if (!b) breakers.set(p, (b = { failures: 0, openUntil: 0, trialInFlight: false }));
    return b;
  };
  function state(p: string): 'closed' | 'open' | 'half-open' {
    const b = of(p);
    if (b.failures < opts.failureThreshold) return 'closed';
    return opts.clock.now().getTime() < b.openUntil ? 'open' : 'half-open';
  }
  return {
    state,
    admit(p) {
      const s = state(p);
      const b = of(p);
      if (s === 'closed') return;
      if (s === 'half-open' && !b.trialInFlight) {
        b.trialInFlight = true;
        return;
      }
      const wait = Math.max(1, Math.ceil((b.openUntil - opts.clock.now().getTime()) / 1000));
      throw new ProblemError('provider.circuit_open', {
        detail: 'Cette API du producteur est momentanément coupée après des échecs répétés.',
        headers: { 'Retry-After': String(wait) },
      });
    },
    success(p) {
      const b = of(p);
      b.failures = 0;
      b.trialInFlight = false;
    },
    failure(p) {
      const b = of(p);
      b.failures += 1;
      b.trialInFlight = false;
      if (b.failures >= opts.failureThreshold) b.openUntil = opts.clock.now().getTime() + opts.openMs;
    },
  };
}
