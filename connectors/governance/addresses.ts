import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

/** Loopback, link-local and unspecified addresses (RFC 1122 §3.2.1.3, RFC 3927, RFC 4291 §2.5). */
export function isInternalAddress(address: string): boolean {
  const a = address.toLowerCase().replace(/^\[|\]$/g, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a)?.[1];
  if (mapped) return isInternalAddress(mapped);
  if (isIP(a) === 4) {
    const [x, y] = a.split('.').map(Number);
    return x === 127 || x === 0 || (x === 169 && y === 254);
  }
  if (isIP(a) === 6) return a === '::1' || a === '::' || /^fe[89ab][0-9a-f]:/.test(a);
  return false;
}

/** A host name that names the machine itself without resolution. */
function isLocalName(host: string): boolean {
  const h = host.toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost');
}

/**
 * Why connecting to `host` is refused, or null. A host the operator declared as an internal
 * literal (127.0.0.1, [::1], localhost) is allowed; a name is resolved and refused when any of
 * its addresses is internal (a public name pointing at the gateway's own machine or metadata
 * service is a server-side request forgery).
 */
export async function refusedAddress(host: string): Promise<string | null> {
  const h = host.replace(/^\[|\]$/g, '');
  if (isIP(h) || isLocalName(h)) return null; // the origin matched a declared target: the literal was declared
  let addresses: { address: string }[];
  try {
    addresses = await lookup(h, { all: true, verbatim: true });
  } catch {
    return `l’hôte ${h} ne se résout pas`;
  }
  const internal = addresses.find((a) => isInternalAddress(a.address));
  return internal ? `l’hôte ${h} se résout en une adresse interne (${internal.address})` : null;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for socket connections that refuses internal addresses at connect time (a name
 * that resolved to a public address when bound may be re-pointed at the gateway's own machine:
 * DNS rebinding). Names of the machine itself (`localhost`) pass: only a target can declare them.
 */
export function guardedLookup(hostname: string, options: object, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, []);
    const list = addresses as LookupAddress[];
    if (!isLocalName(hostname) && list.some((a) => isInternalAddress(a.address))) {
      return callback(Object.assign(new Error(`refused internal address for ${hostname}`), { code: 'EADDRNOTAVAIL' }), []);
    }
    if ((options as { all?: boolean }).all) return callback(null, list);
    callback(null, list[0]!.address, list[0]!.family);
  });
}
