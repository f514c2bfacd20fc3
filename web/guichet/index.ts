/** Pages of the counter (`/guichet`). */
export { renderGuichetHome } from './home-page.js';
export type { GuichetHomeModel } from './home-page.js';
export { renderUseCaseList, renderUseCasePage, renderUseCaseForm } from './use-case-pages.js';
export type { UseCaseListModel, UseCasePageModel, UseCaseFormModel } from './use-case-pages.js';
export { renderNeedList, renderNeedPage, renderNeedForm } from './need-pages.js';
export type { NeedListModel, NeedPageModel, NeedFormModel } from './need-pages.js';
export { renderModerationPage } from './moderation-page.js';
export type { ModerationModel } from './moderation-page.js';
export { GUICHET_NOTICES } from './common.js';
export type { GuichetUser, GuichetError } from './common.js';
