/**
 * Denials without a valid credential (no token, invalid token, unknown API, malformed request,
 * address over its limit) are recorded aggregated: one ledger event per (source address, problem
 * code, catalogue API, minute) carrying their count, instead of one event each — so an anonymous
 * flood cannot grow the undeletable ledger (docs/architecture.md, "Ledger"). Rules:
 * - the address is kept as an HMAC (keyed with the subject secret), never in clear (no personal
 *   data in clear in the ledger); IPv6 addresses count per /64, IPv4-mapped ones as IPv4;
 * - a minute's counts are appended once the minute is over (a periodic flush), and all at once when
 *   the exchange path closes; if the ledger refuses, they are kept and retried at the next flush;
 * - such denials release nothing, so they are answered before their aggregate is committed:
 *   a crash loses at most the counts of the current minute, never an event of an authenticated
 *   caller (those stay one event each, committed before the answer);
 * - the same counts give the per-address limit applied before authentication (screen-request.ts).
 * Memory is bounded: past `maxKeys` distinct keys in a minute, further addresses share one key.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { isIP } from 'node:net';
import type { Clock } from '../../schemas/index.js';
import type { ExchangeEvent, LedgerWriter } from '../ports.js';

export interface AnonymousDenial {
  exchangeId: string;
  ip: string;
  problemCode: string;
  status: number;
  latencyMs: number;
  /** Only an API of the catalogue (never the caller's raw text). */
  apiSlug?: string;
  producerSiret?: string;
}

export interface AnonymousDenials {
  /** Counts one denial into its (address, code, API, minute) aggregate. */
  count(denial: AnonymousDenial): void;
  /** Denials counted for this address in the current minute (all codes). */
  countFor(ip: string): number;
  /** Seconds until the current minute ends. */
  secondsToNextMinute(): number;
  /** Appends the aggregates of the minutes that are over (all of them with `all`). */
  flush(all?: boolean): Promise<void>;
  close(): Promise<void>;
}

interface Aggregate {
  minute: number;
  addressRef: string;
  problemCode: string;
  status: number;
  apiSlug?: string;
  producerSiret?: string;
  count: number;
  maxLatencyMs: number;
  firstExchangeId: string;
  lastExchangeId: string;
}

const MINUTE = 60_000;

/** The network an address stands for: IPv4 as is, IPv6 per /64 (one subscriber's prefix). */
export function addressPrefix(ip: string): string {
  const v4mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (v4mapped) return v4mapped[1]!;
  if (isIP(ip) !== 6) return ip;
  const [head, tail = ''] = ip.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

export function createAnonymousDenials(opts: {
  ledger: LedgerWriter;
  clock: Clock;
  secret: string;
  /** Period of the own flush timer; `null`: no timer, the process's background jobs call `flush()`. */
  flushEveryMs?: number | null;
  maxKeys?: number;
  onError?: (err: unknown) => void;
}): AnonymousDenials {
  const maxKeys = opts.maxKeys ?? 10_000;
  const aggregates = new Map<string, Aggregate>();
  const perAddress = new Map<string, number>();
  let perAddressMinute = -1;
  const refs = new Map<string, string>();
  const minuteOf = (): number => Math.floor(opts.clock.now().getTime() / MINUTE) * MINUTE;
  const refOf = (prefix: string): string => {
    let ref = refs.get(prefix);
    if (!ref) {
      if (refs.size >= maxKeys) refs.clear();
      ref = createHmac('sha256', opts.secret).update(`address:${prefix}`).digest('hex');
      refs.set(prefix, ref);
    }
    return ref;
  };
  const addressCounts = (): Map<string, number> => {
    const minute = minuteOf();
    if (minute !== perAddressMinute) {
      perAddress.clear();
      perAddressMinute = minute;
    }
    return perAddress;
  };

  let flushing: Promise<void> = Promise.resolve();
  async function flushNow(all: boolean): Promise<void> {
    const current = minuteOf();
    for (const [key, a] of aggregates) {
      if (!all && a.minute >= current) continue;
      aggregates.delete(key);
      try {
        await opts.ledger.append(toEvent(a));
      } catch (err) {
        // Kept for the next flush (merged with anything counted under the same key meanwhile).
        const again = aggregates.get(key);
        if (again) {
          again.count += a.count;
          again.firstExchangeId = a.firstExchangeId;
        } else aggregates.set(key, a);
        opts.onError?.(err);
        return;
      }
    }
  }
  const flush = (all = false): Promise<void> => (flushing = flushing.then(() => flushNow(all)));
  const timer = opts.flushEveryMs === null ? undefined : setInterval(() => void flush(), opts.flushEveryMs ?? 10_000);
  timer?.unref();

  return {
    count(d) {
      const minute = minuteOf();
      const prefix = addressPrefix(d.ip);
      const counts = addressCounts();
      counts.set(prefix, (counts.get(prefix) ?? 0) + 1);
      if (counts.size > maxKeys) counts.delete(prefix);
      const crowded = aggregates.size >= maxKeys;
      const addressRef = crowded ? 'overflow' : refOf(prefix);
      const key = `${minute}|${addressRef}|${d.problemCode}|${d.apiSlug ?? ''}`;
      const a = aggregates.get(key);
      if (a) {
        a.count += 1;
        a.maxLatencyMs = Math.max(a.maxLatencyMs, d.latencyMs);
        a.lastExchangeId = d.exchangeId;
        return;
      }
      aggregates.set(key, {
        minute,
        addressRef,
        problemCode: d.problemCode,
        status: d.status,
        apiSlug: d.apiSlug,
        producerSiret: d.producerSiret,
        count: 1,
        maxLatencyMs: d.latencyMs,
        firstExchangeId: d.exchangeId,
        lastExchangeId: d.exchangeId,
      });
    },
    countFor: (ip) => addressCounts().get(addressPrefix(ip)) ?? 0,
    secondsToNextMinute: () => Math.max(1, Math.ceil((minuteOf() + MINUTE - opts.clock.now().getTime()) / 1000)),
    flush,
    async close() {
      clearInterval(timer);
      await flush(true);
    },
  };
}

function toEvent(a: Aggregate): ExchangeEvent {
  return {
    id: randomUUID(),
    type: 'exchange.denied',
    occurredAt: new Date(a.minute),
    apiSlug: a.apiSlug,
    producerSiret: a.producerSiret,
    outcome: 'denied',
    problemCode: a.problemCode,
    status: a.status,
    latencyMs: a.maxLatencyMs,
    detail: {
      aggregate: {
        count: a.count,
        from: new Date(a.minute).toISOString(),
        to: new Date(a.minute + MINUTE).toISOString(),
        addressRef: a.addressRef,
        firstExchangeId: a.firstExchangeId,
        lastExchangeId: a.lastExchangeId,
      },
    },
  };
}
