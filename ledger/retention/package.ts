import type pg from 'pg';
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import { MerkleFrontier } from '../merkle.js';
import { bytesToB64u } from '../merkle-verify.js';
import { consistencyProof, frontierAt } from '../tree.js';
import { listRecordsBySeqRange } from '../store/events.js';
import { insertMerkleNodes } from '../store/merkle.js';
import { findCheckpointCoveringSeq } from '../store/checkpoints.js';
import { listCosignaturesByCheckpointNumber } from '../store/cosignatures.js';

/**
 * An archive package (the shape of a SEDA 2.1 ArchiveTransfer, so that an archiving service such
 * as Vitam can ingest it): `events.ndjson` (the stored records, one per line, seq order),
 * `proof.json` (where the segment starts in its chain's Merkle tree, its root, the consistency
 * proof to a signed checkpoint, the checkpoint and its co-signatures) and `manifest.xml` listing
 * both files with their SHA-256 digests and sizes. `verifyArchive` checks it offline.
 */
export interface ArchiveProof {
  format: 'datapedia.ledger.archive/1';
  chain_id: string;
  from_seq: number;
  to_seq: number;
  /** The tree before the segment: its size (from_seq - 1), frontier and last event hash. */
  start: { size: number; frontier: string; last_hash: string };
  /** Merkle root of the chain up to `to_seq` (hex). */
  root: string;
  /** Frontier at `to_seq` (the purge anchor of the next segment). */
  frontier: string;
  last_hash: string;
  consistency: { tree_size: number; path: string[] };
  checkpoint: { number: number; jws: string };
  cosignatures: { witness: string; jws: string }[];
  /** Epoch ms of the first and last event recorded. */
  period: { from: number; to: number };
}

export interface SealedPackage {
  dir: string;
  proof: ArchiveProof;
  manifestSha256: string;
  events: number;
}

const PAGE = 10_000;

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function manifest(p: ArchiveProof, files: { name: string; sha256: string; size: number; mime: string }[], now: Date): string {
  const id = `datapedia-journal-${p.chain_id}-${p.from_seq}-${p.to_seq}`;
  const objects = files
    .map(
      (f, i) => `      <BinaryDataObject id="BDO${i + 1}">
        <DataObjectVersion>BinaryMaster_${i + 1}</DataObjectVersion>
        <Uri>${xml(f.name)}</Uri>
        <MessageDigest algorithm="SHA-256">${f.sha256}</MessageDigest>
        <Size>${f.size}</Size>
        <FormatIdentification><MimeType>${f.mime}</MimeType></FormatIdentification>
      </BinaryDataObject>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<ArchiveTransfer xmlns="fr:gouv:culture:archivesdefrance:seda:v2.1">
  <Date>${now.toISOString()}</Date>
  <MessageIdentifier>${xml(id)}</MessageIdentifier>
  <ArchivalAgreement>datapedia-journal-des-echanges</ArchivalAgreement>
  <CodeListVersions>
    <ReplyCodeListVersion>ReplyCodeListVersion0</ReplyCodeListVersion>
    <MessageDigestAlgorithmCodeListVersion>MessageDigestAlgorithmCodeListVersion0</MessageDigestAlgorithmCodeListVersion>
    <MimeTypeCodeListVersion>MimeTypeCodeListVersion0</MimeTypeCodeListVersion>
    <FileFormatCodeListVersion>FileFormatCodeListVersion0</FileFormatCodeListVersion>
  </CodeListVersions>
  <DataObjectPackage>
    <DataObjectGroup id="GRP1">
${objects}
    </DataObjectGroup>
    <DescriptiveMetadata>
      <ArchiveUnit id="AU1">
        <Content>
          <DescriptionLevel>File</DescriptionLevel>
          <Title>Journal des échanges Datapedia, chaîne ${xml(p.chain_id)}, événements ${p.from_seq} à ${p.to_seq}</Title>
          <StartDate>${new Date(p.period.from).toISOString()}</StartDate>
          <EndDate>${new Date(p.period.to).toISOString()}</EndDate>
        </Content>
        <DataObjectReference><DataObjectGroupReferenceId>GRP1</DataObjectGroupReferenceId></DataObjectReference>
      </ArchiveUnit>
    </DescriptiveMetadata>
    <ManagementMetadata><OriginatingAgencyIdentifier>datapedia</OriginatingAgencyIdentifier></ManagementMetadata>
  </DataObjectPackage>
  <ArchivalAgency><Identifier>service-archives</Identifier></ArchivalAgency>
  <TransferringAgency><Identifier>datapedia</Identifier></TransferringAgency>
</ArchiveTransfer>
`;
}

/**
 * Writes the package of a chain's events `fromSeq..toSeq` under `archiveDir` (a folder per
 * segment) and stores the Merkle nodes that later proofs need once the events are purged.
 * The segment must be covered by a checkpoint.
 */
export async function sealSegment(
  pool: pg.Pool,
  o: { chainId: string; fromSeq: number; toSeq: number; archiveDir: string; now: Date; start?: { frontier: string; lastHash: string } },
): Promise<SealedPackage> {
  const cp = (await findCheckpointCoveringSeq(pool, o.chainId, o.toSeq, 1)) ?? (await findCheckpointCoveringSeq(pool, o.chainId, o.toSeq));
  if (!cp || cp.number === null) throw new Error(`segment ${o.chainId}:${o.toSeq} not covered by a checkpoint`);
  const frontier = o.start ? MerkleFrontier.decode(o.fromSeq - 1, o.start.frontier) : await frontierAt(pool, o.chainId, o.fromSeq - 1);
  const start = { size: o.fromSeq - 1, frontier: frontier.encode(), last_hash: o.start?.lastHash ?? '' };
  const dir = join(o.archiveDir, `${o.chainId}-${o.fromSeq}-${o.toSeq}`);
  await mkdir(dir, { recursive: true });
  const out = createWriteStream(join(dir, 'events.ndjson'));
  const digest = createHash('sha256');
  let size = 0;
  let count = 0;
  let lastHash = '';
  let period = { from: 0, to: 0 };
  for (let from = o.fromSeq; from <= o.toSeq; from += PAGE) {
    const page = await listRecordsBySeqRange(pool, o.chainId, from, Math.min(from + PAGE - 1, o.toSeq));
    let chunk = '';
    for (const e of page) {
      if (count === 0) {
        period = { from: e.recorded_at, to: e.recorded_at };
        if (!o.start && e.seq > 1) start.last_hash = e.prev_hash;
      }
      if (e.seq !== o.fromSeq + count) throw new Error(`segment ${o.chainId}: seq ${o.fromSeq + count} missing`);
      frontier.append(e.hash);
      lastHash = e.hash;
      period.to = Math.max(period.to, e.recorded_at);
      chunk += `${JSON.stringify(e)}\n`;
      count += 1;
    }
    digest.update(chunk);
    size += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await once(out, 'drain');
    await insertMerkleNodes(pool, o.chainId, frontier.takeNodes());
  }
  out.end();
  await once(out, 'finish');
  if (count !== o.toSeq - o.fromSeq + 1) throw new Error(`segment ${o.chainId}: ${count} events instead of ${o.toSeq - o.fromSeq + 1}`);
  if (o.fromSeq === 1) start.last_hash = '0'.repeat(64);
  const proof: ArchiveProof = {
    format: 'datapedia.ledger.archive/1',
    chain_id: o.chainId,
    from_seq: o.fromSeq,
    to_seq: o.toSeq,
    start,
    root: frontier.root().toString('hex'),
    frontier: frontier.encode(),
    last_hash: lastHash,
    consistency: {
      tree_size: cp.head_seq,
      path: (await consistencyProof(pool, o.chainId, o.toSeq, cp.head_seq)).map((b) => bytesToB64u(b)),
    },
    checkpoint: { number: cp.number, jws: cp.jws },
    cosignatures: await listCosignaturesByCheckpointNumber(pool, cp.number),
    period,
  };
  const proofText = `${JSON.stringify(proof, null, 1)}\n`;
  await writeFile(join(dir, 'proof.json'), proofText);
  const files = [
    { name: 'events.ndjson', sha256: digest.digest('hex'), size, mime: 'application/x-ndjson' },
    {
      name: 'proof.json',
      sha256: createHash('sha256').update(proofText).digest('hex'),
      size: Buffer.byteLength(proofText),
      mime: 'application/json',
    },
  ];
  const text = manifest(proof, files, o.now);
  await writeFile(join(dir, 'manifest.xml'), text);
  return { dir, proof, manifestSha256: createHash('sha256').update(text).digest('hex'), events: count };
}
