import { isOpenApi } from '../../exchange/steps/open-access.js';

describe('an API is open only without subject and consent policy (fail closed)', () => {
  const api = { access: 'open', subjectKind: 'none', consentPolicy: 'none' } as Parameters<typeof isOpenApi>[0];
  test('declared open, no subject, no consent policy: open', () => {
    expect(isOpenApi(api)).toBe(true);
  });
  test('declared open but about people or companies: restricted', () => {
    expect(isOpenApi({ ...api, subjectKind: 'person' })).toBe(false);
    expect(isOpenApi({ ...api, subjectKind: 'company' })).toBe(false);
  });
  test('declared open with a consent or legal-basis policy: restricted', () => {
    expect(isOpenApi({ ...api, consentPolicy: 'legal_basis' })).toBe(false);
    expect(isOpenApi({ ...api, consentPolicy: 'consent_required' })).toBe(false);
  });
  test('restricted: restricted', () => {
    expect(isOpenApi({ ...api, access: 'restricted' })).toBe(false);
  });
});
