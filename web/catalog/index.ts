/** Catalogue pages (French, DSFR). */
export { renderCatalogHome } from './home-page.js';
export type { CatalogHomeModel } from './home-page.js';
export { renderApiPage } from './api-page.js';
export type { ApiPageModel } from './api-page.js';
export type { ProducerStatus } from './how-to-call.js';
export { renderDataElementPage, renderDictionaryPage } from './data-element-page.js';
export { renderImportPage, IMPORT_SCRIPT } from './import-page.js';
export type { ImportPageModel } from './import-page.js';
