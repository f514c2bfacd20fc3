/**
 * A cautious estimate of the entropy of a configured secret, to refuse weak ones in production:
 * repeated characters, runs and sequences (`aaaa`, `0123`, `zyx`) and repeated chunks count as
 * one symbol each; each symbol is worth log2 of the alphabet its character classes span, and
 * never more than the Shannon entropy of the characters actually used.
 */
export function estimateEntropyBits(secret: string): number {
  const chars = [...secret].map((c) => c.codePointAt(0)!);
  const n = chars.length;
  if (n === 0) return 0;
  let symbols = 0;
  for (let i = 0; i < n;) {
    const jump = Math.max(runLength(chars, i), repeatLength(chars, i));
    symbols++;
    i += jump >= 3 ? jump : 1;
  }
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/];
  const sizes = [26, 26, 10, 33];
  const alphabet = classes.reduce((sum, re, k) => (re.test(secret) ? sum + sizes[k]! : sum), 0);
  const counts = new Map<number, number>();
  for (const c of chars) counts.set(c, (counts.get(c) ?? 0) + 1);
  let shannon = 0;
  for (const k of counts.values()) shannon -= (k / n) * Math.log2(k / n);
  return Math.min(symbols * Math.log2(Math.max(alphabet, 2)), n * shannon);
}

/** Length of the run starting at i whose characters step by -1, 0 or +1 (`aaa`, `abc`, `321`). */
function runLength(chars: number[], i: number): number {
  if (i + 1 >= chars.length) return 1;
  const step = chars[i + 1]! - chars[i]!;
  if (Math.abs(step) > 1) return 1;
  let j = i + 1;
  while (j < chars.length && chars[j]! - chars[j - 1]! === step) j++;
  return j - i;
}

/** Length of the longest chunk starting at i that already appeared before i. */
function repeatLength(chars: number[], i: number): number {
  let best = 0;
  for (let start = 0; start < i; start++) {
    let k = 0;
    while (i + k < chars.length && start + k < i && chars[start + k] === chars[i + k]) k++;
    if (k > best) best = k;
  }
  return best;
}

/** Words that betray a placeholder or an example value (lower case, compared without separators). */
const PLACEHOLDERS = ['changeme', 'devonly', 'password', 'motdepasse', 'example', 'secret', 'default', 'placeholder', 'demosecret'];
/** Below this estimate a secret is refused in production (a 128-bit key's strength, with margin for the estimate). */
export const MIN_SECRET_BITS = 128;

/** Why this value is not acceptable as a production secret, or null when it is. */
export function weakSecretReason(secret: string): string | null {
  const flat = secret.toLowerCase().replace(/[^a-z0-9]/g, '');
  const word = PLACEHOLDERS.find((w) => flat.includes(w));
  if (word) return `looks like a placeholder (contains "${word}")`;
  if (new Set(secret).size < 10) return 'too few distinct characters';
  const bits = Math.floor(estimateEntropyBits(secret));
  if (bits < MIN_SECRET_BITS)
    return `too little entropy (about ${bits} bits, at least ${MIN_SECRET_BITS} required; e.g. openssl rand -base64 32)`;
  return null;
}
