import { BlockList, isIP } from 'node:net';

/** True when `ip` is in one of the allowlist's addresses or CIDR ranges (empty list: any address). */
export function ipAllowed(allowlist: string[], ip: string | undefined): boolean {
  if (allowlist.length === 0) return true;
  if (!ip) return false;
  const addr = ip.startsWith('::ffff:') && isIP(ip.slice(7)) === 4 ? ip.slice(7) : ip;
  const family = isIP(addr) === 6 ? 'ipv6' : 'ipv4';
  const list = new BlockList();
  for (const entry of allowlist) {
    const [base, bits] = entry.split('/');
    const fam = isIP(base!) === 6 ? 'ipv6' : isIP(base!) === 4 ? 'ipv4' : null;
    if (!fam) continue;
    if (bits === undefined) list.addAddress(base!, fam);
    else list.addSubnet(base!, Number(bits), fam);
  }
  return list.check(addr, family);
}
