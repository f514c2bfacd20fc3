/** The proof verifier page: French, scripts as files only, the archived periods told plainly. */
import { renderProofVerifierPage, PROOF_VERIFIER_SCRIPT } from '../../web/moi/proof-verifier.js';

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
    const page = renderProofVerifierPage({ user: { name: 'Camille', logoutUrl: '/auth/logout' }, archivedPeriods: [{ from: '2024-06-01T08:00:00.000Z', to: '2024-06-03T17:00:00.000Z' }] }).toString();
    expect(page).toMatch(/Du 1 juin 2024 au 3 juin 2024 : période archivée/);
    expect(page).toContain('Camille');
  });

  test('the page script never builds markup from the file (textContent only)', () => {
    expect(PROOF_VERIFIER_SCRIPT).not.toMatch(/innerHTML|insertAdjacentHTML|document\.write|eval\(/);
    expect(PROOF_VERIFIER_SCRIPT).toContain('/.well-known/ledger-keys.json');
  });
});
