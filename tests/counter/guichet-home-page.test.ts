/**
 * The entry page's promise about access (web/guichet/home-page.ts): the median instruction time is
 * the indicators' figure, shown in French with the number of decisions, and withheld as such when
 * there are too few decisions to publish one (the open statistics' small-count rule).
 */
import { renderGuichetHome } from '../../web/index.js';

const base = {
  user: null,
  counts: { apis: 7, useCases: 3, needs: 2 },
  contact: { email: 'contact@datapedia.invalid', dpoEmail: 'dpd@datapedia.invalid' },
};

function medianLine(html: string): string {
  return html.match(/<p id="delai-median">(.*?)<\/p>/s)![1]!.replace(/<[^>]+>/g, '');
}

test('the median of the last twelve months, in days, with its number of decisions', () => {
  const page = renderGuichetHome({ ...base, medianInstructionDays: 3.5, decisions: 42 }).toString();
  expect(medianLine(page)).toBe(
    'Délai médian constaté entre le dépôt d’une demande et la décision du producteur : 3,5 jours (sur 42 décisions des douze derniers mois).',
  );
  for (const href of ['/', '/guichet/cas-usage', '/guichet/besoins', '/guichet/besoins/nouveau', '/guichet/indicateurs', '/espace'])
    expect(page).toContain(`href="${href}"`);
});

test('too few decisions: no figure, and the page says so', () => {
  const page = renderGuichetHome({ ...base, medianInstructionDays: null, decisions: null }).toString();
  expect(medianLine(page)).toContain('sera publié dès que suffisamment de demandes auront été instruites');
});
