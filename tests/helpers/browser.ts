import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium, headless, with the flags this machine needs (no background network). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Serious or critical accessibility violations of the page (axe-core, WCAG 2 A/AA rules), with the first offending nodes. */
export async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated in the page rather than injected as an inline <script>: the pages' CSP forbids inline scripts.
  await page.evaluate(AXE);
  const result = (await page.evaluate('axe.run(document, { runOnly: ["wcag2a", "wcag2aa"] })')) as {
    violations: { id: string; impact: string; nodes: { target: string[] }[] }[];
  };
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} ${JSON.stringify(v.nodes.slice(0, 2).map((n) => n.target))}`);
}
