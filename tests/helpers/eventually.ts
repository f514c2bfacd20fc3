/**
 * What another process, a timer or a notification does asynchronously is awaited by polling its
 * effect, never by a fixed delay: a loaded machine is slow, not wrong. The budget is generous on
 * purpose (docs/architecture.md, "Tests"); a property that is itself a time bound (a revocation
 * seen within 5 s) is measured separately, not through this helper.
 */
export const EVENTUALLY_MS = 30_000;

/** Resolves once `check` holds; rejects naming `what` when the budget is spent. */
export async function eventually(
  what: string,
  check: () => boolean | Promise<boolean>,
  budgetMs = EVENTUALLY_MS,
  everyMs = 20,
): Promise<void> {
  const end = Date.now() + budgetMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > end) throw new Error(`not within ${budgetMs} ms: ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
