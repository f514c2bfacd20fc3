/** The administration space's labels and dates: the shared French tables (web/french). */
import { CONTRACT_ACTION, CONTRACT_STATUS, ROLE, formatDate, formatDateTime } from '../french/index.js';

export const STATUS_LABELS = CONTRACT_STATUS;
export const ACTION_LABELS = CONTRACT_ACTION;
export const ROLE_LABELS = ROLE;

/** `12 janv. 2027, 10:04` (Europe/Paris). */
export function frenchDateTime(iso: string): string {
  return formatDateTime(iso);
}

/** `12 janvier 2027` (Europe/Paris). */
export function frenchDate(iso: string): string {
  return formatDate(iso);
}
