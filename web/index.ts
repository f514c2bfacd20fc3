/** Server-rendered pages (French, DSFR), called by the gateway. */
export { html, raw, escapeHtml, SafeHtml } from './html.js';
export { layout } from './layout.js';
export type { PageOptions } from './layout.js';
export { renderDocsPage } from './docs-page.js';
export { renderHomePage } from './home-page.js';
