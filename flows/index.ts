/**
 * The flows domain: procedures (démarches), subscriptions of instructing administrations by
 * territory, deposit of dossiers routed to the competent one, pull and push delivery, statuses
 * back to the front office and the person, retention, and the `BlobStore` port with its folder
 * and S3 adapters. No HTTP here: the gateway calls these functions.
 */
export { declareProcedure, getProcedure, listProcedures, retireProcedure } from './procedures.js';
export { requestSubscription, decideSubscription, listSubscriptions, listMySubscriptions, checkWebhookUrl } from './subscriptions.js';
export { resolveCommune, checkTerritory } from './territory.js';
export type { ResolvedCommune } from './territory.js';
export { routeDossier } from './routing.js';
export type { Route } from './routing.js';
export { validateForm, MAX_FORM_BYTES } from './form.js';
export { inspectAttachment, sanitizeFilename } from './attachment.js';
export type { AttachmentInput, InspectedAttachment } from './attachment.js';
export { depositDossier } from './deposit.js';
export type { DepositInput, Depositor, DepositResult } from './deposit.js';
export { listInbox, fetchDossier, openAttachment, ackDossier, parseRange, DEFAULT_VISIBILITY_TIMEOUT_MS } from './delivery.js';
export type { InboxPage, AttachmentDownload } from './delivery.js';
export { postStatus, listStatusesForFrontOffice, listMyDossiers } from './statuses.js';
export type { StatusPage, MyDossier } from './statuses.js';
export { deliverDueWebhooks, listDeadLetters, requeueDeadLetter, backoffMs } from './webhooks.js';
export { registerFrontOfficeWebhook, deliverDueStatusPushes } from './status-pushes.js';
export type { SignDetached, WebhookSend, WebhookOptions, WebhookRunReport, DeadLetter } from './webhooks.js';
export { relayPersonNotifications } from './notifications.js';
export type { PersonNotification } from './notifications.js';
export { purgeExpiredDossiers } from './retention.js';
export type { PurgeReport } from './retention.js';
export { sweepOrphanBlobs, DEFAULT_SWEEP_GRACE_MS } from './sweep.js';
export type { SweepReport } from './sweep.js';
export { listDeliveryLag } from './operator.js';
export type { SubscriberLag } from './operator.js';
export { seedFlowsDemo, demoProcedures } from './demo.js';
export type { FlowsDemoOrganisations, DemoOrganisation } from './demo.js';
export { createFolderBlobStore } from './blob-folder.js';
export { createS3BlobStore } from './blob-s3.js';
export type { S3BlobStoreOptions } from './blob-s3.js';
export { BLOB_KEY } from './blob-store.js';
export type { BlobStore, StagedBlob, BlobInfo, ByteRange } from './blob-store.js';
export { ROUTING_LEVELS, DOSSIER_STATUSES } from './types.js';
export type {
  AttachmentMeta,
  AttachmentRule,
  AttachmentRules,
  DeliveryMode,
  Dossier,
  DossierStatus,
  DossierSummary,
  FlowActor,
  FlowsContext,
  FlowsLedger,
  Procedure,
  ProcedureInput,
  RoutingLevel,
  StatusEntry,
  Subscription,
  SubscriptionInput,
  SubscriptionStatus,
  Territory,
} from './types.js';
