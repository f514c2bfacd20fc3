/** French company identifiers: SIREN (9 digits) and SIRET (14 digits), both Luhn-checked. */

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** True for 9 digits passing the Luhn check. */
export function isValidSiren(value: string): boolean {
  return /^\d{9}$/.test(value) && luhnValid(value);
}

/**
 * True for 14 digits passing the Luhn check. La Poste's establishments (SIREN 356000000)
 * use a different rule (digit sum multiple of 5), accepted as INSEE does.
 */
export function isValidSiret(value: string): boolean {
  if (!/^\d{14}$/.test(value)) return false;
  if (value.startsWith('356000000')) {
    let sum = 0;
    for (const c of value) sum += c.charCodeAt(0) - 48;
    return sum % 5 === 0;
  }
  return luhnValid(value) && isValidSiren(value.slice(0, 9));
}

/** The SIREN of a SIRET (its first nine digits). */
export function sirenOf(siret: string): string {
  return siret.slice(0, 9);
}

/** Completes 8 or 13 digits with the Luhn check digit (demo data generation). */
export function withLuhnDigit(prefix: string): string {
  for (let d = 0; d <= 9; d++) {
    if (luhnValid(prefix + d)) return prefix + d;
  }
  throw new TypeError('unreachable');
}
