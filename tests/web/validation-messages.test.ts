/**
 * French validation messages attached to their fields: the empty request form checked against
 * the real submission schema gives French messages by pointer, and the form renders each next to
 * its field in the DSFR error state, with a summary linking to the fields.
 */
import { compileValidator, ProblemError, type ProblemItem } from '../../schemas/index.js';
import { renderRequestFields, REQUEST_FIELDS } from '../../web/espace/request-form.js';
import { errorSummary } from '../../web/forms/index.js';

function submissionErrors(form: unknown): ProblemItem[] {
  compileValidator('habilitation-request.json');
  const validate = compileValidator('habilitation-submission.json');
  try {
    validate.assert(form);
  } catch (err) {
    if (err instanceof ProblemError) return err.errors ?? [];
    throw err;
  }
  throw new Error('expected a refusal');
}

test('the empty request form is refused in French, one message per field, no English, no repetition', () => {
  const errors = submissionErrors({});
  expect(errors).toContainEqual({ pointer: '/intitule', detail: 'champ obligatoire' });
  expect(errors).toContainEqual({ pointer: '/controller', detail: 'champ obligatoire' });
  for (const e of errors) expect(e.detail).not.toMatch(/\b(must|should|property|required)\b/);
  expect(new Set(errors.map((e) => `${e.pointer} ${e.detail}`)).size).toBe(errors.length);
});

test('wrong values get French, field-worded messages', () => {
  const errors = submissionErrors({
    intitule: 'x',
    retention_months: 'douze',
    recipients: ['123'],
    controller: { given_name: 'A', family_name: 'B', email: 'pas-un-courriel' },
  });
  const at = (p: string) => errors.find((e) => e.pointer === p)?.detail;
  expect(at('/retention_months')).toBe('doit être un nombre entier');
  expect(at('/controller/email')).toBe('adresse électronique invalide');
  expect(at('/recipients/0')).toMatch(/SIRET invalide/);
});

test('each error is shown next to its field in the DSFR error state, and summarised with links', () => {
  const errors = submissionErrors({ controller: { given_name: 'A', family_name: 'B', email: 'pas-un-courriel' } });
  const page = renderRequestFields({}, [{ name: 'declarant', label: 'Identité du déclarant' }], errors).toString();
  expect(page).toMatch(
    /<div class="fr-input-group fr-input-group--error"><label class="fr-label" for="f-intitule">Intitulé de la démarche/,
  );
  expect(page).toMatch(
    /<input class="fr-input fr-input--error" id="f-intitule" name="intitule" aria-describedby="f-intitule-erreur" aria-invalid="true"/,
  );
  expect(page).toContain('<p class="fr-error-text" id="f-intitule-erreur">champ obligatoire</p>');
  expect(page).toContain('<p class="fr-error-text" id="f-controller-email-erreur">adresse électronique invalide</p>');
  expect(page).toMatch(/<fieldset class="fr-fieldset fr-fieldset--error" id="f-dpo"/);
  // Optional fields are marked, the convention is stated once; the scope's label is apart from its code.
  expect(page).toContain('Sauf mention contraire « (facultatif) », tous les champs sont obligatoires.');
  expect(page).toContain('Lien vers le texte (facultatif)');
  expect(page).toContain('Identité du déclarant<span class="fr-hint-text">Code du périmètre : <code>declarant</code></span>');

  const summary = errorSummary('Données non conformes', errors, REQUEST_FIELDS).toString();
  expect(summary).toContain('<a href="#f-intitule">Intitulé de la démarche</a> : champ obligatoire');
  expect(summary).toContain('<a href="#f-controller-email">Responsable de traitement — courriel</a> : adresse électronique invalide');
  expect(summary).not.toContain('/intitule');
});
