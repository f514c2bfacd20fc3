/** The proof verifier page: French, scripts as files only, the archived periods told plainly. */
import { renderProofVerifierPage, PROOF_VERIFIER_SCRIPT } from '../../web/moi/proof-verifier.js';
import { renderMoiPage } from '../../web/moi/page.js';
import type { MoiModel } from '../../web/moi/types.js';

describe('renderProofVerifierPage', () => {
  test('the form, the result region, the scripts as files, no inline script', () => {
    const page = renderProofVerifierPage({ user: null, archivedPeriods: [] }).toString();
    expect(page).toContain('<h1>Vérifier la preuve d’un échange</h1>');
    expect(page).toMatch(/<label class="fr-label" for="fichier-preuve">/);
    expect(page).toMatch(/id="resultat-verification"[^>]*role="status"/);
    expect(page).toContain('<script src="/assets/preuve.js" defer></script>');
    expect(page).toContain('<script src="/assets/preuve-verification.js" defer></script>');
    expect(page.match(/<script(?![^>]*\bsrc=)[^>]*>/g)).toBeNull();
    expect(page).toContain('Aucune période n’a encore été archivée');
  });

  test('archived periods: « période archivée », French dates', () => {
    const page = renderProofVerifierPage({
      user: { name: 'Camille', logoutUrl: '/auth/logout' },
      archivedPeriods: [{ from: '2024-06-01T08:00:00.000Z', to: '2024-06-03T17:00:00.000Z' }],
    }).toString();
    expect(page).toMatch(/Du 1 juin 2024 au 3 juin 2024 : période archivée/);
    expect(page).toContain('Camille');
  });

  test('the page script never builds markup from the file (textContent only)', () => {
    expect(PROOF_VERIFIER_SCRIPT).not.toMatch(/innerHTML|insertAdjacentHTML|document\.write|eval\(/);
    expect(PROOF_VERIFIER_SCRIPT).toContain('/.well-known/ledger-keys.json');
  });
});

describe('the /moi trail', () => {
  const base: MoiModel = {
    user: { name: 'Camille', logoutUrl: '/auth/logout' },
    csrfToken: 'jeton',
    company: null,
    nextHref: null,
    filters: {},
    filterQuery: '',
    administrations: [],
    dataElements: [],
    consents: [],
    requests: [],
    notice: null,
    exchanges: [
      {
        id: '6f1c2a8e-1111-4a4a-8888-000000000001',
        occurredAt: '2026-11-23T09:00:00.000Z',
        outcome: 'served',
        outcomeLabel: 'Données transmises',
        consumer: { siret: '21690123100011', name: 'Ville de Lyon' },
        recipient: '21690123100011',
        producer: { siret: null, name: null },
        api: { slug: null, title: null },
        dataElements: [],
        context: null,
        object: null,
        legalBasis: null,
        consent: null,
        report: null,
      },
    ],
  };

  test('each exchange links to its proof download; the page links to the verifier', () => {
    const page = renderMoiPage(base).toString();
    expect(page).toContain(
      'href="/v1/me/exchanges/6f1c2a8e-1111-4a4a-8888-000000000001/proof" download="preuve-6f1c2a8e-1111-4a4a-8888-000000000001.json" data-preuve>Télécharger la preuve',
    );
    expect(page).toContain('<a href="/moi/preuve">vérifier la preuve d’un échange</a>');
    expect(page).not.toContain('Période archivée');
  });

  test('says which period has been archived', () => {
    const page = renderMoiPage({
      ...base,
      archivedPeriods: [{ from: '2024-06-01T08:00:00.000Z', to: '2024-06-03T17:00:00.000Z' }],
    }).toString();
    expect(page).toMatch(/Période archivée : du 1 juin 2024 au 3 juin 2024\./);
  });
});
