// Worker thread entry: prepares one OpenAPI document off the main event loop (see run-in-worker.ts).
// Plain ESM so it starts without a loader; it registers tsx to load the TypeScript sources.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { prepareDocument } = await import('./prepare-document.ts');
try {
  parentPort.postMessage({ ok: true, value: await prepareDocument(workerData.source) });
} catch (err) {
  // A document nested deeper than the call stack allows is the document's fault, not ours.
  const problem = err && err.code === 'client.invalid_openapi' ? { code: err.code, detail: err.detail, errors: err.errors }
    : err instanceof RangeError ? { code: 'client.invalid_openapi', detail: 'Document trop profondément imbriqué.', errors: [{ pointer: '', detail: 'imbrication trop profonde' }] }
    : null;
  parentPort.postMessage({ ok: false, problem, message: String(err && err.message) });
}
