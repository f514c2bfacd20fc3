/**
 * The ledger domain: the append-only, hash-chained log of exchanges (docs/architecture.md, invariants 1, 4,
 * 5): group-commit writer, signed checkpoints, verifier, evidence bundles, trail queries and the
 * optional Kafka relay.
 */
export { createLedgerWriter } from './writer.js';
export type { LedgerWriter, LedgerWriterOptions, LedgerWriterStats, BatchListener } from './writer.js';
export { EVENT_TYPES } from './event.js';
export type { LedgerEventInput, LedgerEventType, LedgerOutcome, LedgerActor, LedgerRecord, CommittedEvent } from './event.js';
export { GENESIS_HASH, hashRecord } from './hash.js';
export { loadLedgerSigner, listLedgerKeys } from './keys.js';
export type { CheckpointSigner, LedgerPublicKey } from './keys.js';
export { createCheckpoint, scheduleCheckpoints } from './checkpoint.js';
export type { Checkpoint, CheckpointPayload, ChainHead, CheckpointScheduler, OwnChainState } from './checkpoint.js';
export { MerkleFrontier, leafHash, nodeHash } from './merkle.js';
export { verifyInclusion, verifyConsistency } from './merkle-verify.js';
export { inclusionProof, consistencyProof } from './tree.js';
export { parsePinnedKeys, resolveTrust, rotateLedgerKey } from './trust.js';
export type { LedgerTrust, KeyRotationPayload } from './trust.js';
export { verifyLedger } from './verify.js';
export type { VerifyOptions, VerifyReport, ChainReport } from './verify.js';
export type { WitnessStatus } from './verify-witnesses.js';
export { createWitness, startWitnessServer } from './witness/server.js';
export type { Witness, WitnessOptions, WitnessState } from './witness/server.js';
export { createWitnessClient } from './witness/client.js';
export type { WitnessClient, WitnessSubmitResult } from './witness/client.js';
export { parseWitnesses, verifyCosignature } from './witness/cosignature.js';
export type { WitnessConfig, CosignaturePayload } from './witness/cosignature.js';
export type { LedgerBreak, LedgerBreakKind } from './breaks.js';
export { buildEvidence, verifyEvidence } from './evidence.js';
export { buildProof } from './proof.js';
export type { ProofBundle } from './proof.js';
export { verifyProof } from './verify-proof.js';
export { bundleProofVerifier } from './bundle-verifier.js';
export { loadPinnedKeys } from './pinned-keys.js';
export { createRetentionJob } from './retention/schedule.js';
export type { RetentionJob } from './retention/schedule.js';
export { runRetention, listArchivedPeriods, SEGMENT_ALIGN } from './retention/job.js';
export type { RetentionOptions, RetentionResult } from './retention/job.js';
export { retentionFromDays, resolveRetention } from './retention/policy.js';
export type { RetentionPeriod, RetentionOverride } from './retention/policy.js';
export { sealSegment } from './retention/package.js';
export type { ArchiveProof, SealedPackage } from './retention/package.js';
export { verifyArchive } from './retention/verify-archive.js';
export type { ArchiveReport } from './retention/verify-archive.js';
export type { ProofResult } from './verify-proof.js';
export type { EvidenceBundle, EvidenceResult } from './evidence.js';
export { listExchanges, findEventById, recentOutcomesByProducer, countEvents, listOrganisationMembershipEvents } from './queries.js';
export type { ExchangeParty, ExchangePage, ProducerOutcome } from './queries.js';
export { createKafkaRelay, createKafkaClient } from './relay.js';
export type { KafkaRelay, KafkaRelayOptions, KafkaLike, KafkaProducerLike } from './relay.js';
export { toCloudEvent, CLOUDEVENTS_JSON } from './cloudevent.js';
export type { LedgerCloudEvent } from './cloudevent.js';
export { openLedger, defaultChainId } from './open.js';
export type { Ledger, OpenLedgerOptions } from './open.js';
