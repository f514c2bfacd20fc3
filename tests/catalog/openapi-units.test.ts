import { classifySchemaErrors } from '../../catalog/openapi/classify-errors.js';
import { listSchemaFields } from '../../catalog/openapi/fields.js';
import { diffSnapshots } from '../../catalog/diff.js';
import { compilePathTemplate } from '../../catalog/index.js';

describe('schema deviations: tolerated inside JSON Schemas, fatal elsewhere', () => {
  test('a non-standard type inside a response schema is a warning; its oneOf restatements vanish', () => {
    const at = '/paths/~1a/get/responses/200/content/application~1json/schema/properties/d';
    const r = classifySchemaErrors([
      { instancePath: `${at}/type`, keyword: 'enum', params: { allowedValues: ['string'] } },
      { instancePath: at, keyword: 'required', params: { missingProperty: '$ref' } },
      { instancePath: at, keyword: 'oneOf' },
      { instancePath: '/paths/~1a/get/responses/200', keyword: 'oneOf' },
    ]);
    expect(r.fatal).toEqual([]);
    expect(r.tolerated).toEqual([{ pointer: `${at}/type`, detail: expect.stringContaining('valeur non autorisée') }]);
  });

  test('a misspelt operation member is fatal', () => {
    const r = classifySchemaErrors([
      { instancePath: '/paths/~1a/get', keyword: 'additionalProperties', params: { additionalProperty: 'reponses' } },
    ]);
    expect(r.fatal).toEqual([{ pointer: '/paths/~1a/get', detail: 'membre inconnu « reponses »' }]);
  });
});

describe('fields of a schema', () => {
  test('allOf/oneOf union, maps and arrays as *, escaped names', () => {
    const fields = listSchemaFields({
      allOf: [
        { properties: { a: { type: 'string' } } },
        { properties: { 'b/c': { type: 'object', additionalProperties: { properties: { x: {} } } } } },
      ],
      oneOf: [{ properties: { list: { type: 'array', items: { properties: { y: {} } } } } }],
    });
    expect(fields.sort()).toEqual(['/a', '/b~1c', '/b~1c/*', '/b~1c/*/x', '/list', '/list/*', '/list/*/y'].sort());
  });

  test('a self-referencing object terminates', () => {
    const node: Record<string, unknown> = { type: 'object', properties: {} };
    (node.properties as Record<string, unknown>).self = node;
    expect(listSchemaFields(node)).toEqual(['/self']);
  });
});

test('diff: an endpoint is identified by method and path; renamed operationId is a change', () => {
  const e = (operationId: string, fields: string[]) => ({
    operationId,
    method: 'get',
    pathTemplate: '/a',
    fields,
    parametersHash: 'p',
    requestBodyHash: 'b',
  });
  const d = diffSnapshots({ endpoints: [e('lire', ['/x'])] }, { endpoints: [e('lireA', ['/x', '/y'])] });
  expect(d.endpointsChanged).toEqual([
    {
      operationId: 'lireA',
      method: 'get',
      pathTemplate: '/a',
      fieldsAdded: ['/y'],
      fieldsRemoved: [],
      parametersChanged: false,
      requestBodyChanged: false,
    },
  ]);
});

test('path templates: one parameter matches one non-empty segment; regex characters are literal', () => {
  const { regex, names } = compilePathTemplate('/v1.0/a+b/{id}/x');
  expect(names).toEqual(['id']);
  expect(regex.test('/v1.0/a+b/42/x')).toBe(true);
  expect(regex.test('/v1x0/a+b/42/x')).toBe(false);
  expect(regex.test('/v1.0/a+b//x')).toBe(false);
  expect(regex.test('/v1.0/a+b/4/2/x')).toBe(false);
});
