import { spawnSync } from 'node:child_process';
import request from 'supertest';
import { startTestApp, type TestApp } from '../../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
}, 60_000);
afterAll(async () => {
  await t?.stop();
});

function refsOf(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const n of node) refsOf(n, out);
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else refsOf(v, out);
    }
  }
  return out;
}

describe('/openapi.json', () => {
  it('is self-contained: every $ref points inside the document, and resolves', async () => {
    const doc = (await request(t.app).get('/openapi.json').expect(200)).body as Record<string, unknown>;
    const refs = refsOf(doc);
    expect(refs.filter((r) => !r.startsWith('#/'))).toEqual([]);
    for (const r of new Set(refs)) {
      let at: unknown = doc;
      for (const part of r
        .slice(2)
        .split('/')
        .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~')))
        at = (at as Record<string, unknown> | undefined)?.[part];
      expect([r, at === undefined]).toEqual([r, false]);
    }
    // The identity pivot and the habilitation request are components now.
    const schemas = (doc.components as { schemas: Record<string, unknown> }).schemas;
    expect(Object.keys(schemas)).toEqual(expect.arrayContaining(['identite-pivot', 'habilitation-request']));
  });

  it('validates offline with swagger-parser (no file or network resolution)', async () => {
    const doc = (await request(t.app).get('/openapi.json')).text;
    // swagger-parser is loaded by plain Node (it requires an ES module, which jest's runtime cannot).
    const script = `
      import SwaggerParser from '@apidevtools/swagger-parser';
      const chunks = [];
      for await (const c of process.stdin) chunks.push(c);
      const doc = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      const offline = { resolve: { external: false, file: false, http: false } };
      const api = await SwaggerParser.validate(structuredClone(doc), offline);
      await SwaggerParser.dereference(structuredClone(doc), offline);
      console.log(JSON.stringify({ openapi: api.openapi, paths: Object.keys(api.paths).length }));`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      input: doc,
      encoding: 'utf8',
      cwd: process.cwd(),
      timeout: 30_000,
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ openapi: '3.1.0', paths: expect.any(Number) });
  });

  it("declares who may call each operation (x-access, the access guard's declaration)", async () => {
    const doc = (await request(t.app).get('/openapi.json')).body as { paths: Record<string, Record<string, { 'x-access'?: string }>> };
    const ops = Object.values(doc.paths).flatMap((item) => Object.values(item));
    expect(ops.length).toBeGreaterThan(50);
    expect(ops.filter((o) => typeof o['x-access'] !== 'string')).toEqual([]);
    expect(doc.paths['/openapi.json']!.get!['x-access']).toBe('public');
  });
});
