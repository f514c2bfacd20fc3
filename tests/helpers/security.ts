import request from 'supertest';
import type { Express } from 'express';

export interface ProtectedRoute {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  body?: unknown;
}

/**
 * The same 401/403 tests for every protected route (STYLE.md #14): no credentials, an unknown
 * bearer token, a malformed Authorization header, and an authenticated caller without the role.
 */
export function describeAccessControl(name: string, getApp: () => Express, routes: ProtectedRoute[], unprivileged: () => Record<string, string>): void {
  describe(`${name}: access control`, () => {
    for (const r of routes) {
      const label = `${r.method.toUpperCase()} ${r.path}`;
      test(`${label}: no credentials -> 401 client.unauthenticated`, async () => {
        const res = await request(getApp())[r.method](r.path).send(r.body as object);
        expect([res.status, res.body.code]).toEqual([401, 'client.unauthenticated']);
        expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
      });
      test(`${label}: unknown bearer token -> 401 client.invalid_token`, async () => {
        const res = await request(getApp())[r.method](r.path).set('Authorization', 'Bearer forged.token.value').send(r.body as object);
        expect([res.status, res.body.code]).toEqual([401, 'client.invalid_token']);
      });
      test(`${label}: malformed Authorization -> 401 client.invalid_token`, async () => {
        const res = await request(getApp())[r.method](r.path).set('Authorization', 'Basic Zm9vOmJhcg==').send(r.body as object);
        expect([res.status, res.body.code]).toEqual([401, 'client.invalid_token']);
      });
      test(`${label}: authenticated without the role -> 403 client.forbidden`, async () => {
        const res = await request(getApp())[r.method](r.path).set(unprivileged()).send(r.body as object);
        expect([res.status, res.body.code]).toEqual([403, 'client.forbidden']);
      });
    }
  });
}
