// Types of bin/build.mjs for the TypeScript tests that import it.
/** The folders compiled to dist/: the `include` of tsconfig.build.json. */
export function buildFolders(): string[];
/** Whether a file of a compiled folder is a runtime asset (copied beside the compiled files). */
export function isRuntimeAsset(file: string): boolean;
/** Every runtime asset, as paths relative to the package root, sorted. */
export function runtimeAssets(): string[];
/** Compiles to `outDir` (default dist/) and copies the runtime assets; returns how many were copied. */
export function build(outDir?: string): number;
