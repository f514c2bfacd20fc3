/**
 * One attachment on its way in. Rules, in order: the media type is sniffed from the first bytes
 * (magic numbers, `file-type`), never taken from the name or the declared type; it must be
 * allowed by the procedure; the size limit of that type is enforced while streaming (the stream
 * errors at the first byte too many); a ZIP container (archive or office document) is inflated on
 * the fly and refused past its entry count, inflated size or compression ratio (zip bombs),
 * whatever its headers claim; other archive formats cannot be allowed (see procedures.ts); the
 * filename is reduced to a safe base name with the extension of the sniffed type.
 */
import { Readable } from 'node:stream';
import { fileTypeFromBuffer } from 'file-type';
import { Unzip, UnzipInflate, UnzipPassThrough } from 'fflate';
import { ProblemError } from '../schemas/index.js';
import type { AttachmentRules } from './types.js';

/** What a caller gives: the client's file name and the content as a stream. */
export interface AttachmentInput {
  filename: string;
  content: Readable;
}

export interface InspectedAttachment {
  filename: string;
  mediaType: string;
  ext: string;
  /** The content, checked as it flows: errors with a ProblemError past a limit. */
  stream: Readable;
}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
/** file-type needs at most this many bytes. */
const HEAD_BYTES = 4100;
/** Ratios are judged only once this much was inflated (small files compress well too). */
const RATIO_FLOOR = 1024 * 1024;

/** A safe base name: no directory, no control or reserved character, no leading dot, ≤ 120 chars. */
export function sanitizeFilename(name: string, ext: string, n: number): string {
  const base =
    String(name ?? '')
      .normalize('NFC')
      .split(/[/\\]/)
      .pop() ?? '';
  let clean = base
    .replace(/[\p{C}<>:"|?*]/gu, '')
    .replace(/\s+/g, ' ')
    .replace(/^[.\s]+/, '')
    .trim();
  const dot = clean.lastIndexOf('.');
  const stem = (dot > 0 ? clean.slice(0, dot) : clean).slice(0, 120 - ext.length - 1).trim();
  clean = stem || `piece-jointe-${n}`;
  return `${clean}.${ext}`;
}

interface ArchiveLimits {
  maxEntries: number;
  maxUncompressedBytes: number;
  maxRatio: number;
}

/** Inflates a zip as it streams by and throws `client.archive_rejected` past a limit. */
function createZipGuard(limits: ArchiveLimits): (chunk: Uint8Array, final: boolean) => void {
  let entries = 0;
  let inflated = 0;
  let compressed = 0;
  let failure: string | null = null;
  const unzip = new Unzip((file) => {
    entries++;
    if (entries > limits.maxEntries) {
      failure = `plus de ${limits.maxEntries} fichiers`;
      return;
    }
    file.ondata = (err, data) => {
      if (err) {
        failure = 'archive illisible';
        return;
      }
      inflated += data.length;
      if (inflated > limits.maxUncompressedBytes) {
        failure = `plus de ${limits.maxUncompressedBytes} octets une fois décompressée`;
        file.terminate();
      }
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  unzip.register(UnzipPassThrough);
  return (chunk, final) => {
    compressed += chunk.length;
    try {
      unzip.push(chunk, final);
    } catch (err) {
      failure ??= 'archive illisible';
    }
    if (!failure && inflated > RATIO_FLOOR && inflated / compressed > limits.maxRatio)
      failure = `taux de compression supérieur à ${limits.maxRatio}`;
    if (failure) throw new ProblemError('client.archive_rejected', { detail: `Archive refusée : ${failure}.` });
  };
}

/** Reads the first bytes, then hands back an iterator positioned after them. */
async function readHead(source: Readable): Promise<{ head: Buffer; rest: AsyncIterator<Buffer> }> {
  const it = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const chunks: Buffer[] = [];
  let len = 0;
  while (len < HEAD_BYTES) {
    const r = await it.next();
    if (r.done) break;
    const b = Buffer.isBuffer(r.value) ? r.value : Buffer.from(r.value);
    chunks.push(b);
    len += b.length;
  }
  return { head: Buffer.concat(chunks), rest: it };
}

/**
 * Sniffs and checks an attachment's head, then returns its content as a checked stream.
 * A refused type → `client.unsupported_media_type` (the source is destroyed, nothing read further).
 */
export async function inspectAttachment(input: AttachmentInput, rules: AttachmentRules, n: number): Promise<InspectedAttachment> {
  const { head, rest } = await readHead(input.content);
  const sniffed = head.length > 0 ? await fileTypeFromBuffer(head) : undefined;
  const rule = sniffed && rules.allowed.find((r) => r.mediaType === sniffed.mime);
  if (!sniffed || !rule) {
    await rest.return?.();
    input.content.destroy();
    const allowed = rules.allowed.map((r) => r.mediaType).join(', ');
    throw new ProblemError('client.unsupported_media_type', {
      detail: `Pièce jointe ${n} : type ${sniffed?.mime ?? 'inconnu'} non autorisé (autorisés : ${allowed}).`,
    });
  }
  const max = rule.maxBytes;
  // Every ZIP container (zip, and office documents: docx, xlsx, odt…) is inflated on the fly.
  const isZip = head.subarray(0, 4).equals(ZIP_MAGIC);
  const guard = isZip ? createZipGuard(rules.archive ?? { maxEntries: 1000, maxUncompressedBytes: max * 10, maxRatio: 100 }) : null;
  async function* checked(): AsyncGenerator<Buffer> {
    let size = 0;
    let chunk: Buffer | null = head.length > 0 ? head : null;
    try {
      while (chunk !== null) {
        size += chunk.length;
        if (size > max) throw new ProblemError('client.payload_too_large', { detail: `Pièce jointe ${n} : plus de ${max} octets.` });
        const next = await rest.next();
        guard?.(chunk, next.done === true);
        yield chunk;
        chunk = next.done ? null : Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value);
      }
    } catch (err) {
      // Stop reading the source: nothing more of it is wanted.
      await rest.return?.();
      throw err;
    }
  }
  return {
    filename: sanitizeFilename(input.filename, sniffed.ext, n),
    mediaType: sniffed.mime,
    ext: sniffed.ext,
    stream: Readable.from(checked(), { objectMode: false }),
  };
}
