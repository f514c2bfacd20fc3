// Builds the migrated template database once per run; each test file copies it.
// Loaded natively by jest (ESM), so the TypeScript helper goes through tsx.
import { tsImport } from 'tsx/esm/api';

export default async function globalSetup() {
  const { ensureTemplate } = await tsImport('./pg.ts', import.meta.url);
  await ensureTemplate();
}
