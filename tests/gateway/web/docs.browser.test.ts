/**
 * /docs in a real headless Chromium with the network closed: the OpenAPI reference (Swagger UI
 * from its npm package) renders /openapi.json under the pages' CSP, and the exchange operation
 * shows its parameters. GET /graphql in a browser loads nothing from a CDN.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchChromium } from '../../helpers/browser.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';

let t: TestApp;
let server: Server;
let origin: string;
let browser: Browser;

beforeAll(async () => {
  t = await startTestApp();
  server = await new Promise<Server>((resolve) => {
    const s = t.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => {
    server?.close(() => resolve());
    server?.closeAllConnections();
  });
  await t?.stop();
});

async function closedContext(outside: string[]): Promise<BrowserContext> {
  const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 } });
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(origin) || url.startsWith('data:')) return route.continue();
    outside.push(url);
    return route.abort();
  });
  return context;
}

describe('/docs', () => {
  it('serves the reference files from the package; the page links them and the init script', async () => {
    const bundle = await request(t.app).get('/docs/ui/swagger-ui-bundle.js');
    expect(bundle.status).toBe(200);
    expect(bundle.headers['content-type']).toMatch(/^text\/javascript/);
    expect((await request(t.app).get('/docs/ui/swagger-ui.css')).headers['content-type']).toMatch(/^text\/css/);
    expect((await request(t.app).get('/docs/ui/index.html')).status).toBe(404);
    expect((await request(t.app).get('/assets/api-reference.js')).status).toBe(200);
    const page = await request(t.app).get('/docs');
    expect(page.text).toContain('id="reference-api"');
    expect(page.text).toContain('src="/docs/ui/swagger-ui-bundle.js"');
    expect(page.text).toContain('src="/assets/api-reference.js"');
  });

  it('renders the exchange operation with its parameters, with the network closed and no CSP violation', async () => {
    const outside: string[] = [];
    const context = await closedContext(outside);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${origin}/docs`);
    // Tags start folded: open « échange », then its GET operation.
    const tag = page.locator('[id="operations-tag-échange"]');
    await tag.waitFor({ timeout: 20_000 });
    await tag.click();
    const op = page.locator('[id$="-exchangeGet"]');
    await op.waitFor({ timeout: 10_000 });
    await op.locator('.opblock-summary-control').click();
    const params = op.locator('.parameters-container');
    await params.waitFor({ timeout: 10_000 });
    const text = await params.textContent();
    for (const name of ['apiSlug', 'recipient', 'context', 'object']) expect(text).toContain(name);
    expect(await op.textContent()).toContain('x-access');
    expect(errors.filter((e) => /Content Security Policy|Refused/.test(e))).toEqual([]);
    expect(outside).toEqual([]);
    await context.close();
  }, 60_000);
});

describe('GET /graphql in a browser', () => {
  it('loads no landing page from a CDN', async () => {
    const res = await request(t.app).get('/graphql').set('Accept', 'text/html');
    expect(res.text).not.toMatch(/apollographql\.com|cdn\./);
    const outside: string[] = [];
    const context = await closedContext(outside);
    const page = await context.newPage();
    await page.goto(`${origin}/graphql`);
    await page.waitForLoadState('load');
    expect(outside).toEqual([]);
    await context.close();
  }, 30_000);
});
