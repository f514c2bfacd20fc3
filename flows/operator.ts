/** The operator's view of deliveries: per subscriber, what waits and how fast dossiers are fetched. */
import { listDeliveryLagBySubscriber } from './store/dossiers.js';
import type { FlowsContext } from './types.js';

export interface SubscriberLag {
  subscriberSiret: string;
  pending: number;
  oldestPendingAt: Date | null;
  delivered: number;
  /** Deposit → first delivery, in milliseconds (null when nothing was delivered). */
  p50Ms: number | null;
  p95Ms: number | null;
}

export async function listDeliveryLag(ctx: Pick<FlowsContext, 'pool' | 'clock'>, o: { sinceMs?: number } = {}): Promise<SubscriberLag[]> {
  const since = new Date(ctx.clock.now().getTime() - (o.sinceMs ?? 7 * 86_400_000));
  return (await listDeliveryLagBySubscriber(ctx.pool, since)).map((r) => ({
    subscriberSiret: r.subscriber_siret,
    pending: Number(r.pending),
    oldestPendingAt: r.oldest_pending,
    delivered: Number(r.delivered),
    p50Ms: r.p50_ms === null ? null : Number(r.p50_ms),
    p95Ms: r.p95_ms === null ? null : Number(r.p95_ms),
  }));
}
