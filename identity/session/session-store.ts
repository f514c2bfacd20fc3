import { createHash, randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { Clock } from '../../schemas/index.js';
import { deleteSessionByIdHash, findSessionByIdHash, insertSession, type SessionRow } from '../store/sessions.js';

/** 256 random bits, base64url (OWASP session management: ≥ 64 bits of entropy). */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface SessionData {
  kind: 'agent' | 'citizen';
  issuer: string;
  sub: string;
  /** The identity established at login (claims, subject reference) and the ID token for logout. */
  principal: Record<string, unknown>;
}

export interface OpenSession extends SessionData {
  csrfToken: string;
  expiresAt: Date;
}

/** Server-side sessions in PostgreSQL; the cookie holds only the random id. */
export interface SessionStore {
  /** A new session (new id: rotation on every login, OWASP session fixation). */
  create(data: SessionData): Promise<{ id: string; csrfToken: string; expiresAt: Date }>;
  find(id: string): Promise<OpenSession | null>;
  destroy(id: string): Promise<boolean>;
}

export function createSessionStore(pool: pg.Pool, clock: Clock, ttlSeconds: number): SessionStore {
  return {
    async create(data) {
      const id = randomToken();
      const csrfToken = randomToken();
      const createdAt = clock.now();
      const expiresAt = new Date(createdAt.getTime() + ttlSeconds * 1000);
      const row: SessionRow = { idHash: hashToken(id), ...data, csrfToken, createdAt, expiresAt };
      await insertSession(pool, row);
      return { id, csrfToken, expiresAt };
    },
    async find(id) {
      const row = await findSessionByIdHash(pool, hashToken(id), clock.now());
      return (
        row && {
          kind: row.kind,
          issuer: row.issuer,
          sub: row.sub,
          principal: row.principal,
          csrfToken: row.csrfToken,
          expiresAt: row.expiresAt,
        }
      );
    },
    destroy: (id) => deleteSessionByIdHash(pool, hashToken(id)),
  };
}
