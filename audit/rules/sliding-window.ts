/**
 * The first window `(t - windowMs, t]` ending on one of the `targets` that holds more than
 * `limit` items; returns its items (oldest first) or null. `items` must be sorted by time.
 */
export function firstWindowAbove(
  items: { id: string; at: Date }[],
  targets: Set<string>,
  windowMs: number,
  limit: number,
): { id: string; at: Date }[] | null {
  let start = 0;
  for (let end = 0; end < items.length; end++) {
    const t = items[end]!.at.getTime();
    while (items[start]!.at.getTime() <= t - windowMs) start++;
    if (targets.has(items[end]!.id) && end - start + 1 > limit) return items.slice(start, end + 1);
  }
  return null;
}
