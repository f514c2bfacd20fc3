/**
 * A description cut for a card or a list: at most `max` characters, cut at the last word
 * boundary before the limit (never « crèch »), with an ellipsis when something was cut.
 */
export function truncateWords(text: string, max: number): string {
  const t = text.replace(/\s+/g, ' ').trim();
  if (t.length <= max) return t;
  const cut = t.slice(0, max);
  const space = cut.lastIndexOf(' ');
  const head = (space > max * 0.5 ? cut.slice(0, space) : cut).replace(/[\s,;:.!?—–-]+$/u, '');
  return `${head}…`;
}

/** A French list: « a, b et c ». */
export function listFr(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} et ${items.at(-1)}`;
}
