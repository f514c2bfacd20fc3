/**
 * Every page renderer of web/, rendered with demo-like view models, reads as French to a person:
 * no English state, outcome, role or policy code in its text (codes are allowed only inside
 * `<code>`/`<pre>`, where they are shown as technical identifiers next to their label), no
 * `undefined`/`null`; and every page is a complete DSFR page without inline script.
 */
import { renderAllPages } from './page-models.js';
import { ACCESSIBILITY_LEVEL } from '../../web/index.js';

/** Codes of the data model that must never reach a person untranslated (case-sensitive, whole words). */
const ENGLISH_CODES = [
  'draft',
  'submitted',
  'changes_requested',
  'validated',
  'refused',
  'superseded',
  'pending',
  'active',
  'suspended',
  'revoked',
  'expired',
  'paused',
  'accepted',
  'served',
  'denied',
  'failed',
  'open',
  'closed',
  'investigating',
  'OPEN',
  'RESTRICTED',
  'restricted',
  'controller',
  'dpo',
  'applicant',
  'instructor',
  'admin',
  'auditor',
  'operator',
  'highly_sensitive',
  'sensitive',
  'legal_basis',
  'consent_required',
  'published',
  'deprecated',
  'retired',
  'person',
  'company',
  'client_secret_basic',
  'private_key_jwt',
  'citizen_report',
  'denial_burst',
  'degraded',
  'half_open',
  'exchange',
  'undefined',
  'null',
  'NaN',
  'object Object',
];
const PATTERN = new RegExp(`(?<![\\w/.@-])(${ENGLISH_CODES.join('|')})(?![\\w/@-])`, 'g');

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

/** What a person reads or hears: text, and the accessible attributes; without code samples. */
function readable(page: string): string {
  const attrs = [...page.matchAll(/\s(?:aria-label|title|placeholder|alt)="([^"]*)"/g)].map((m) => m[1]).join(' ');
  const text = page.replace(/<(script|style|code|pre)\b[^>]*>[\s\S]*?<\/\1>/g, ' ').replace(/<[^>]+>/g, ' ');
  return `${text} ${attrs}`.replace(/&(amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e]!).replace(/\s+/g, ' ');
}

const pages = renderAllPages();

test('the fixture renders every page renderer (36 pages)', () => {
  expect(Object.keys(pages).length).toBeGreaterThanOrEqual(36);
});

test.each(Object.keys(pages))('%s: no English code in what a person reads', (name) => {
  const leaks = [...readable(pages[name]!).matchAll(PATTERN)].map((m) => m[0]);
  expect(leaks).toEqual([]);
});

test.each(Object.keys(pages))('%s: a full DSFR page, DSFR JavaScript from the package, no inline script, favicon, footer links', (name) => {
  const page = pages[name]!;
  const scripts = [...page.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
  for (const [, attrs, body] of scripts) {
    expect(attrs).toMatch(/\ssrc="\/[^/]/);
    expect(body!.trim()).toBe('');
  }
  expect(page).toContain('<script type="module" src="/dsfr/dsfr.module.min.js"></script>');
  expect(page).toContain('<script nomodule src="/dsfr/dsfr.nomodule.min.js"></script>');
  expect(page).toContain('href="/dsfr/favicon/favicon.svg"');
  expect(page).toMatch(/aria-controls="menu-principal"[^>]*>Menu<\/button>/);
  for (const href of [
    '/accessibilite',
    '/mentions-legales',
    '/donnees-personnelles',
    '/plan-du-site',
    'https://legifrance.gouv.fr',
    'https://info.gouv.fr',
    'https://service-public.gouv.fr',
  ])
    expect(page).toContain(`href="${href}"`);
  expect(page).toContain(`Accessibilité : ${ACCESSIBILITY_LEVEL}`);
  expect(page).not.toMatch(/\son[a-z]+="/);
  expect(page).not.toMatch(/https?:\/\/[^"]*\.(js|css)"/);
});

test('signed-in pages offer « Se déconnecter » in the header tools and in the mobile menu', () => {
  const page = pages['audit-contrats']!;
  const menu = page.slice(page.indexOf('fr-header__menu-links'));
  expect(menu.indexOf('Se déconnecter')).toBeGreaterThan(-1);
  expect(menu.indexOf('Se déconnecter')).toBeLessThan(menu.indexOf('fr-nav__list'));
});

test('error pages: login link keeps the page asked for; internal detail of a 5xx never shown', () => {
  expect(pages['erreur-401']).toContain('href="/connexion?retour=%2Faudit%3Fstatus%3Dactive"');
  expect(pages['erreur-403']).toContain('Réservé aux auditeurs.');
  expect(pages['erreur-404']).toContain('Page introuvable');
  expect(pages['erreur-500']).not.toContain('pool exhausted');
  expect(pages['erreur-500']).toContain('urn:uuid:3b1f0c1e-0000-4000-8000-000000000001');
});

test('API page: request button prefilled, legal basis, traceability parameters, copyable example, producer status, chart beside its table', () => {
  const page = pages['page-api']!;
  expect(page).toContain('href="/espace?api=cnaf-quotient-familial#nouvelle"');
  expect(page).toContain('Code de la sécurité sociale, art. L. 521-1');
  for (const p of ['recipient', 'context', 'object', 'nomNaissance']) expect(page).toContain(`<code>${p}</code>`);
  expect(page).toMatch(
    /<code id="exemple-appel">[^<]*https:\/\/datapedia\.example\/exchange\/cnaf-quotient-familial\/v1\/quotient-familial\?recipient=21690123100011&amp;context=/,
  );
  expect(page).toContain('data-copy="exemple-appel"');
  expect(page).toContain('Perturbé');
  expect(page).toMatch(/<svg class="dp-chart"[^>]*role="img"/);
  expect(page).toContain('<th scope="row">octobre 2026</th><td>1 240</td>');
  expect(pages['page-api-ouverte']).not.toContain('Demander l’accès');
});

test('credentials: rotate and revoke are CSRF forms; the secret is shown once', () => {
  const page = pages['demande-erreurs']!;
  expect(page).toMatch(
    /action="\/espace\/habilitations\/[^"]+\/identifiants\/dp_abc\/renouveler"[^>]*><input type="hidden" name="_csrf" value="jeton-csrf-de-test">/,
  );
  expect(page).toMatch(
    /action="\/espace\/habilitations\/[^"]+\/identifiants\/dp_abc\/revoquer"><input type="hidden" name="_csrf" value="jeton-csrf-de-test">/,
  );
  expect(page).not.toContain('identifiants/dp_def/revoquer');
  expect(pages['secret-affiche']).toContain(
    '<code id="client-secret" class="dp-secret">Zt3x-secret-0123456789abcdefghijklmnopqrstuv</code>',
  );
  expect(pages['secret-consomme']).not.toContain('client-secret"');
  expect(pages['secret-consomme']).toContain('Secret déjà affiché');
});
