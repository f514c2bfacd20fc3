/** Accessibility statement, legal notice, personal data and cookies, site map. */
export { renderAccessibilityPage, renderLegalNoticePage, renderPersonalDataPage, renderSiteMapPage, DEMO_LEGAL_INFO } from './pages.js';
export type { LegalInfo } from './pages.js';
