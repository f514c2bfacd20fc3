/** A tiny per-key cache of async loads with a time-to-live (staleness bound across processes). */
export function ttlCache<T>(ttlMs: number, load: (key: string) => Promise<T>, now: () => number = Date.now): (key: string) => Promise<T> {
  const entries = new Map<string, { at: number; value: Promise<T> }>();
  return (key) => {
    const hit = entries.get(key);
    if (hit && now() - hit.at <= ttlMs) return hit.value;
    const value = load(key);
    entries.set(key, { at: now(), value });
    value.catch(() => {
      if (entries.get(key)?.value === value) entries.delete(key);
    });
    return value;
  };
}
