/**
 * Step 7 — minimisation by allowlist (DESIGN.md, invariant 3): only the JSON pointers named by
 * the granted scopes reach the consumer (the catalogue's `maskResponse`). The delivered field
 * names (pointers, never values) are kept for the ledger.
 */
import type { ExchangeContext, ExchangeRuntime } from './context.js';

export function minimise(ctx: ExchangeContext, rt: ExchangeRuntime): void {
  ctx.data = rt.ports.catalog.mask(ctx.upstream!.body, ctx.grantedScopes!);
  ctx.fields = rt.ports.catalog.fieldsDelivered(ctx.data);
}
