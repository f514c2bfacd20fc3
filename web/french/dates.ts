/**
 * Dates and times as people in France read them: `fr-FR`, in Europe/Paris (summer time
 * included), the same in pages and in exports. Calendar dates without a time (`YYYY-MM-DD`)
 * are shown as that day, never shifted by a time zone.
 */
const ZONE = 'Europe/Paris';
const DATE_LONG = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: ZONE });
const DATE_NUMERIC = new Intl.DateTimeFormat('fr-FR', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: ZONE });
const DATE_TIME = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'medium', timeStyle: 'short', timeZone: ZONE });
const DATE_TIME_FULL = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'full', timeStyle: 'short', timeZone: ZONE });
const EXPORT = new Intl.DateTimeFormat('fr-FR', {
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
  timeZone: ZONE,
});
const MONTH = new Intl.DateTimeFormat('fr-FR', { month: 'long', year: 'numeric', timeZone: 'UTC' });
const CALENDAR = /^\d{4}-\d{2}-\d{2}$/;

type DateInput = string | Date | null | undefined;

function toDate(v: string | Date): Date | null {
  const d = v instanceof Date ? v : new Date(CALENDAR.test(v) ? `${v}T12:00:00Z` : v);
  return Number.isNaN(d.getTime()) ? null : d;
}

function format(f: Intl.DateTimeFormat, v: DateInput): string {
  if (v === null || v === undefined || v === '') return '—';
  const d = toDate(v);
  return d ? f.format(d).replace(/\u202f/g, ' ') : '—';
}

/** « 15 décembre 2026 ». */
export function formatDate(v: DateInput): string {
  return format(DATE_LONG, v);
}

/** « 15/12/2026 ». */
export function formatDateNumeric(v: DateInput): string {
  return format(DATE_NUMERIC, v);
}

/** « 15 déc. 2026, 10:04 » (heure de Paris). */
export function formatDateTime(v: DateInput): string {
  return format(DATE_TIME, v);
}

/** « mardi 15 décembre 2026 à 10:04 » (heure de Paris). */
export function formatDateTimeLong(v: DateInput): string {
  return format(DATE_TIME_FULL, v);
}

/** « 15/12/2026 10:04:05 »: the Paris time of an instant, for CSV exports (sorts by day within a month, opens in spreadsheets). */
export function formatExportDateTime(v: DateInput): string {
  if (v === null || v === undefined || v === '') return '';
  const d = toDate(v);
  return d ? EXPORT.format(d).replace(',', '') : '';
}

/** « décembre 2026 » for a `YYYY-MM` month. */
export function formatMonth(month: string): string {
  return /^\d{4}-\d{2}$/.test(month) ? MONTH.format(new Date(`${month}-01T00:00:00Z`)) : '—';
}

/** « 1 234,5 ». */
export function formatNumber(n: number | null | undefined, digits = 0): string {
  return n === null || n === undefined ? '—' : n.toLocaleString('fr-FR', { maximumFractionDigits: digits }).replace(/\u202f/g, ' ');
}
