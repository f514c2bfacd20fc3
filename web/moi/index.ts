export { renderMoiPage, renderMoiLogin, renderMoiForbidden } from './page.js';
export type { MoiConsent, MoiExchange, MoiFilters, MoiModel, MoiRequest } from './types.js';
