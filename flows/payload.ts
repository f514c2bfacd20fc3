/**
 * Payloads at rest: the applicant and the form of a dossier, and each status message, sealed
 * with AES-256-GCM (schemas/key-sealer) under the `flow-payloads` key, bound to their row by
 * the additional authenticated data so a sealed value cannot be moved to another dossier.
 */
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { KeySealer, Subject } from '../schemas/index.js';

export interface DossierPayload {
  applicant: Subject;
  form: Record<string, unknown>;
}

export function sealPayload(sealer: KeySealer, dossierId: string, p: DossierPayload): string {
  return sealer.seal(`dossier:${dossierId}`, JSON.stringify(p));
}

export function openPayload(sealer: KeySealer, dossierId: string, sealed: string): DossierPayload {
  return JSON.parse(sealer.open(`dossier:${dossierId}`, sealed)) as DossierPayload;
}

export function sealMessage(sealer: KeySealer, dossierId: string, message: string): string {
  return sealer.seal(`status:${dossierId}`, message);
}

export function openMessage(sealer: KeySealer, dossierId: string, sealed: string): string {
  return sealer.open(`status:${dossierId}`, sealed);
}

/** SHA-256 (hex) of the RFC 8785 canonical JSON of a value. */
export function jsonSha256(value: unknown): { sha256: string; size: number } {
  const text = canonicalize(value) ?? 'null';
  return { sha256: createHash('sha256').update(text).digest('hex'), size: Buffer.byteLength(text) };
}
