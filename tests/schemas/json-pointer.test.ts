import { escapeToken, unescapeToken, toPointer, parsePointer, readAt, writeAt } from '../../schemas/index.js';

describe('JSON Pointer (RFC 6901), the one parser', () => {
  test('escaping round-trips, ~1 decoded before ~0 (§4)', () => {
    expect(escapeToken('a/b~c')).toBe('a~1b~0c');
    expect(unescapeToken('a~1b~0c')).toBe('a/b~c');
    expect(unescapeToken('~01')).toBe('~1');
    expect(toPointer(['paths', '/a/{b}', 'get'])).toBe('/paths/~1a~1{b}/get');
    expect(parsePointer(toPointer(['paths', '/a/{b}', 'get']))).toEqual(['paths', '/a/{b}', 'get']);
  });

  test('the empty pointer is the whole document; a pointer not starting with / is refused', () => {
    expect(parsePointer('')).toEqual([]);
    expect(parsePointer('/')).toEqual(['']);
    expect(() => parsePointer('a/b')).toThrow(TypeError);
  });

  test('reads and writes own members only; __proto__ stays a plain member', () => {
    const doc: Record<string, unknown> = {};
    writeAt(doc, parsePointer('/a/b'), 1);
    writeAt(doc, ['__proto__'], { polluted: true });
    expect(doc).toEqual(JSON.parse('{"a":{"b":1},"__proto__":{"polluted":true}}'));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(readAt(doc, ['a', 'b'])).toBe(1);
    expect(readAt(doc, ['toString'])).toBeUndefined();
    expect(readAt({ a: null }, ['a', 'b'])).toBeUndefined();
  });
});
