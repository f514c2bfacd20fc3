import { Worker } from 'node:worker_threads';
import { ProblemError, type ProblemItem } from '../../schemas/index.js';
import type { PreparedDocument } from './prepare-document.js';

/** Longest time one document may take to parse and validate; beyond it the worker is stopped. */
export const PREPARE_TIMEOUT_MS = 60_000;

type Reply =
  | { ok: true; value: PreparedDocument }
  | { ok: false; problem: { code: 'client.invalid_openapi'; detail?: string; errors?: ProblemItem[] } | null; message: string };

/**
 * Prepares a document in a worker thread: a 2 MB specification takes about a second of CPU to
 * parse, validate and dereference, which must not stall the gateway's event loop; the worker also
 * bounds time (`PREPARE_TIMEOUT_MS`) and memory, so a pathological document cannot hang or exhaust
 * the process. (It also keeps `@apidevtools/swagger-parser`, CommonJS requiring an ESM package, out
 * of the main module graph.)
 */
export function prepareInWorker(source: string | object, opts: { timeoutMs?: number } = {}): Promise<PreparedDocument> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./prepare-worker.mjs', import.meta.url), {
      workerData: { source },
      resourceLimits: { maxOldGenerationSizeMb: 1024 },
      stdout: true,
      stderr: true,
    });
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      fn();
    };
    const timer = setTimeout(
      () =>
        finish(() =>
          reject(
            new ProblemError('client.invalid_openapi', {
              detail: 'Document trop complexe : son analyse a dépassé le temps permis.',
              errors: [{ pointer: '', detail: 'analyse trop longue' }],
            }),
          ),
        ),
      opts.timeoutMs ?? PREPARE_TIMEOUT_MS,
    );
    worker.once('message', (reply: Reply) =>
      finish(() => {
        if (reply.ok) resolve(reply.value);
        else if (reply.problem)
          reject(new ProblemError('client.invalid_openapi', { detail: reply.problem.detail, errors: reply.problem.errors }));
        else reject(new Error(`OpenAPI preparation failed: ${reply.message}`));
      }),
    );
    worker.once('error', (err) =>
      finish(() =>
        reject(
          err.name === 'ERR_WORKER_OUT_OF_MEMORY' || /memory/i.test(err.message)
            ? new ProblemError('client.invalid_openapi', {
                detail: 'Document trop volumineux une fois déployé.',
                errors: [{ pointer: '', detail: 'mémoire dépassée' }],
                cause: err,
              })
            : err,
        ),
      ),
    );
    worker.once('exit', (code) => finish(() => reject(new Error(`OpenAPI worker exited with code ${code}`))));
  });
}
