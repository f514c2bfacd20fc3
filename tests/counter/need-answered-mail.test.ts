/**
 * The e-mail that tells an agent their data need was answered (notify/content.ts): it links to the
 * counter's needs, names no administration and carries no data (e-mail is not a confidential channel).
 */
import { renderAgentNotification } from '../../notify/index.js';

test('need_answered: a link to /guichet/besoins, nothing of the need itself', () => {
  const m = renderAgentNotification('need_answered', 'https://datapedia.example/');
  expect(m.subject).toBe('[Datapedia] Votre besoin de données a reçu une réponse');
  expect(m.text).toContain('https://datapedia.example/guichet/besoins');
  expect(m.text).not.toMatch(/undefined|null|\/moi/);
});
