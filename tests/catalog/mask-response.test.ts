import fc from 'fast-check';
import { maskResponse, fieldsDelivered, fieldCovers } from '../../catalog/index.js';

const doc = {
  data: {
    quotient_familial: { valeur: 820, annee: 2026 },
    enfants: [
      { nom: 'DUPONT', prenom: 'Léa', date_naissance: '2015-02-01' },
      { nom: 'DUPONT', prenom: 'Max' },
    ],
    adresse: { ligne: '1 rue X', code_postal: '69001' },
  },
  meta: { source: 'CNAF' },
};

describe('maskResponse keeps only granted fields (allowlist)', () => {
  test('a pointer grants its subtree; siblings are dropped', () => {
    expect(maskResponse(doc, [{ pointers: ['/data/quotient_familial'] }])).toEqual({
      data: { quotient_familial: { valeur: 820, annee: 2026 } },
    });
  });

  test('`*` addresses every array item', () => {
    expect(maskResponse(doc, [{ pointers: ['/data/enfants/*/prenom'] }])).toEqual({
      data: { enfants: [{ prenom: 'Léa' }, { prenom: 'Max' }] },
    });
  });

  test('several scopes add up', () => {
    const out = maskResponse(doc, [{ pointers: ['/data/adresse/code_postal'] }, { pointers: ['/meta'] }]);
    expect(out).toEqual({ data: { adresse: { code_postal: '69001' } }, meta: { source: 'CNAF' } });
  });

  test('no grant: an empty object', () => {
    expect(maskResponse(doc, [])).toEqual({});
  });

  test('a scalar where sub-fields were expected is dropped', () => {
    expect(maskResponse({ data: 'secret' }, [{ pointers: ['/data/x'] }])).toEqual({});
  });

  test('"__proto__" members stay data and never change the prototype', () => {
    const body = JSON.parse('{"__proto__": {"admin": true}, "a": 1}');
    const out = maskResponse(body, [{ pointers: ['/__proto__'] }]) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(out, '__proto__')).toBe(true);
    expect((out as { admin?: unknown }).admin).toBeUndefined();
  });

  test('escaped pointers (RFC 6901): ~1 is "/", ~0 is "~"', () => {
    expect(maskResponse({ 'a/b': 1, 'c~d': 2, e: 3 }, [{ pointers: ['/a~1b', '/c~0d'] }])).toEqual({ 'a/b': 1, 'c~d': 2 });
  });

  test('fieldsDelivered lists leaves with array items as *', () => {
    expect(fieldsDelivered(maskResponse(doc, [{ pointers: ['/data/enfants'] }])).sort()).toEqual([
      '/data/enfants/*/date_naissance',
      '/data/enfants/*/nom',
      '/data/enfants/*/prenom',
    ]);
  });
});

// --- property: no non-granted field ever passes ---------------------------------------------

const KEYS = ['a', 'b', 'c', 'nom', 'data', '*', '__proto__', 'x/y', '~'];
const key = fc.constantFrom(...KEYS);
const leaf = fc.oneof(fc.integer(), fc.string({ maxLength: 4 }), fc.boolean(), fc.constant(null));
const { tree } = fc.letrec((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('tree'), { maxLength: 3 }),
    fc.dictionary(key, tie('tree'), { maxKeys: 4 }),
  ),
}));
const segment = fc.oneof(key, fc.constant('*'), fc.constantFrom('0', '1'));
const pointer = fc
  .array(segment, { minLength: 1, maxLength: 4 })
  .map((segs) => segs.map((s) => `/${s.replace(/~/g, '~0').replace(/\//g, '~1')}`).join(''));
const grants = fc.array(fc.record({ pointers: fc.array(pointer, { maxLength: 4 }) }), { maxLength: 3 });

/** Leaf paths of a value with concrete array indices, as token lists. */
function leafPaths(v: unknown, at: string[] = []): { path: string[]; value: unknown }[] {
  if (Array.isArray(v)) return v.length ? v.flatMap((item, i) => leafPaths(item, [...at, String(i)])) : [{ path: at, value: v }];
  if (v && typeof v === 'object') {
    const keys = Object.keys(v);
    return keys.length ? keys.flatMap((k) => leafPaths((v as Record<string, unknown>)[k], [...at, k])) : [{ path: at, value: v }];
  }
  return [{ path: at, value: v }];
}

/** Token-wise coverage where array indices of the output match `*` (the only array addressing). */
function covered(path: string[], inputKinds: ('array' | 'object')[], gs: { pointers: string[] }[]): boolean {
  return gs.some((g) =>
    g.pointers.some((p) => {
      const tokens = p
        .slice(1)
        .split('/')
        .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
      if (tokens.length > path.length) return false;
      return tokens.every((t, i) => t === '*' || (inputKinds[i] === 'object' && t === path[i]));
    }),
  );
}

function kindsAlong(root: unknown, path: string[]): ('array' | 'object')[] {
  const kinds: ('array' | 'object')[] = [];
  let node: unknown = root;
  for (const t of path) {
    kinds.push(Array.isArray(node) ? 'array' : 'object');
    node = (node as Record<string, unknown>)?.[t];
  }
  return kinds;
}

test('property: every scalar that passes is covered by a grant (10,000 random documents and grants)', () => {
  fc.assert(
    fc.property(tree, grants, (body, gs) => {
      const out = maskResponse(body, gs);
      for (const { path, value } of leafPaths(out)) {
        if (path.length === 0) continue; // the root container itself
        const isEmptyContainer = typeof value === 'object' && value !== null;
        if (isEmptyContainer) continue; // structure on the way to a granted field, carries no value
        if (!covered(path, kindsAlong(out, path), gs)) return false;
      }
      return true;
    }),
    { numRuns: 10_000 },
  );
});

test('property: granting every top-level member returns the document unchanged', () => {
  fc.assert(
    fc.property(fc.dictionary(key, tree, { maxKeys: 4 }), (body) => {
      const gs = [{ pointers: Object.keys(body).map((k) => `/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`) }];
      expect(maskResponse(body, gs)).toEqual(body);
    }),
    { numRuns: 2_000 },
  );
});

test('fieldCovers: prefix match, `*` matches any segment', () => {
  expect(fieldCovers('/data', '/data/x/y')).toBe(true);
  expect(fieldCovers('/data/*/nom', '/data/*/nom')).toBe(true);
  expect(fieldCovers('/data/*/nom', '/data/3/nom')).toBe(true);
  expect(fieldCovers('/data/a', '/data/b')).toBe(false);
  expect(fieldCovers('/data/a/b', '/data/a')).toBe(false);
});
