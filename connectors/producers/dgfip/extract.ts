import type { DemoWorldPerson } from '../../demo-world/people.js';
import { compactDate } from '../../text.js';

/**
 * Writes the DGFiP nightly extract as the mainframe would: 120-byte records in Latin-1, a
 * record type on two characters ('01' detail, '99' trailer holding the detail count),
 * zoned numbers (the RFR carries its sign overpunched on the last digit, '{' = +0,
 * 'A'..'I' = +1..+9, as COBOL PIC S9(9) DISPLAY does). Layout: `connector.json`.
 */
const RECORD_LENGTH = 120;
const POSITIVE_OVERPUNCH = '{ABCDEFGHI';

function alpha(value: string, length: number): string {
  return value.slice(0, length).padEnd(length, ' ');
}

function zoned(value: number, length: number): string {
  return String(Math.trunc(value)).padStart(length, '0').slice(-length);
}

function signedZoned(value: number, length: number): string {
  const digits = zoned(Math.abs(value), length);
  return digits.slice(0, -1) + POSITIVE_OVERPUNCH[Number(digits.slice(-1))]!;
}

/** One detail record (type 01). */
export function taxRecord(p: DemoWorldPerson): string {
  const t = p.tax!;
  const line =
    '01' +
    alpha(t.numeroFiscal, 13) +
    alpha(p.pivot.family_name, 30) +
    alpha(p.pivot.given_name.toUpperCase(), 30) +
    compactDate(p.pivot.birthdate) +
    (p.pivot.gender === 'male' ? 'M' : 'F') +
    zoned(t.anneeRevenus, 4) +
    signedZoned(t.revenuFiscalReference, 9) +
    zoned(Math.round(t.nombreParts * 100), 4) +
    t.situationFamiliale;
  return line.padEnd(RECORD_LENGTH, ' ');
}

/** The trailer record (type 99) with the count of detail records. */
export function trailerRecord(count: number): string {
  return `99${zoned(count, 9)}`.padEnd(RECORD_LENGTH, ' ');
}

/** The whole extract, Latin-1 encoded, one record per line (LF). */
export function buildTaxExtract(people: DemoWorldPerson[]): Buffer {
  const details = people.filter((p) => p.tax).map(taxRecord);
  return Buffer.from([...details, trailerRecord(details.length)].join('\n') + '\n', 'latin1');
}
