import { createConnector, listDemoProducers, mapDocument, validateConnectorConfig, type Mapping } from '../../connectors/index.js';
import { renderTemplate } from '../../connectors/template.js';

/** A loosely typed copy of a demo configuration, to be made invalid on purpose. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- deliberately malformed documents
type Loose = Record<string, any>;
const rest = () => structuredClone(listDemoProducers().find((p) => p.key === 'cnaf')!.connector) as Loose;

function errorsOf(config: unknown): { pointer: string; detail: string }[] {
  try {
    validateConnectorConfig(config);
  } catch (err) {
    expect(err).toMatchObject({ code: 'client.validation_failed' });
    return (err as { errors: { pointer: string; detail: string }[] }).errors;
  }
  throw new Error('configuration accepted');
}

describe('a bad connector configuration is refused at load, with precise pointers', () => {
  test('unknown kind, missing members, unknown members', () => {
    expect(errorsOf({ kind: 'ftp' })).toContainEqual(expect.objectContaining({ pointer: '/kind' }));
    const noBase = rest();
    delete noBase.baseUrl;
    expect(errorsOf(noBase)).toEqual([expect.objectContaining({ pointer: '/baseUrl' })]);
    expect(errorsOf({ ...rest(), retries: 3 })).toEqual([{ pointer: '/retries', detail: 'champ inconnu' }]);
  });

  test('a mapping rule with an unknown conversion points at it', () => {
    const c = rest();
    c.mappings.quotientFamilial.fields[2].convert = 'roman_numerals';
    expect(errorsOf(c)).toContainEqual(expect.objectContaining({ pointer: '/mappings/quotientFamilial/fields/2/convert' }));
  });

  test('unknown mapping, unknown code table, unknown template filter, conflicting targets', () => {
    const c = rest();
    c.operations.getQuotientFamilial.mapping = 'absent';
    c.mappings.quotientFamilial.fields[4].codeTable = 'nulle_part';
    c.operations.getQuotientFamilial.query.nom = '{nomNaissance|rot13}';
    c.mappings.quotientFamilial.fields.push({ to: '/quotient_familial', from: '/QF' });
    expect(
      errorsOf(c)
        .map((e) => e.pointer)
        .sort(),
    ).toEqual([
      '/mappings/quotientFamilial/fields/4/codeTable',
      '/mappings/quotientFamilial/fields/7/to',
      '/operations/getQuotientFamilial/mapping',
      '/operations/getQuotientFamilial/query/nom',
    ]);
  });

  test('SQL: parameter count must match the query; only SELECT/WITH; flat file: key fields must exist', () => {
    const sql = structuredClone(listDemoProducers().find((p) => p.key === 'insee')!.connector) as Loose;
    sql.operations.getUniteLegale.params.push('{extra}');
    expect(errorsOf(sql)).toEqual([expect.objectContaining({ pointer: '/operations/getUniteLegale/params' })]);
    sql.operations.getUniteLegale.query = 'DELETE FROM x';
    expect(errorsOf(sql)).toContainEqual(expect.objectContaining({ pointer: '/operations/getUniteLegale/query' }));
    const flat = structuredClone(listDemoProducers().find((p) => p.key === 'dgfip')!.connector) as Loose;
    flat.key = ['NOM', 'INEXISTANT', 'DATNAIS', 'SEXE'];
    flat.fixed.fields[0].length = 200;
    expect(errorsOf(flat).map((e) => e.pointer)).toEqual(['/key/1', '/fixed/fields/0']);
  });

  test('createConnector refuses before building anything (gateway.misconfigured at start)', async () => {
    await expect(createConnector({ kind: 'rest' }, { invalidCode: 'gateway.misconfigured' })).rejects.toMatchObject({
      code: 'gateway.misconfigured',
    });
  });
});

describe('declarative mapping', () => {
  const mapping: Mapping = {
    fields: [
      { to: '/identite/nom', from: '/NOM', convert: 'trim' },
      { to: '/identite/prenoms', from: '/PRENOMS', convert: 'split_words' },
      { to: '/identite/date_naissance', from: '/DATNAIS', convert: 'date_aaaammjj' },
      { to: '/sexe', from: '/SEXE', codeTable: 'sexe' },
      { to: '/actif', from: '/ACTIF', convert: 'boolean' },
      { to: '/montant', from: '/MONTANT', convert: 'decimal' },
      { to: '/fin', from: '/DATFIN', convert: 'date_jjmmaaaa', missing: 'null' },
      { to: '/option', from: '/OPTION', missing: 'omit' },
      { to: '/source', const: 'démo' },
      { to: '/enfants', from: '/ENF', items: [{ to: '/prenom', from: '/P' }] },
    ],
    codeTables: { sexe: { 1: 'M', 2: 'F' } },
  };
  const legacy = {
    NOM: ' DURAND ',
    PRENOMS: 'JEAN  PIERRE',
    DATNAIS: '19800229',
    SEXE: '1',
    ACTIF: 'O',
    MONTANT: '12,50',
    DATFIN: '   ',
    ENF: [{ P: 'LOU' }],
    INTERNE: 'jamais publié',
  };

  test('rename, nest, convert, code tables, constants, lists; fields not named are dropped', () => {
    expect(mapDocument(mapping, legacy)).toEqual({
      identite: { nom: 'DURAND', prenoms: ['JEAN', 'PIERRE'], date_naissance: '1980-02-29' },
      sexe: 'M',
      actif: true,
      montant: 12.5,
      fin: null,
      source: 'démo',
      enfants: [{ prenom: 'LOU' }],
    });
  });

  test.each([
    ['an impossible date', { DATNAIS: '19810229' }],
    ['a code missing from the table', { SEXE: '9' }],
    ['a missing required value', { NOM: undefined }],
    ['a list that is not one', { ENF: 'x' }],
    ['an unreadable boolean', { ACTIF: 'peut-être' }],
  ])('%s -> provider.invalid_response', (_name, patch) => {
    expect(() => mapDocument(mapping, { ...legacy, ...patch })).toThrow(expect.objectContaining({ code: 'provider.invalid_response' }));
  });

  test('a source key named like a prototype member is not read through the prototype', () => {
    expect(() => mapDocument({ fields: [{ to: '/x', from: '/constructor' }] }, {})).toThrow(
      expect.objectContaining({ code: 'provider.invalid_response' }),
    );
  });
});

describe('parameter templates', () => {
  test('filters, arrays, padding; path values are encoded, never the template', () => {
    const params = { nom: 'Lefèvre d’Ornano', 'prenoms[]': ['Jean', 'Éric'], mois: 3, code: 'a/b' };
    expect(renderTemplate('{nom|canon}', params)).toBe("LEFEVRE D'ORNANO");
    expect(renderTemplate('{prenoms[]|canon}', params)).toBe('JEAN ERIC');
    expect(renderTemplate('{prenoms[]|first|upper}', params)).toBe('JEAN');
    expect(renderTemplate('1990{mois|pad2}', params)).toBe('199003');
    expect(renderTemplate('/x/{code}', params, encodeURIComponent)).toBe('/x/a%2Fb');
    expect(renderTemplate('{absent}', params)).toBe('');
  });
});

describe('the in-memory connector keeps the port’s contract', () => {
  test('answers, not found, provider problems, deadline, unknown operation', async () => {
    const { createMemoryConnector } = await import('../../connectors/index.js');
    const { ProblemError } = await import('../../schemas/index.js');
    const c = createMemoryConnector({
      get: (p) => (p.id === '1' ? { ok: true } : p.id === 'x' ? new ProblemError('provider.unavailable') : undefined),
    });
    const ctx = { correlationId: 'c', recipient: '21690123100011', deadline: Date.now() + 1000 };
    const req = (id: string, operationId = 'get') => ({ endpoint: { operationId, method: 'GET', pathTemplate: '/' }, params: { id } });
    await expect(c.fetch(req('1'), ctx)).resolves.toEqual({ status: 200, body: { ok: true } });
    await expect(c.fetch(req('2'), ctx)).rejects.toMatchObject({ code: 'provider.not_found' });
    await expect(c.fetch(req('x'), ctx)).rejects.toMatchObject({ code: 'provider.unavailable' });
    await expect(c.fetch(req('1'), { ...ctx, deadline: Date.now() - 1 })).rejects.toMatchObject({ code: 'provider.timeout' });
    await expect(c.fetch(req('1', 'other'), ctx)).rejects.toMatchObject({ code: 'gateway.misconfigured' });
    expect(c.calls).toHaveLength(4); // the expired-deadline call never reached it
  });
});
