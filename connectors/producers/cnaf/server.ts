import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { listDemoWorldPeople, type DemoWorldPerson, type HouseholdMember } from '../../demo-world/people.js';
import { compactDate } from '../../text.js';
import { legacyPersonKey } from '../person-key.js';
import { listenOnFreePort, readBody, sendJson, type RunningServer } from '../http-server.js';

/**
 * The CNAF's legacy REST API, as the demo plays it: an OAuth2 token endpoint (RFC 6749 §4.4,
 * client_secret_basic) and a quotient endpoint answering in the producer's own vocabulary
 * (upper-case names, AAAAMMJJ dates, coded sex), for the mapping to translate.
 */
export interface CnafServerOptions {
  clientId: string;
  clientSecret: string;
  host?: string;
  tokenTtlSeconds?: number;
}

function legacyMember(m: HouseholdMember): Record<string, string> {
  return {
    NOM: m.nomNaissance,
    PRENOMS: m.prenoms.join(' ').toUpperCase(),
    DATNAIS: compactDate(m.dateNaissance),
    SEXE: m.sexe === 'M' ? '1' : '2',
  };
}

function legacyAnswer(p: DemoWorldPerson): Record<string, unknown> {
  const f = p.family!;
  return {
    NUMALLOC: f.numeroAllocataire,
    QF_MONTANT: String(f.quotientFamilial),
    QF_ANNEE: f.annee,
    QF_MOIS: f.mois,
    REGIME: '01',
    ALLOCATAIRES: f.allocataires.map(legacyMember),
    ENFANTS: f.enfants.map(legacyMember),
  };
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Starts the CNAF demo server on a free port. */
export async function startCnafServer(opts: CnafServerOptions): Promise<RunningServer & { tokensIssued(): number }> {
  const index = new Map<string, DemoWorldPerson>();
  for (const p of listDemoWorldPeople()) {
    if (!p.family) continue;
    index.set(legacyPersonKey(p.pivot.family_name, p.pivot.given_name, p.pivot.birthdate, p.pivot.gender === 'male' ? 'M' : 'F'), p);
  }
  const tokens = new Map<string, number>();
  let issued = 0;
  const ttl = opts.tokenTtlSeconds ?? 300;
  const expected = `Basic ${Buffer.from(`${encodeURIComponent(opts.clientId)}:${encodeURIComponent(opts.clientSecret)}`).toString('base64')}`;

  async function issueToken(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = new URLSearchParams(await readBody(req));
    if (!sameText(req.headers.authorization ?? '', expected)) return sendJson(res, 401, { error: 'invalid_client' });
    if (form.get('grant_type') !== 'client_credentials') return sendJson(res, 400, { error: 'unsupported_grant_type' });
    const token = randomBytes(24).toString('base64url');
    tokens.set(token, Date.now() + ttl * 1000);
    issued++;
    sendJson(res, 200, { access_token: token, token_type: 'Bearer', expires_in: ttl });
  }

  function quotient(url: URL, req: IncomingMessage, res: ServerResponse): void {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!token || (tokens.get(token) ?? 0) < Date.now()) return sendJson(res, 401, { erreur: 'JETON_INVALIDE' });
    const q = url.searchParams;
    const key = legacyPersonKey(q.get('nom') ?? '', q.get('prenoms') ?? '', q.get('dateNaissance') ?? '', q.get('sexe') ?? '');
    const person = index.get(key);
    if (!person) return sendJson(res, 404, { erreur: 'ALLOCATAIRE_INCONNU', detail: `aucun allocataire pour ${key}` });
    sendJson(res, 200, legacyAnswer(person));
  }

  const running = await listenOnFreePort((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method === 'POST' && url.pathname === '/oauth/token') {
      issueToken(req, res).catch(() => sendJson(res, 400, { error: 'invalid_request' }));
    } else if (req.method === 'GET' && url.pathname === '/health') {
      sendJson(res, 200, { status: 'ok' });
    } else if (req.method === 'GET' && url.pathname === '/api/v2/allocataires/quotient') {
      quotient(url, req, res);
    } else {
      sendJson(res, 404, { erreur: 'ROUTE_INCONNUE' });
    }
  }, opts.host);
  return { ...running, tokensIssued: () => issued };
}
