// Worker thread entry: prepares one OpenAPI document off the main event loop (see run-in-worker.ts).
// Plain ESM so it starts without a loader: in the compiled build (dist/) it imports the compiled
// module beside it; from the sources it registers tsx to load the TypeScript one.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';

const compiled = new URL('./prepare-document.js', import.meta.url);
let module;
if (existsSync(fileURLToPath(compiled))) module = await import(compiled.href);
else {
  const { register } = await import('tsx/esm/api');
  register();
  module = await import('./prepare-document.ts');
}
const { prepareDocument } = module;
try {
  parentPort.postMessage({ ok: true, value: await prepareDocument(workerData.source) });
} catch (err) {
  // A document nested deeper than the call stack allows is the document's fault, not ours.
  const problem =
    err && err.code === 'client.invalid_openapi'
      ? { code: err.code, detail: err.detail, errors: err.errors }
      : err instanceof RangeError
        ? {
            code: 'client.invalid_openapi',
            detail: 'Document trop profondément imbriqué.',
            errors: [{ pointer: '', detail: 'imbrication trop profonde' }],
          }
        : null;
  parentPort.postMessage({ ok: false, problem, message: String(err && err.message) });
}
