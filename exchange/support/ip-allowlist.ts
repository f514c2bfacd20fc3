/** Per-contract IP allowlist: entries are addresses or CIDR blocks, IPv4 or IPv6. */
import { BlockList, isIP } from 'node:net';

const lists = new Map<string, BlockList>();

function blockListOf(entries: string[]): BlockList {
  const key = entries.join(',');
  let list = lists.get(key);
  if (!list) {
    list = new BlockList();
    for (const e of entries) {
      const [addr, bits] = e.split('/');
      const type = isIP(addr!) === 6 ? 'ipv6' : 'ipv4';
      if (bits !== undefined) list.addSubnet(addr!, Number(bits), type);
      else list.addAddress(addr!, type);
    }
    if (lists.size > 1000) lists.clear();
    lists.set(key, list);
  }
  return list;
}

/** True when `ip` is allowed by `entries` (an empty list allows every address). */
export function ipAllowed(ip: string, entries: string[]): boolean {
  if (entries.length === 0) return true;
  // An IPv4 peer on a dual-stack socket appears as ::ffff:a.b.c.d.
  const addr = ip.startsWith('::ffff:') && isIP(ip.slice(7)) === 4 ? ip.slice(7) : ip;
  const type = isIP(addr) === 6 ? 'ipv6' : 'ipv4';
  if (isIP(addr) === 0) return false;
  try {
    return blockListOf(entries).check(addr, type);
  } catch {
    return false; // a malformed allowlist entry denies (fail closed, docs/architecture.md, invariant 2)
  }
}
