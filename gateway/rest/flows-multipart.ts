/**
 * The deposit's multipart body (RFC 7578), streamed with busboy: the `dossier` field (JSON)
 * comes first, then the attachments, each handed over as a stream while it arrives (never
 * whole in memory). A field after a file, a second `dossier`, an unknown field or a malformed
 * body is `client.invalid_request`.
 */
import type { Request } from 'express';
import busboy from 'busboy';
import type { Readable } from 'node:stream';
import { ProblemError } from '../../schemas/index.js';

export interface MultipartDeposit {
  /** The `dossier` field, parsed. */
  dossier: unknown;
  /** The files, in order; each must be consumed (or destroyed) before the next arrives. */
  attachments: AsyncIterable<{ filename: string; content: Readable }>;
}

/** Room for the form (≤ 64 KiB once canonical) and the applicant, as JSON text. */
const MAX_FIELD_BYTES = 256 * 1024;
const MAX_FILES = 25;

function invalid(detail: string): ProblemError {
  return new ProblemError('client.invalid_request', { detail });
}

/**
 * Starts parsing; resolves once the fields are read (at the first file, or at the end of a
 * body without files). Errors after that reach the attachments' iterator.
 */
export function readMultipartDeposit(req: Request): Promise<MultipartDeposit> {
  const type = req.headers['content-type'] ?? '';
  if (!/^multipart\/form-data\s*;/i.test(type)) {
    return Promise.reject(
      new ProblemError('client.unsupported_media_type', {
        detail: 'Corps attendu en multipart/form-data (champ « dossier » puis les pièces jointes).',
      }),
    );
  }
  let bb: busboy.Busboy;
  try {
    bb = busboy({
      headers: req.headers,
      limits: { fields: 4, fieldSize: MAX_FIELD_BYTES, files: MAX_FILES, parts: MAX_FILES + 4, headerPairs: 20 },
      defParamCharset: 'utf8',
    });
  } catch {
    return Promise.reject(invalid('En-tête multipart mal formé (boundary).'));
  }
  return new Promise((resolve, reject) => {
    let dossierText: string | undefined;
    let started = false;
    let ended = false;
    let failure: ProblemError | null = null;
    const queue: { filename: string; content: Readable }[] = [];
    let wake: (() => void) | null = null;
    const notify = () => {
      const w = wake;
      wake = null;
      w?.();
    };

    function fail(e: ProblemError): void {
      if (failure) return;
      failure = e;
      for (const f of queue.splice(0)) f.content.resume();
      if (!started) reject(e);
      notify();
    }

    function start(): boolean {
      if (started) return true;
      if (dossierText === undefined) {
        fail(invalid('Champ « dossier » (JSON) manquant ou placé après les pièces jointes.'));
        return false;
      }
      let dossier: unknown;
      try {
        dossier = JSON.parse(dossierText);
      } catch {
        fail(new ProblemError('client.malformed_json', { detail: 'Le champ « dossier » n’est pas du JSON valide.' }));
        return false;
      }
      started = true;
      resolve({ dossier, attachments: iterate() });
      return true;
    }

    async function* iterate(): AsyncGenerator<{ filename: string; content: Readable }> {
      for (;;) {
        if (failure) throw failure;
        const next = queue.shift();
        if (next) {
          yield next;
          continue;
        }
        if (ended) return;
        await new Promise<void>((r) => {
          wake = r;
        });
      }
    }

    bb.on('field', (rawName, value, info) => {
      // A part whose Content-Disposition has no (parsable) name reaches here without one.
      const name = typeof rawName === 'string' ? rawName : '';
      if (started) return fail(invalid('Les champs doivent précéder les pièces jointes.'));
      if (info.valueTruncated)
        return fail(new ProblemError('client.payload_too_large', { detail: `Champ « ${name.slice(0, 40)} » trop long.` }));
      if (name !== 'dossier')
        return fail(invalid(`Champ inconnu « ${name.slice(0, 40)} » (seul « dossier » est attendu avant les pièces jointes).`));
      if (dossierText !== undefined) return fail(invalid('Champ « dossier » en double.'));
      dossierText = value;
    });
    bb.on('file', (_name, stream, info) => {
      // A body cut inside this file errors the file's stream: a refusal, never an unhandled
      // 'error' event (which would end the process), whoever holds the stream by then.
      stream.on('error', () => fail(invalid('Corps multipart mal formé ou interrompu.')));
      if (failure || !start()) {
        stream.resume();
        return;
      }
      queue.push({ filename: info.filename ?? '', content: stream });
      notify();
    });
    bb.on('filesLimit', () =>
      fail(
        new ProblemError('client.validation_failed', {
          detail: `Au plus ${MAX_FILES} pièces jointes.`,
          errors: [{ pointer: '/attachments', detail: 'trop de pièces jointes' }],
        }),
      ),
    );
    bb.on('partsLimit', () => fail(invalid('Trop de parties dans le corps multipart.')));
    bb.on('fieldsLimit', () => fail(invalid('Trop de champs.')));
    bb.on('error', () => fail(invalid('Corps multipart mal formé ou interrompu.')));
    bb.on('close', () => {
      if (start()) {
        ended = true;
        notify();
      }
    });
    req.on('aborted', () => fail(invalid('Envoi interrompu.')));
    req.pipe(bb);
  });
}
