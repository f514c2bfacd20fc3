/**
 * Step 7 — minimisation by allowlist (docs/architecture.md, invariant 3): only the JSON pointers named by
 * the granted scopes reach the consumer (the catalogue's `maskResponse`). When the exchange rests
 * on a consent limited to some data elements, only the fields linked to those elements remain
 * (fields linked to no element are dropped: allowlist, fail closed). The delivered field names (pointers,
 * never values) are kept for the ledger.
 */
import type { ExchangeContext, ExchangeRuntime } from '../context.js';

export async function minimise(ctx: ExchangeContext, rt: ExchangeRuntime): Promise<void> {
  const catalog = rt.ports.catalog;
  ctx.data = catalog.mask(ctx.upstream!.body, ctx.grantedScopes!);
  const consented = ctx.consent?.mode === 'consent' ? (ctx.consent.dataElements ?? []) : [];
  if (consented.length > 0) {
    const links = await catalog.fieldLinks(ctx.target!.api.slug);
    const pointers = Object.entries(links)
      .filter(([, element]) => consented.includes(element))
      .map(([pointer]) => pointer);
    ctx.data = catalog.mask(ctx.data, [{ name: 'consent', pointers }]);
  }
  ctx.fields = catalog.fieldsDelivered(ctx.data);
}
