/**
 * French for people (web/french): articles before the demo organisations' names, Paris time in
 * pages and exports, French sorting, descriptions cut at a word, labels for every code.
 */
import { DEMO_ORGANISATIONS } from '../../gateway/demo/organisations.js';
import {
  aupresDe,
  withArticle,
  formatDate,
  formatDateTime,
  formatExportDateTime,
  formatMonth,
  sortFr,
  truncateWords,
  labelOf,
  LABEL_TABLES,
  CONTRACT_STATUS,
  OUTCOME,
  ROLE,
} from '../../web/french/index.js';

describe('organisation names take their article', () => {
  test('every demo organisation', () => {
    const expected: Record<string, string> = {
      'Caisse nationale des allocations familiales': 'auprès de la Caisse nationale des allocations familiales',
      'Centre national des œuvres universitaires et scolaires': 'auprès du Centre national des œuvres universitaires et scolaires',
      'Crous de Paris': 'auprès du Crous de Paris',
      'Direction générale des finances publiques': 'auprès de la Direction générale des finances publiques',
      'Direction interministérielle du numérique': 'auprès de la Direction interministérielle du numérique',
      'Département de la Gironde': 'auprès du Département de la Gironde',
      'France Travail': 'auprès de France Travail',
      'Institut national de la statistique et des études économiques':
        'auprès de l’Institut national de la statistique et des études économiques',
      'Ville de Lyon — Centre communal d’action sociale': 'auprès de la Ville de Lyon — Centre communal d’action sociale',
      'Ville de Villeurbanne — Centre communal d’action sociale': 'auprès de la Ville de Villeurbanne — Centre communal d’action sociale',
      'Solis Logiciels': 'auprès de Solis Logiciels',
    };
    const names = Object.values(DEMO_ORGANISATIONS as Record<string, { name: string }>).map((o) => o.name);
    expect(names.length).toBeGreaterThan(5);
    for (const name of names) expect(aupresDe(name)).toBe(expected[name]);
  });

  test('plural, elision, aspirated h and « à »', () => {
    expect(withArticle('Archives nationales')).toBe('des Archives nationales');
    expect(withArticle('Agence nationale des titres sécurisés')).toBe('de l’Agence nationale des titres sécurisés');
    expect(withArticle('Haute Autorité de santé')).toBe('de la Haute Autorité de santé');
    expect(withArticle('Ministère de l’Intérieur', 'à')).toBe('au Ministère de l’Intérieur');
    expect(withArticle('URSSAF Île-de-France')).toBe('de l’URSSAF Île-de-France');
  });
});

describe('dates and times in Paris time, fr-FR', () => {
  test('pages: a summer and a winter instant, a calendar date never shifted', () => {
    expect(formatDateTime('2026-07-01T08:05:00Z')).toBe('1 juil. 2026, 10:05');
    expect(formatDateTime('2026-12-15T08:05:00Z')).toBe('15 déc. 2026, 09:05');
    expect(formatDate('2026-12-15')).toBe('15 décembre 2026');
    expect(formatDate('2026-12-31T23:30:00Z')).toBe('1 janvier 2027');
    expect(formatMonth('2026-03')).toBe('mars 2026');
    expect(formatDate(null)).toBe('—');
  });

  test('exports: the same Paris time as the page, numeric', () => {
    expect(formatExportDateTime('2026-12-15T23:30:05Z')).toBe('16/12/2026 00:30:05');
    expect(formatExportDateTime('2026-07-01T08:05:00Z')).toBe('01/07/2026 10:05:00');
  });
});

test('French sorting puts « É… » among the E, not after Z', () => {
  expect(sortFr(['Zone', 'Échelon de bourse', 'Adresse', 'Emploi', 'établissement'], (s) => s)).toEqual([
    'Adresse',
    'Échelon de bourse',
    'Emploi',
    'établissement',
    'Zone',
  ]);
});

test('descriptions are cut at a word boundary with an ellipsis', () => {
  const text = 'Tarification sociale des cantines, des crèches et des centres de loisirs';
  const cut = truncateWords(text, 50);
  expect(cut).toBe('Tarification sociale des cantines, des crèches et…');
  expect(cut.length).toBeLessThanOrEqual(51);
  expect(truncateWords('Court', 50)).toBe('Court');
});

test('every label table is French and an unknown code is never printed', () => {
  expect(labelOf(CONTRACT_STATUS, 'suspended')).toBe('Suspendu');
  expect(labelOf(OUTCOME, 'denied')).toBe('Refusé');
  expect(labelOf(ROLE, 'controller')).toBe('responsable de traitement');
  expect(labelOf(CONTRACT_STATUS, 'frozen')).toBe('valeur inconnue');
  for (const [name, table] of Object.entries(LABEL_TABLES)) {
    for (const [code, v] of Object.entries(table as Record<string, string | { label: string }>)) {
      const label = typeof v === 'string' ? v : v.label;
      expect(`${name}.${code}: ${label}`).not.toMatch(new RegExp(`: ${code}$`));
    }
  }
});

test('the return address kept through login is a same-origin path, never another host', async () => {
  const { safeReturnPath, loginHref } = await import('../../web/index.js');
  expect(safeReturnPath('/audit?status=active')).toBe('/audit?status=active');
  for (const bad of [
    '//evil.example/x',
    '/\\evil.example',
    'https://evil.example',
    'javascript:alert(1)',
    '/a b',
    '/connexion?retour=/x',
    '/auth/agent/login',
    '',
    undefined,
    `/${'a'.repeat(2001)}`,
  ]) {
    expect(safeReturnPath(bad)).toBeNull();
  }
  expect(loginHref('/catalogue/api/x/import')).toBe('/connexion?retour=%2Fcatalogue%2Fapi%2Fx%2Fimport');
  expect(loginHref('//evil.example')).toBe('/connexion');
});
