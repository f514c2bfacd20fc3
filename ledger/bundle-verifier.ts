import { fileURLToPath } from 'node:url';

/**
 * The browser script of the proof verifier (IIFE, WebCrypto and jose only), to be served by the
 * gateway as a static asset for the /moi verifier page. Built once at start with esbuild.
 */
export async function bundleProofVerifier(): Promise<string> {
  const { build } = await import('esbuild');
  // From the sources this file is `.ts`; in the compiled build (dist/) the entry is the `.js` beside it.
  const extension = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
  const out = await build({
    entryPoints: [fileURLToPath(new URL(`./verify-proof-browser.${extension}`, import.meta.url))],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    minify: true,
    write: false,
    logLevel: 'silent',
    target: 'es2020',
  });
  return out.outputFiles[0]!.text;
}
